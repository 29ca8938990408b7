"""State changes on meetings and participations: schedule, convoke, answer, reschedule,
cancel, remind, record attendance, requests to attend an open session.

Views call these; they validate, write in one transaction and enqueue the emails on commit.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.slugs import unique_slug

from .models import AgendaItem, Body, Meeting, Membership, Participation
from .tasks import send_meeting_notice

# Fields whose change makes calendars out of date: attendees get an updated invitation.
SCHEDULE_FIELDS = ("title", "start", "end", "place", "online_url")
# Who hears about a change or a cancellation: the convoked, the registered and the waiting.
INFORMED = (*Participation.CONVOKED, *Participation.REGISTRATION)


@dataclass(frozen=True)
class AgendaEntry:
    title: str
    description: str = ""
    presenter: str = ""
    duration_minutes: int | None = None


def _notify(meeting: Meeting, notice: str, participations) -> int:
    ids = [p.pk for p in participations]
    if ids:
        send_meeting_notice.delay_on_commit(meeting.pk, notice, ids)
    return len(ids)


def _unique_slug(title: str, start) -> str:
    return unique_slug(
        Meeting.objects.all(), f"{title}-{timezone.localtime(start):%Y-%m-%d}", fallback="reunion"
    )


def validate_new_start(start) -> None:
    if start is not None and start < timezone.now():
        raise ValidationError(
            {"start": _("La date est passée : une nouvelle réunion se programme dans le futur.")}
        )


def _replace_agenda(meeting: Meeting, agenda: list[AgendaEntry]) -> None:
    meeting.agenda_items.all().delete()
    for position, entry in enumerate(agenda, start=1):
        item = AgendaItem(
            meeting=meeting,
            position=position,
            title=entry.title,
            description=entry.description,
            presenter=entry.presenter,
            duration_minutes=entry.duration_minutes,
        )
        item.full_clean()
        item.save()


@transaction.atomic
def meeting_create(
    *,
    kind: str,
    body: Body | None,
    created_by,
    title: str,
    start,
    end,
    place: str = "",
    online_url: str = "",
    description: str = "",
    visibility: str = Meeting.Visibility.PUBLIC,
    open_to_requests: bool = False,
    capacity: int | None = None,
    registration_opens_at=None,
    registration_closes_at=None,
    agenda: list[AgendaEntry] = (),
) -> Meeting:
    """A new meeting, saved as a draft: nobody but the project team sees it yet."""
    validate_new_start(start)
    meeting = Meeting(
        kind=kind,
        body=body,
        created_by=created_by,
        title=title,
        slug=_unique_slug(title, start) if start else "",
        start=start,
        end=end,
        place=place,
        online_url=online_url,
        description=description,
        visibility=visibility,
        open_to_requests=open_to_requests,
        capacity=capacity,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        status=Meeting.Status.DRAFT,
    )
    meeting.full_clean()
    meeting.save()
    _replace_agenda(meeting, list(agenda))
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, agenda: list[AgendaEntry] | None = None, **fields):
    """Edit a meeting. Once published, a change of date, place or title is a reschedule:
    SEQUENCE goes up and everyone convoked or registered receives the updated invitation."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette réunion est annulée : elle ne peut plus être modifiée."))
    before = {name: getattr(meeting, name) for name in SCHEDULE_FIELDS}
    for name, value in fields.items():
        setattr(meeting, name, value)
    changed = [name for name in SCHEDULE_FIELDS if getattr(meeting, name) != before[name]]
    if "start" in changed and meeting.start != before["start"]:
        validate_new_start(meeting.start)
    meeting.full_clean()
    # Published (convoked, or open to registrations): calendars out there must be updated.
    published = meeting.convoked_at is not None or meeting.status == Meeting.Status.SCHEDULED
    rescheduled = bool(changed) and published
    if rescheduled:
        meeting.ics_sequence += 1
    meeting.save()
    if agenda is not None:
        _replace_agenda(meeting, list(agenda))
    if rescheduled:
        _notify(meeting, "update", meeting.participations.filter(status__in=INFORMED))
    return meeting, rescheduled


