"""Registrations to workshops and plenaries: capacity, deadline, waiting list, check-in.

Never more confirmed seats than capacity, even under concurrent sign-ups: every change takes
a row lock on the meeting (`SELECT … FOR UPDATE`) and counts the seats inside the same
transaction. Waiting-list rows never count against capacity; promotion is first come, first
served (`queued_at`, then id). Emails leave after the commit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Meeting, Participation
from ..selectors import confirmed_count, day_is_open, registration_problem, seats_left
from .notices import notify

S = Participation.Status


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _free_seat_promotions(meeting: Meeting) -> list[Participation]:
    """Move people from the waiting list to the free seats, first come first served."""
    free = seats_left(meeting)
    if free is None:
        waiting = list(meeting.participations.filter(status=S.WAITLISTED))
    elif free == 0:
        return []
    else:
        waiting = list(
            meeting.participations.filter(status=S.WAITLISTED).order_by("queued_at", "pk")[:free]
        )
    for participation in waiting:
        participation.status = S.REGISTERED
    Participation.objects.bulk_update(waiting, ["status", "updated_at"])
    return waiting


@transaction.atomic
def registration_create(*, meeting: Meeting, user) -> Participation:
    """A confirmed seat while seats are left, otherwise the waiting list."""
    meeting = _lock(meeting)
    problem = registration_problem(meeting, user)
    if problem:
        raise ValidationError(problem)
    participation = Participation.objects.filter(meeting=meeting, user=user).first()
    if participation is not None and participation.status in (
        *Participation.REGISTRATION,
        S.ATTENDING,
    ):
        message = (
            _("Vous êtes déjà sur la liste d'attente de cette réunion.")
            if participation.status == S.WAITLISTED
            else _("Vous êtes déjà inscrit·e à cette réunion.")
        )
        raise ValidationError(message)
    if participation is not None and participation.status not in (S.CANCELLED,):
        raise ValidationError(_("Vous êtes déjà convoqué·e à cette réunion."))
    left = seats_left(meeting)
    status = S.REGISTERED if left is None or left > 0 else S.WAITLISTED
    now = timezone.now()
    if participation is None:
        participation = Participation(meeting=meeting, user=user)
    participation.status = status
    participation.queued_at = now
    participation.answered_at = now
    participation.attended = None
    participation.checked_in_at = None
    participation.walk_in = False
    participation.full_clean()
    participation.save()
    notify(meeting, "registered" if status == S.REGISTERED else "waitlisted", [participation])
    return participation


@transaction.atomic
def registration_cancel(*, participation: Participation, by) -> list[Participation]:
    """Cancel one's registration (or waiting-list place). Returns the people promoted."""
    if by is not None and by.pk != participation.user_id:
        from apps.accounts.rules import is_project_team

        if not is_project_team(by):
            raise PermissionDenied(_("Vous ne pouvez annuler que votre propre inscription."))
    meeting = _lock(participation.meeting)
    participation = Participation.objects.get(pk=participation.pk)
    if participation.status not in Participation.REGISTRATION:
        raise ValidationError(_("Il n'y a pas d'inscription à annuler."))
    if meeting.start <= timezone.now():
        raise ValidationError(_("La réunion a commencé : l'inscription ne peut plus être annulée."))
    was_waiting = participation.status == S.WAITLISTED
    participation.status = S.CANCELLED
    participation.save(update_fields=["status", "updated_at"])
    promoted = _free_seat_promotions(meeting)
    notify(meeting, "waitlist_left" if was_waiting else "registration_cancelled", [participation])
    notify(meeting, "promoted", promoted)
    return promoted


@transaction.atomic
def meeting_set_capacity(*, meeting: Meeting, capacity: int | None, by) -> list[Participation]:
    """Change the number of seats. Raising it promotes as many people as it frees; lowering it
    below the confirmed registrations is refused."""
    meeting = _lock(meeting)
    if capacity is not None and capacity < 0:
        raise ValidationError({"capacity": _("Le nombre de places ne peut pas être négatif.")})
    confirmed = confirmed_count(meeting)
    if capacity is not None and capacity < confirmed:
        raise ValidationError(
            {
                "capacity": ngettext(
                    "Impossible : %(count)d personne est déjà inscrite. Annulez des inscriptions "
                    "avant de réduire le nombre de places.",
                    "Impossible : %(count)d personnes sont déjà inscrites. Annulez des "
                    "inscriptions avant de réduire le nombre de places.",
                    confirmed,
                )
                % {"count": confirmed}
            }
        )
    meeting.capacity = capacity
    meeting.save(update_fields=["capacity", "updated_at"])
    promoted = _free_seat_promotions(meeting)
    notify(meeting, "promoted", promoted)
    return promoted


