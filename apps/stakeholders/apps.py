from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "apps.stakeholders"
    label = "stakeholders"
    verbose_name = _("Acteurs du territoire")

    def ready(self):
        from apps.core import search

        from .site_search import find_organisations

        search.register(find_organisations, priority=90)
