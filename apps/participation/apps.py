from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "apps.participation"
    label = "participation"
    verbose_name = _("Participation en ligne")

    def ready(self):
        from apps.core import hooks
        from apps.minutes.signals import minutes_published
        from apps.strategy.registry import register_overview_link

        from . import rules  # noqa: F401 - registers the permissions
        from .hooks import action_box
        from .receivers import decisions_flow_back

        minutes_published.connect(decisions_flow_back, dispatch_uid="participation.decisions")
        hooks.connect("strategy.action", action_box, priority=60)
        register_overview_link(_("Participer en ligne"), "participation:home")

        from apps.accounts import export

        from .export import SECTIONS

        for section in SECTIONS:
            export.register(section)

        from apps.core import search

        from .site_search import find_calls, find_online_contributions

        search.register(find_calls, priority=35)
        search.register(find_online_contributions, priority=45)
