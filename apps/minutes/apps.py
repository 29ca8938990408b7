from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "apps.minutes"
    label = "minutes"
    verbose_name = _("Comptes rendus")

    def ready(self):
        from apps.core import hooks, outbox

        from .hooks import action_decisions
        from .services import NOTICE_HANDLER, deliver_notice

        hooks.connect("strategy.action", action_decisions)
        outbox.register(NOTICE_HANDLER, deliver_notice)
