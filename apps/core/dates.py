"""Dates in the platform's time zone (Europe/Paris)."""

from datetime import date, datetime, time

from django.utils import timezone


def local_midnight(day: date) -> datetime:
    """The aware datetime at which `day` starts in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
