from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "apps.observatory"
    label = "observatory"
    verbose_name = _("Observatoire de la participation")

    def ready(self):
        from apps.accounts import export
        from apps.core import hooks

        from . import caching, rules  # noqa: F401 - rules registers the permissions
        from .export import SECTION
        from .hooks import meeting_coverage_box, profile_observatory_link

        hooks.connect("governance.meeting_aside", meeting_coverage_box, priority=60)
        hooks.connect("accounts.profile_tools", profile_observatory_link, priority=30)
        # The personal space (/mon-espace/) names the same place for its sections.
        hooks.connect("accounts.space", profile_observatory_link, priority=90)
        export.register(SECTION)
        caching.connect()
