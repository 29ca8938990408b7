from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "apps.strategy"
    label = "strategy"
    verbose_name = _("Stratégie d'attractivité")

    def ready(self) -> None:
        from apps.accounts import export

        from . import counts
        from .export import SECTIONS

        counts.connect()
        for section in SECTIONS:
            export.register(section)
