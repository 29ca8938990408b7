from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "apps.surveys"
    label = "surveys"
    verbose_name = _("Enquêtes et baromètre")

    def ready(self):
        from . import signals  # noqa: F401  (account erasure keeps answers, anonymised)
