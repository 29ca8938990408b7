"""Celery entry points of governance (meeting emails go through the outbox: see notifications)."""

from celery import shared_task


@shared_task(name="governance.send_upcoming_reminders")
def send_upcoming_reminders() -> int:
    from .services import meetings_send_upcoming_reminders

    return meetings_send_upcoming_reminders()
