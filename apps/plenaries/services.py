"""State changes specific to plenaries, on top of governance's meeting and registration services."""

from django.db import transaction

from apps.governance.models import Meeting
from apps.governance.services import meeting_update
from apps.governance.services.registration import meeting_set_capacity


@transaction.atomic
def plenary_update(*, meeting: Meeting, by, capacity: int | None, agenda, **fields):
    """Edit a plenary, its seats included, as one change: a refused capacity (below the seats
    already taken) leaves the rest untouched too. Returns the meeting and whom a larger
    capacity took off the waiting list."""
    promoted = []
    if capacity != meeting.capacity:
        promoted = meeting_set_capacity(meeting=meeting, capacity=capacity, by=by)
    meeting, _rescheduled = meeting_update(meeting=meeting, by=by, agenda=agenda, **fields)
    return meeting, promoted
