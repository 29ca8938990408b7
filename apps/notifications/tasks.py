"""Celery entry points: the beat jobs that promise the daily and weekly digests."""

from celery import shared_task


@shared_task(name="notifications.send_digests", soft_time_limit=120, time_limit=180)
def send_digests(frequency: str) -> int:
    from .services import digests_enqueue

    return digests_enqueue(frequency=frequency)
