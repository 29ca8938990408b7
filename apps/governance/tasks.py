"""Celery entry points: fetch by id, call a service or the notification builder."""

from celery import shared_task


@shared_task(name="governance.send_meeting_notice", acks_late=True)
def send_meeting_notice(meeting_id: int, notice: str, participation_ids: list[int]) -> int:
    from .notifications import send_notice

    return send_notice(meeting_id=meeting_id, notice=notice, participation_ids=participation_ids)


@shared_task(name="governance.send_upcoming_reminders")
def send_upcoming_reminders() -> int:
    from .services import meetings_send_upcoming_reminders

    return meetings_send_upcoming_reminders()
