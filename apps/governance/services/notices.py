"""Enqueue the meeting emails of a state change, after its commit (one task per batch)."""

from ..models import Meeting
from ..tasks import send_meeting_notice


def notify(meeting: Meeting, notice: str, participations) -> int:
    """Send `notice` to these participations once the transaction commits; how many."""
    ids = [p.pk for p in participations]
    if ids:
        send_meeting_notice.delay_on_commit(meeting.pk, notice, ids)
    return len(ids)
