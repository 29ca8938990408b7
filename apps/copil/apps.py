from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CopilConfig(AppConfig):
    name = "apps.copil"
    label = "copil"
    verbose_name = _("Comité de pilotage")

    def ready(self):
        from apps.governance import pages

        from .pages import SESSION_PAGE

        pages.register(SESSION_PAGE)
