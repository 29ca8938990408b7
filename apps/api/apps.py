from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.api"
    verbose_name = _("Données ouvertes et API")

    def ready(self):
        from . import selectors

        selectors.connect()
