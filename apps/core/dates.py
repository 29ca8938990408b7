"""Dates in the platform's time zone (Europe/Paris)."""

from datetime import UTC, date, datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def local_midnight(day: date) -> datetime:
    """The aware datetime at which `day` starts in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def aware_local(day: date, at: time, *, tz=None) -> datetime:
    """`day` at `at` in the platform's time zone, refusing a time the clocks skip or repeat.

    zoneinfo quietly accepts both: 02:30 on the night the clocks go forward (it does not exist)
    and 02:30 on the night they go back (it happens twice). Stored as is, the first gives a
    meeting ending before it starts, the second one an hour off. A ValidationError (code
    "nonexistent" or "ambiguous") says so in French.
    """
    tz = tz or timezone.get_current_timezone()
    naive = datetime.combine(day, at)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    when = date_format(naive, "j F Y, H:i")
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise ValidationError(
            _(
                "Le %(when)s n'existe pas : cette nuit-là, on passe à l'heure d'été et les "
                "horloges sautent de 2 h à 3 h. Choisissez une autre heure."
            )
            % {"when": when},
            code="nonexistent",
        )
    if first.utcoffset() != second.utcoffset():
        raise ValidationError(
            _(
                "Le %(when)s existe deux fois : cette nuit-là, on repasse à l'heure d'hiver et "
                "les horloges reviennent de 3 h à 2 h. Choisissez une heure avant 2 h ou à "
                "partir de 3 h."
            )
            % {"when": when},
            code="ambiguous",
        )
    return first
