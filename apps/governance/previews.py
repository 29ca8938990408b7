"""What an email about to go out looks like, before the project team sends it: the recipients
and one of the messages, rendered as the worker will render it (a convocation, a cancellation,
a reminder). Read-only: nothing is saved, nothing is sent."""

from dataclasses import dataclass

from apps.accounts.models import User

from .models import Meeting, Participation
from .notifications import build_message
from .services.convocations import convocation_recipients
from .services.meetings import INFORMED

PREVIEW_MAX_LISTED = 200


@dataclass(frozen=True)
class SendingPreview:
    recipients: list  # people (User), bounded by PREVIEW_MAX_LISTED
    total: int
    subject: str
    text: str


def _render(meeting: Meeting, notice: str, participation: Participation | None):
    if participation is None:
        return "", ""
    message = build_message(
        meeting=meeting, participation=participation, notice=notice, preview=True
    )
    return message.subject, message.body


def _people(user_ids) -> list[User]:
    return list(
        User.objects.filter(pk__in=user_ids)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")[:PREVIEW_MAX_LISTED]
    )


def convocation_preview(*, meeting: Meeting) -> SendingPreview:
    """The people the next convocation goes to and the email they will get."""
    new_ids, guests = convocation_recipients(meeting)
    ids = [*new_ids, *(g.user_id for g in guests)]
    people = _people(ids)
    sample = (
        Participation(meeting=meeting, user=people[0], status=Participation.Status.INVITED)
        if people
        else None
    )
    subject, text = _render(meeting, "convocation", sample)
    return SendingPreview(recipients=people, total=len(ids), subject=subject, text=text)


def _preview_of(meeting: Meeting, notice: str, participations) -> SendingPreview:
    participations = participations.filter(user__isnull=False)
    rows = list(
        participations.select_related("user", "user__organisation").order_by(
            "user__last_name", "user__first_name", "pk"
        )[:PREVIEW_MAX_LISTED]
    )
    subject, text = _render(meeting, notice, rows[0] if rows else None)
    return SendingPreview(
        recipients=[p.user for p in rows],
        total=participations.count(),
        subject=subject,
        text=text,
    )


def cancellation_preview(*, meeting: Meeting, reason: str) -> SendingPreview:
    """Who hears of the cancellation (convoked, registered, waiting) and the email, with the
    reason typed (not saved yet)."""
    if meeting.status == Meeting.Status.DRAFT:
        return SendingPreview(recipients=[], total=0, subject="", text="")
    shown = Meeting.objects.get(pk=meeting.pk)
    shown.status = Meeting.Status.CANCELLED
    shown.cancellation_reason = reason.strip()
    return _preview_of(shown, "cancellation", meeting.participations.filter(status__in=INFORMED))


def reminder_preview(*, meeting: Meeting) -> SendingPreview:
    """Those who have not answered yet and the reminder they will get."""
    return _preview_of(
        meeting, "reminder", meeting.participations.filter(status=Participation.Status.INVITED)
    )
