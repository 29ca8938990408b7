from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "apps.minutes"
    label = "minutes"
    verbose_name = _("Comptes rendus")

    def ready(self):
        from apps.accounts import export
        from apps.accounts.signals import user_erased
        from apps.core import hooks, outbox, search

        from . import facets
        from .erasure import redact_erased_person
        from .export import SECTIONS
        from .hooks import action_decisions
        from .services import NOTICE_HANDLER, deliver_notice
        from .site_search import find_minutes
        from .space import elected_section, news_section, review_section

        facets.connect()
        hooks.connect("strategy.action", action_decisions)
        search.register(find_minutes, priority=20)
        hooks.connect("accounts.space", review_section, priority=11)
        hooks.connect("accounts.space", elected_section, priority=12)
        hooks.connect("accounts.space", news_section, priority=30)
        outbox.register(NOTICE_HANDLER, deliver_notice)
        user_erased.connect(redact_erased_person, dispatch_uid="minutes.redact_erased_person")
        for section in SECTIONS:
            export.register(section)
