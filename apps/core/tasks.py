"""Celery entry points of the outbox (apps/core/outbox.py)."""

from celery import shared_task


@shared_task(
    name="core.deliver_outbox",
    acks_late=True,
    reject_on_worker_lost=True,  # idempotent: a redelivered row is skipped once sent
    soft_time_limit=60,
    time_limit=90,
)
def deliver_outbox(message_id: int) -> str:
    from .outbox import deliver

    return deliver(message_id)


@shared_task(name="core.sweep_outbox", soft_time_limit=120, time_limit=180)
def sweep_outbox() -> int:
    from .outbox import sweep

    return sweep()
