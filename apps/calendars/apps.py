from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    """/calendrier/ and the iCalendar feeds: views over the governance meetings, no models."""

    name = "apps.calendars"
    label = "calendars"
    verbose_name = _("Calendriers")
