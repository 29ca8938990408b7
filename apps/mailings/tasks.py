"""The worker sends mailings batch by batch (apps/mailings/services.py)."""

from celery import shared_task
from django.conf import settings


@shared_task(
    name="mailings.send_batch",
    acks_late=True,
    reject_on_worker_lost=True,  # idempotent: a batch run twice promises nobody twice
    soft_time_limit=120,
    time_limit=180,
)
def send_batch(mailing_id: int) -> bool:
    from .services import mailing_send_batch

    more = mailing_send_batch(mailing_id=mailing_id)
    if more:
        # A pause between batches spreads the load on the mail relay.
        send_batch.apply_async(
            (mailing_id,), countdown=getattr(settings, "MAILINGS_BATCH_INTERVAL", 1)
        )
    return more


@shared_task(name="mailings.send_due", soft_time_limit=60, time_limit=90)
def send_due() -> int:
    """Beat job: start scheduled mailings that are due, restart stalled ones."""
    from .services import stalled_or_due

    ids = stalled_or_due()
    for pk in ids:
        send_batch.delay(pk)
    return len(ids)
