from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "apps.strategy"
    label = "strategy"
    verbose_name = _("Stratégie d'attractivité")

    def ready(self):
        from apps.accounts import export

        from .export import SECTIONS

        for section in SECTIONS:
            export.register(section)
