from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """No domain: view helpers, slugs, dates and the demo-data command every app plugs into."""

    name = "apps.core"
    label = "core"
    verbose_name = _("Socle")

    def ready(self):
        from . import checks, outbox  # noqa: F401 - checks registers the deployment checks
        from .mail import EMAIL_HANDLER, send_serialized

        outbox.register(EMAIL_HANDLER, send_serialized, max_attempts=6)
