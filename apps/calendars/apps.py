from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _profile_feed(context, **kwargs) -> str:
    """/profil/: the address of one's personal calendar feed, and how to renew it."""
    from apps.core.hooks import render_template

    return render_template("calendars/_profile_feed.html", context)


class CalendarsConfig(AppConfig):
    """/calendrier/ and the iCalendar feeds: views over the governance meetings, no models."""

    name = "apps.calendars"
    label = "calendars"
    verbose_name = _("Calendriers")

    def ready(self):
        from apps.core import hooks

        hooks.connect("accounts.profile_tools", _profile_feed, priority=10)
