from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"
    verbose_name = _("Documents PDF")

    def ready(self):
        from apps.minutes.signals import minutes_published

        from .receivers import render_published_minutes

        minutes_published.connect(render_published_minutes, dispatch_uid="reports.minutes_pdf")
