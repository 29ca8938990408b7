from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "apps.surveys"
    label = "surveys"
    verbose_name = _("Enquêtes et baromètre")

    def ready(self):
        from apps.strategy.registry import register_overview_link

        from . import signals  # noqa: F401  (account erasure keeps answers, anonymised)

        register_overview_link(_("Enquêtes et baromètre de perception"), "surveys:list")
