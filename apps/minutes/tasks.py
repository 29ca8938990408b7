"""Celery entry points of the minutes: fetch by id, call the notification builder."""

from celery import shared_task


@shared_task(name="minutes.send_notice", acks_late=True)
def send_notice(minutes_id: int, notice: str, user_ids: list[int]) -> int:
    from .services import notify_build_messages

    return notify_build_messages(minutes_id=minutes_id, notice=notice, user_ids=user_ids)