def _check_day_open(meeting: Meeting) -> None:
    if not day_is_open(meeting):
        raise ValidationError(
            _(
                "L'émargement ouvre le jour de l'atelier (le %(date)s). L'équipe projet peut "
                "l'ouvrir plus tôt depuis la page de l'atelier."
            )
            % {"date": timezone.localtime(meeting.start).strftime("%d/%m/%Y")}
        )


@transaction.atomic
def checkin_set(*, participation: Participation, attended: bool, by) -> Participation:
    """The facilitator ticks (or unticks) a registered person at the door."""
    participation = (
        Participation.objects.select_for_update().select_related("meeting").get(pk=participation.pk)
    )
    _check_day_open(participation.meeting)
    if participation.status not in (S.REGISTERED, S.ATTENDING):
        raise ValidationError(
            _("Cette personne n'est pas inscrite : ajoutez-la comme participant·e sur place.")
        )
    participation.attended = attended
    participation.checked_in_at = timezone.now() if attended else None
    participation.save(update_fields=["attended", "checked_in_at", "updated_at"])
    return participation


@transaction.atomic
def checkin_walk_in(*, meeting: Meeting, user, by) -> Participation:
    """Someone came without registering (or from the waiting list): they attended.

    Walk-ins hold no registration seat: capacity is about confirmed registrations.
    """
    meeting = _lock(meeting)
    _check_day_open(meeting)
    participation = Participation.objects.filter(meeting=meeting, user=user).first()
    if participation is not None and participation.attended:
        raise ValidationError(_("Cette personne est déjà marquée présente."))
    if participation is not None and participation.status == S.REGISTERED:
        return checkin_set(participation=participation, attended=True, by=by)
    if participation is None:
        participation = Participation(meeting=meeting, user=user)
    participation.status = S.ATTENDING
    participation.walk_in = True
    participation.attended = True
    participation.checked_in_at = timezone.now()
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def checkin_guest(
    *,
    meeting: Meeting,
    by,
    name: str,
    organisation: str = "",
    territory=None,
    category=None,
    may_contact: bool = False,
) -> Participation:
    """Someone without an account came: a row with their name (no user), present. They count
    as one person in every figure; `may_contact` is their consent to be contacted again."""
    meeting = _lock(meeting)
    _check_day_open(meeting)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Indiquez le nom de la personne.")})
    organisation = " ".join((organisation or "").split())
    if Participation.objects.filter(
        meeting=meeting,
        user__isnull=True,
        guest_name__iexact=name,
        guest_organisation__iexact=organisation,
    ).exists():
        raise ValidationError(
            {"name": _("%(name)s est déjà enregistré·e comme présent·e.") % {"name": name}}
        )
    now = timezone.now()
    participation = Participation(
        meeting=meeting,
        user=None,
        guest_name=name,
        guest_organisation=organisation,
        guest_territory=territory,
        guest_category=category,
        guest_may_contact=may_contact,
        status=S.ATTENDING,
        walk_in=True,
        attended=True,
        checked_in_at=now,
        answered_at=now,
    )
    participation.full_clean()
    participation.save()
    return participation


ERASED_GUEST_NAME = "Personne effacée"


@transaction.atomic
def guests_erase(*, participations) -> int:
    """RGPD erasure of walk-ins without an account: the row stays (one person in the counts,
    no territory or category kept), who they were does not."""
    return participations.filter(user__isnull=True).update(
        guest_name=ERASED_GUEST_NAME,
        guest_organisation="",
        guest_territory=None,
        guest_category=None,
        guest_may_contact=False,
        comment="",
        updated_at=timezone.now(),
    )
