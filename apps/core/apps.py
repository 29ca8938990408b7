from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """No domain: view helpers, slugs, dates and the demo-data command every app plugs into."""

    name = "apps.core"
    label = "core"
    verbose_name = _("Socle")

    def ready(self):
        from .files import connect_file_cleanup

        # Stored files are deleted with their rows (MeetingDocument, reports' Document…).
        connect_file_cleanup()
