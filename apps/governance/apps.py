from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "apps.governance"
    label = "governance"
    verbose_name = _("Gouvernance et réunions")

    def ready(self):
        from apps.accounts import export
        from apps.accounts.signals import user_erased
        from apps.core import outbox

        from .export import SECTIONS
        from .notifications import deliver_notice
        from .receivers import end_memberships_of_erased_person
        from .services.notices import NOTICE_HANDLER

        outbox.register(NOTICE_HANDLER, deliver_notice)
        user_erased.connect(
            end_memberships_of_erased_person, dispatch_uid="governance.end_memberships"
        )
        for section in SECTIONS:
            export.register(section)
