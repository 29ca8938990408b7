from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "apps.governance"
    label = "governance"
    verbose_name = _("Gouvernance et réunions")

    def ready(self):
        from apps.accounts import export
        from apps.accounts.signals import user_erased
        from apps.core import hooks, outbox, search

        from .export import SECTIONS
        from .notifications import deliver_notice
        from .receivers import end_memberships_of_erased_person
        from .services.notices import NOTICE_HANDLER
        from .site_search import find_meetings
        from .space import team_section, upcoming_section

        outbox.register(NOTICE_HANDLER, deliver_notice)
        search.register(find_meetings, priority=10)
        hooks.connect("accounts.space", team_section, priority=10)
        hooks.connect("accounts.space", upcoming_section, priority=20)
        user_erased.connect(
            end_memberships_of_erased_person, dispatch_uid="governance.end_memberships"
        )
        for section in SECTIONS:
            export.register(section)
