"""Meetings of every kind: schedule (draft), update and reschedule, open to registrations,
cancel, record attendance. Writes in one transaction; emails are enqueued on commit."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.slugs import unique_slug

from ..models import AgendaItem, Body, Meeting, MeetingSlug, Participation, PastAnswer
from ..selectors import duplicate_meetings
from ..signals import meeting_published
from .notices import notify

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


def _unique_slug(title: str, start, *, exclude_pk=None) -> str:
    taken = Meeting.objects.exclude(pk=exclude_pk) if exclude_pk else Meeting.objects.all()
    base = f"{title}-{timezone.localtime(start):%Y-%m-%d}"
    slug = unique_slug(taken, base, fallback="reunion")
    # An old address of any meeting stays reserved: it redirects to that meeting.
    n = 2
    while MeetingSlug.objects.filter(slug=slug).exists():
        slug = unique_slug(taken, f"{base}-{n}", fallback="reunion")
        n += 1
    return slug


def check_duplicate(*, kind, body, title, start, exclude_pk=None, confirmed: bool) -> None:
    """Same body (or none), same kind, same day and title: refused unless confirmed."""
    if confirmed or not (title and start):
        return
    twins = duplicate_meetings(
        kind=kind, body=body, title=title, start=start, exclude_pk=exclude_pk
    )
    if twins:
        raise ValidationError(
            {
                "confirm_duplicate": _(
                    "Une réunion « %(title)s » est déjà prévue ce jour-là pour cette instance "
                    "(%(slug)s). S'il s'agit bien d'une autre réunion, cochez la case de "
                    "confirmation et enregistrez à nouveau."
                )
                % {"title": title, "slug": twins[0].slug}
            },
            code="duplicate",
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
    confirm_duplicate: bool = False,
) -> Meeting:
    """A new meeting, saved as a draft: nobody but the project team sees it yet. A twin (same
    body, kind, day and title) is refused unless `confirm_duplicate`."""
    validate_new_start(start)
    check_duplicate(kind=kind, body=body, title=title, start=start, confirmed=confirm_duplicate)
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
def meeting_update(
    *,
    meeting: Meeting,
    by,
    agenda: list[AgendaEntry] | None = None,
    confirm_duplicate: bool = False,
    **fields,
):
    """Edit a meeting. Once published, a change of date, place or title is a reschedule:
    SEQUENCE goes up and everyone convoked or registered receives the updated invitation.

    A new date or start time also sets the answers given back to « awaiting » (each kept as a
    `PastAnswer`): an « excusé·e » for the 21st says nothing of the 28th; the update email
    shows the old and the new date and asks again. A new day gives the meeting a new address;
    the old one redirects (`MeetingSlug`)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Cette réunion est annulée : elle ne peut plus être modifiée."))
    before = {name: getattr(meeting, name) for name in SCHEDULE_FIELDS}
    for name, value in fields.items():
        setattr(meeting, name, value)
    changed = [name for name in SCHEDULE_FIELDS if getattr(meeting, name) != before[name]]
    moved = "start" in changed
    if moved:
        validate_new_start(meeting.start)
    if "start" in changed or "title" in changed:
        check_duplicate(
            kind=meeting.kind,
            body=meeting.body,
            title=meeting.title,
            start=meeting.start,
            exclude_pk=meeting.pk,
            confirmed=confirm_duplicate,
        )
    meeting.full_clean()
    # Published (convoked, or open to registrations): calendars out there must be updated.
    published = meeting.convoked_at is not None or meeting.status == Meeting.Status.SCHEDULED
    rescheduled = bool(changed) and published
    if rescheduled:
        meeting.ics_sequence += 1
    new_day = moved and (
        timezone.localtime(meeting.start).date() != timezone.localtime(before["start"]).date()
    )
    if new_day:
        old_slug = meeting.slug
        meeting.slug = _unique_slug(meeting.title, meeting.start, exclude_pk=meeting.pk)
        if meeting.slug != old_slug:
            MeetingSlug.objects.get_or_create(slug=old_slug, defaults={"meeting": meeting})
    meeting.save()
    if agenda is not None:
        _replace_agenda(meeting, list(agenda))
    if rescheduled:
        extra = None
        if moved:
            _reset_answers(meeting, previous_start=before["start"])
            extra = {"previous_start": before["start"].isoformat()}
        notify(meeting, "update", meeting.participations.filter(status__in=INFORMED), extra=extra)
    return meeting, rescheduled


def _reset_answers(meeting: Meeting, *, previous_start) -> int:
    """The answers given for the old date go back to « awaiting » (kept as PastAnswer)."""
    answered = list(meeting.participations.filter(status__in=Participation.ANSWERS, walk_in=False))
    now = timezone.now()
    PastAnswer.objects.bulk_create(
        PastAnswer(
            participation=p,
            status=p.status,
            proxy_name=p.proxy_name,
            comment=p.comment,
            answered_at=p.answered_at,
            for_start=previous_start,
            reset_at=now,
        )
        for p in answered
    )
    for p in answered:
        p.status = Participation.Status.INVITED
        p.proxy_name = ""
        p.proxy = None
        p.comment = ""
        p.answered_at = None
        p.updated_at = now
    Participation.objects.bulk_update(
        answered, ["status", "proxy_name", "proxy", "comment", "answered_at", "updated_at"]
    )
    return len(answered)


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
    meeting_published.send(sender=Meeting, meeting=meeting, by=by)
    return meeting


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
        notify(meeting, "cancellation", meeting.participations.filter(status__in=INFORMED))
    return meeting


@transaction.atomic
def meeting_open_early(*, meeting: Meeting, by) -> Meeting:
    """The project team opens check-in and contributions before the day of the meeting."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CANCELLED):
        raise ValidationError(_("Seule une réunion programmée peut être ouverte en avance."))
    if meeting.opened_early_at is None:
        meeting.opened_early_at = timezone.now()
        meeting.save(update_fields=["opened_early_at", "updated_at"])
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
    participations = list(
        meeting.participations.filter(status__in=Participation.CONVOKED, user__isnull=False)
    )
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
        participation.updated_at = now
    Participation.objects.bulk_update(participations, ["attended", "checked_in_at", "updated_at"])
    if meeting.status == Meeting.Status.SCHEDULED and meeting.is_past:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
    return len(present)
