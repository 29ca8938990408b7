from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "apps.governance"
    label = "governance"
    verbose_name = _("Gouvernance et réunions")

    def ready(self):
        from apps.core import outbox

        from .notifications import deliver_notice
        from .services.notices import NOTICE_HANDLER

        outbox.register(NOTICE_HANDLER, deliver_notice)
