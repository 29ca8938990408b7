"""State changes on meetings and participations, by sub-domain:

- `meetings`: schedule, update/reschedule, publish, cancel, attendance;
- `convocations`: convoke a body's members, answers, reminders, requests to attend;
- `registration`: seats, deadline, waiting list and check-in of workshops and plenaries.

Views call these (`from apps.governance.services import meeting_create`, or the module); each
validates, writes in one transaction and enqueues its emails on commit.
"""

from .convocations import (
    attendance_request,
    attendance_request_decide,
    convocation_recipients,
    meeting_convoke,
    meeting_remind_unanswered,
    meetings_send_upcoming_reminders,
    participation_answer,
)
from .meetings import (
    INFORMED,
    SCHEDULE_FIELDS,
    AgendaEntry,
    attendance_record,
    meeting_cancel,
    meeting_create,
    meeting_open_early,
    meeting_publish,
    meeting_update,
    validate_new_start,
)
from .registration import (
    checkin_guest,
    checkin_set,
    checkin_walk_in,
    meeting_set_capacity,
    registration_cancel,
    registration_create,
)

__all__ = [
    "INFORMED",
    "SCHEDULE_FIELDS",
    "AgendaEntry",
    "attendance_record",
    "attendance_request",
    "attendance_request_decide",
    "checkin_guest",
    "convocation_recipients",
    "checkin_set",
    "checkin_walk_in",
    "meeting_cancel",
    "meeting_convoke",
    "meeting_create",
    "meeting_open_early",
    "meeting_publish",
    "meeting_remind_unanswered",
    "meeting_set_capacity",
    "meeting_update",
    "meetings_send_upcoming_reminders",
    "participation_answer",
    "registration_cancel",
    "registration_create",
    "validate_new_start",
]
