from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    name = "apps.working_groups"
    label = "working_groups"
    verbose_name = _("Groupes de travail")

    def ready(self):
        from apps.accounts import export

        from .export import SECTIONS

        for section in SECTIONS:
            export.register(section)
