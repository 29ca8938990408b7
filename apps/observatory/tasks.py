"""Beat job of the observatory: the coverage alerts a week and 48 hours before a meeting."""

from celery import shared_task

from .services import coverage_alerts_due


@shared_task(name="observatory.send_coverage_alerts", acks_late=True, ignore_result=True)
def send_coverage_alerts() -> int:
    return coverage_alerts_due()
