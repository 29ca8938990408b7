from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "apps.strategy"
    label = "strategy"
    verbose_name = _("Stratégie d'attractivité")

    def ready(self) -> None:
        from apps.accounts import export
        from apps.core import hooks, search

        from . import counts
        from .export import SECTIONS
        from .site_search import find_actions, find_contributions
        from .space import actions_section

        counts.connect()
        search.register(find_actions, priority=30)
        search.register(find_contributions, priority=40)
        hooks.connect("accounts.space", actions_section, priority=35)
        for section in SECTIONS:
            export.register(section)
