from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "apps.minutes"
    label = "minutes"
    verbose_name = _("Comptes rendus")

    def ready(self):
        from apps.accounts import export
        from apps.accounts.signals import user_erased
        from apps.core import hooks, outbox

        from . import facets
        from .erasure import redact_erased_person
        from .export import SECTIONS
        from .hooks import action_decisions
        from .services import NOTICE_HANDLER, deliver_notice

        facets.connect()
        hooks.connect("strategy.action", action_decisions)
        outbox.register(NOTICE_HANDLER, deliver_notice)
        user_erased.connect(redact_erased_person, dispatch_uid="minutes.redact_erased_person")
        for section in SECTIONS:
            export.register(section)
