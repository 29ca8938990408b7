from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketingConfig(AppConfig):
    name = "apps.marketing"
    label = "marketing"
    verbose_name = _("Marketing territorial : offre de services et attentes")

    def ready(self):
        from apps.strategy.registry import register_overview_link

        register_overview_link(_("L'offre de services du territoire"), "marketing:offers")
        register_overview_link(_("L'offre face aux attentes des publics"), "marketing:matrix")
