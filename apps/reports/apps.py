from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"
    verbose_name = _("Documents PDF")

    def ready(self):
        from apps.core import hooks
        from apps.minutes.signals import minutes_published, minutes_version_redacted

        from .hooks import minutes_version_box, minutes_version_row, plenary_restitution_box
        from .receivers import render_published_minutes, rerender_redacted_minutes

        minutes_published.connect(render_published_minutes, dispatch_uid="reports.minutes_pdf")
        minutes_version_redacted.connect(
            rerender_redacted_minutes, dispatch_uid="reports.minutes_pdf_redacted"
        )
        hooks.connect("minutes.version", minutes_version_box, related=("documents",))
        hooks.connect("minutes.version_row", minutes_version_row, related=("documents",))
        hooks.connect("plenaries.restitution", plenary_restitution_box)

        from apps.surveys.registry import register_results_box

        from .survey_pdf import results_box

        register_results_box(results_box)

        from apps.observatory.registry import register_page_box

        from .participation_pdf import participation_box

        register_page_box(participation_box)
