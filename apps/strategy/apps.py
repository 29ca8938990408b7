from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "apps.strategy"
    label = "strategy"
    verbose_name = _("Stratégie d'attractivité")

    def ready(self) -> None:
        from . import counts

        counts.connect()
