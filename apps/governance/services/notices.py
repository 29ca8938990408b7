"""Promise the meeting emails of a state change: one outbox row per person, in the change's
transaction (apps/core/outbox.py). The worker renders each email with the meeting as it is
then (agenda, ICS) and sends it once."""

from django.utils import timezone

from apps.core import outbox

from ..models import Meeting

NOTICE_HANDLER = "governance.meeting_notice"

# Notices that follow from the meeting's state (its ICS SEQUENCE): at most one per person and
# sequence. The others (a manual reminder, a registration after a cancellation…) may recur:
# each occasion is its own key.
ONCE_PER_SEQUENCE = {"convocation", "update", "cancellation", "upcoming"}


def notify(meeting: Meeting, notice: str, participations, *, extra: dict | None = None) -> int:
    """Promise `notice` to these participations; how many were promised. `extra` goes into
    the payload (e.g. the date before a reschedule). Walk-ins without an account get nothing."""
    occasion = "" if notice in ONCE_PER_SEQUENCE else f":{timezone.now():%Y%m%d%H%M%S%f}"
    count = 0
    for participation in participations:
        if participation.user_id is None:
            continue
        version = f"seq{meeting.ics_sequence}"
        key = f"meeting:{meeting.pk}:{notice}:{version}:p{participation.pk}{occasion}"
        payload = {
            "meeting_id": meeting.pk,
            "notice": notice,
            "participation_id": participation.pk,
            **(extra or {}),
        }
        if outbox.enqueue(NOTICE_HANDLER, key=key, payload=payload) is not None:
            count += 1
    return count