def _members_to_convoke(meeting: Meeting):
    if meeting.body_id is None:
        return []
    member_ids = (
        Membership.objects.active(on=timezone.localdate(meeting.start))
        .filter(body_id=meeting.body_id, user__is_active=True)
        .values_list("user_id", flat=True)
    )
    return list(member_ids)


@transaction.atomic
def meeting_convoke(*, meeting: Meeting, by) -> int:
    """Publish the meeting and convoke the body's active members (and accepted guests).

    Safe to repeat: only people not yet convoked receive the convocation. Returns how many did.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette réunion est annulée : impossible de convoquer."))
    if meeting.is_past:
        raise ValidationError(_("Cette réunion est passée : impossible de convoquer."))
    now = timezone.now()
    existing = {p.user_id: p for p in meeting.participations.all()}
    new = []
    for user_id in _members_to_convoke(meeting):
        if user_id not in existing:
            new.append(
                Participation(
                    meeting=meeting,
                    user_id=user_id,
                    status=Participation.Status.INVITED,
                    invited_at=now,
                )
            )
    Participation.objects.bulk_create(new)
    # Guests whose request was accepted before the first convocation.
    guests = [
        p
        for p in existing.values()
        if p.status == Participation.Status.INVITED and p.invited_at is None
    ]
    for guest in guests:
        guest.invited_at = now
        guest.save(update_fields=["invited_at", "updated_at"])
    meeting.status = Meeting.Status.SCHEDULED
    meeting.convoked_at = meeting.convoked_at or now
    meeting.save(update_fields=["status", "convoked_at", "updated_at"])
    created = list(meeting.participations.filter(user_id__in=[p.user_id for p in new]))
    return _notify(meeting, "convocation", created + guests)


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by) -> Meeting:
    """Open a workshop or plenary: it appears in the programme and takes registrations.

    (COPIL sessions are published by their convocation, `meeting_convoke`.)
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.DRAFT:
        raise ValidationError(_("Seul un brouillon peut être publié."))
    if meeting.is_past:
        raise ValidationError(_("Cette réunion est passée : elle ne peut plus être publiée."))
    meeting.status = Meeting.Status.SCHEDULED
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def participation_answer(
    *,
    participation: Participation,
    by,
    status: str,
    proxy_name: str = "",
    comment: str = "",
) -> Participation:
    """A convoked person answers: present, excused, or represented by someone."""
    if by is not None and by.pk != participation.user_id:
        raise PermissionDenied(_("Vous ne pouvez répondre que pour vous-même."))
    participation = (
        Participation.objects.select_for_update().select_related("meeting").get(pk=participation.pk)
    )
    meeting = participation.meeting
    if participation.status not in Participation.CONVOKED:
        raise ValidationError(_("Vous n'êtes pas convoqué·e à cette réunion."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette réunion est annulée : la réponse n'a pas été enregistrée."))
    if meeting.is_past:
        raise ValidationError(_("Cette réunion est passée : la réponse n'a pas été enregistrée."))
    if status not in Participation.ANSWERS:
        raise ValidationError({"status": _("Choisissez : présent·e, excusé·e ou représenté·e.")})
    proxy_name = " ".join(proxy_name.split())
    if status == Participation.Status.REPRESENTED and not proxy_name:
        raise ValidationError({"proxy_name": _("Indiquez qui vous représentera.")})
    participation.status = status
    participation.proxy_name = proxy_name if status == Participation.Status.REPRESENTED else ""
    participation.comment = comment.strip()
    participation.answered_at = timezone.now()
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def meeting_remind_unanswered(*, meeting: Meeting, by) -> int:
    """Email again those who have not answered. Returns how many were reminded."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED or meeting.is_past:
        raise ValidationError(_("Relance impossible : la réunion n'est pas à venir."))
    pending = meeting.participations.filter(status=Participation.Status.INVITED)
    return _notify(meeting, "reminder", pending)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, reason: str = "") -> Meeting:
    """Cancel: everyone convoked, registered or waiting receives a cancellation
    (METHOD:CANCEL, SEQUENCE + 1)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette réunion est déjà annulée."))
    if meeting.is_past:
        raise ValidationError(_("Cette réunion est passée : elle ne peut plus être annulée."))
    was_published = meeting.status != Meeting.Status.DRAFT
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancellation_reason = reason.strip()
    meeting.ics_sequence += 1
    meeting.save()
    if was_published:
        _notify(meeting, "cancellation", meeting.participations.filter(status__in=INFORMED))
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, present_user_ids, by) -> int:
    """After the meeting: who was there. Feeds the minutes. Returns the number present."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.start > timezone.now():
        raise ValidationError(_("La réunion n'a pas encore commencé : présences impossibles."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette réunion a été annulée."))
    present = {int(pk) for pk in present_user_ids}
    participations = list(meeting.participations.filter(status__in=Participation.CONVOKED))
    unknown = present - {p.user_id for p in participations}
    if unknown:
        raise ValidationError(
            _("Certaines personnes cochées ne sont pas convoquées à cette réunion.")
        )
    now = timezone.now()
    for participation in participations:
        attended = participation.user_id in present
        participation.attended = attended
        participation.checked_in_at = (participation.checked_in_at or now) if attended else None
    Participation.objects.bulk_update(participations, ["attended", "checked_in_at"])
    if meeting.status == Meeting.Status.SCHEDULED and meeting.is_past:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
    return len(present)


@transaction.atomic
def attendance_request(*, meeting: Meeting, user) -> Participation:
    """A stakeholder asks to attend an open session; the project team decides."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if (
        not meeting.open_to_requests
        or meeting.status != Meeting.Status.SCHEDULED
        or meeting.is_past
    ):
        raise ValidationError(_("Cette séance n'accepte pas de demandes de participation."))
    if Participation.objects.filter(meeting=meeting, user=user).exists():
        raise ValidationError(_("Vous avez déjà une demande ou une convocation pour cette séance."))
    participation = Participation(meeting=meeting, user=user, status=Participation.Status.REQUESTED)
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def attendance_request_decide(*, participation: Participation, accept: bool, by) -> Participation:
    participation = (
        Participation.objects.select_for_update().select_related("meeting").get(pk=participation.pk)
    )
    if participation.status != Participation.Status.REQUESTED:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    meeting = participation.meeting
    if accept:
        participation.status = Participation.Status.INVITED
        if meeting.convoked_at is not None:
            participation.invited_at = timezone.now()
        participation.save()
        if meeting.convoked_at is not None:
            _notify(meeting, "convocation", [participation])
    else:
        participation.status = Participation.Status.REFUSED
        participation.save()
        _notify(meeting, "request_refused", [participation])
    return participation


REMINDER_WINDOW = timedelta(hours=48)


@transaction.atomic
def meetings_send_upcoming_reminders(*, now=None) -> int:
    """Called by Celery beat: a reminder two days before, once per meeting."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.select_for_update(skip_locked=True).filter(
            status=Meeting.Status.SCHEDULED,
            reminder_sent_at__isnull=True,
            start__gt=now,
            start__lte=now + REMINDER_WINDOW,
        )
    )
    for meeting in meetings:
        _notify(
            meeting,
            "upcoming",
            meeting.participations.filter(
                status__in=(
                    Participation.Status.INVITED,
                    Participation.Status.ATTENDING,
                    Participation.Status.REGISTERED,
                )
            ),
        )
        meeting.reminder_sent_at = now
        meeting.save(update_fields=["reminder_sent_at", "updated_at"])
    return len(meetings)
