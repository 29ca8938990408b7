from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"
    verbose_name = _("Documents PDF")

    def ready(self):
        from apps.governance.signals import minutes_published

        from .receivers import render_published_minutes

        minutes_published.connect(render_published_minutes, dispatch_uid="reports.minutes_pdf")

        from apps.surveys.registry import register_results_box

        from .survey_pdf import results_box

        register_results_box(results_box)
