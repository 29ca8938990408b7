from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "apps.stakeholders"
    label = "stakeholders"
    verbose_name = _("Acteurs du territoire")
