"""PDF rendering tasks (queue `pdf`): late acknowledgement, time limits, retries with backoff."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded


@shared_task(
    name="reports.render_document",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=120,
    time_limit=180,
    autoretry_for=(OSError, SoftTimeLimitExceeded),
    retry_backoff=30,
    retry_backoff_max=300,  # below the broker's visibility timeout (settings)
    max_retries=4,
)
def render_document(document_id: int) -> int:
    from .services import document_render

    return document_render(document_id=document_id).pk


@shared_task(name="reports.sweep_stuck_documents", soft_time_limit=60, time_limit=90)
def sweep_stuck_documents() -> int:
    from .services import documents_sweep_stuck

    return documents_sweep_stuck()
