from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlenariesConfig(AppConfig):
    name = "apps.plenaries"
    label = "plenaries"
    verbose_name = _("Plénières")

    def ready(self):
        from apps.governance import pages

        from .pages import PLENARY_PAGE

        pages.register(PLENARY_PAGE)
