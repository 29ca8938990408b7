"""Convocations of a body's members: convoke, answer, remind, requests to attend an open
session, and the beat job that reminds everyone 48 hours before."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Meeting, Membership, Participation
from ..signals import meeting_published
from .notices import notify


def _members_to_convoke(meeting: Meeting):
    if meeting.body_id is None:
        return []
    member_ids = (
        Membership.objects.active(on=timezone.localdate(meeting.start))
        .filter(body_id=meeting.body_id, user__is_active=True)
        .values_list("user_id", flat=True)
    )
    return list(member_ids)


def convocation_recipients(meeting: Meeting) -> tuple[list[int], list[Participation]]:
    """Who the next convocation goes to: the body's active members not convoked yet (user
    ids) and the guests accepted before the first convocation (their participations)."""
    existing = {p.user_id: p for p in meeting.participations.all() if p.user_id is not None}
    new_ids = [user_id for user_id in _members_to_convoke(meeting) if user_id not in existing]
    guests = [
        p
        for p in existing.values()
        if p.status == Participation.Status.INVITED and p.invited_at is None
    ]
    return new_ids, guests


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
    new_ids, guests = convocation_recipients(meeting)
    new = [
        Participation(
            meeting=meeting, user_id=user_id, status=Participation.Status.INVITED, invited_at=now
        )
        for user_id in new_ids
    ]
    Participation.objects.bulk_create(new)
    # Guests whose request was accepted before the first convocation.
    for guest in guests:
        guest.invited_at = now
        guest.save(update_fields=["invited_at", "updated_at"])
    was_draft = meeting.status == Meeting.Status.DRAFT
    meeting.status = Meeting.Status.SCHEDULED
    meeting.convoked_at = meeting.convoked_at or now
    meeting.save(update_fields=["status", "convoked_at", "updated_at"])
    if was_draft:
        meeting_published.send(sender=Meeting, meeting=meeting, by=by)
    created = list(meeting.participations.filter(user_id__in=[p.user_id for p in new]))
    return notify(meeting, "convocation", created + guests)


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
    return notify(meeting, "reminder", pending)


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
            notify(meeting, "convocation", [participation])
    else:
        participation.status = Participation.Status.REFUSED
        participation.save()
        notify(meeting, "request_refused", [participation])
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
        notify(
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
