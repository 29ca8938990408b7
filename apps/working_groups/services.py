"""State changes of working groups: create and edit a group, join, leave, decide on requests.

Memberships stay governance's (`Membership` rows on the group's Body); this module only adds
the way volunteers come and go. Each change locks the group's row, so two clicks or two people
cannot create two memberships or two pending requests. Emails leave after the commit.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.rules import is_project_team
from apps.core.mail import queue_email
from apps.core.slugs import unique_slug
from apps.governance.models import Body, Membership

from .models import JoinRequest, WorkingGroup
from .selectors import current_memberships, group_accepts_members

# Emails: working_groups/email/<notice>.txt, subject in working_groups/email/subject.txt.
NOTICES = ("welcome", "request_received", "request_accepted", "request_refused")


def _send(*, notice: str, group: WorkingGroup, user) -> None:
    if not user.is_active or not user.email:
        return
    context = {
        "notice": notice,
        "group": group,
        "user": user,
        "group_url": settings.SITE_URL + group.get_absolute_url(),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("working_groups/email/subject.txt", context)
        body = render_to_string(f"working_groups/email/{notice}.txt", context)
    queue_email(
        EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        ),
        key=f"group:{group.pk}:{notice}:u{user.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
    )


def _lock(group: WorkingGroup) -> WorkingGroup:
    return WorkingGroup.objects.select_for_update().select_related("body").get(pk=group.pk)


def _is_member(group: WorkingGroup, user) -> bool:
    """A current membership, or an open one starting later (the open row is unique per body)."""
    return (
        current_memberships().filter(body_id=group.pk, user=user).exists()
        or Membership.objects.filter(body_id=group.pk, user=user, until__isnull=True).exists()
    )


def _add_member(group: WorkingGroup, user) -> Membership:
    membership = Membership(
        body_id=group.pk, user=user, role=Membership.Role.MEMBER, since=timezone.localdate()
    )
    membership.full_clean()
    membership.save()
    return membership


# ------------------------------------------------------------------------------ volunteers
@transaction.atomic
def group_join(*, group: WorkingGroup, user, message: str = "") -> Membership | JoinRequest:
    """Open group: a membership at once (and a welcome email). Approval group: a pending
    request the project team decides on (and an acknowledgement)."""
    group = _lock(group)
    if not group_accepts_members(group):
        raise ValidationError(_("Ce groupe de travail n'accueille plus de nouveaux membres."))
    if _is_member(group, user):
        raise ValidationError(_("Vous êtes déjà membre de ce groupe de travail."))
    if group.join_policy == WorkingGroup.JoinPolicy.OPEN:
        membership = _add_member(group, user)
        _send(notice="welcome", group=group, user=user)
        return membership
    if JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequest.Status.PENDING
    ).exists():
        raise ValidationError(
            _("Votre demande d'adhésion est déjà en attente de la réponse de l'équipe projet.")
        )
    request = JoinRequest(group=group, user=user, message=" ".join(message.split())[:500])
    request.full_clean()
    request.save()
    _send(notice="request_received", group=group, user=user)
    return request


@transaction.atomic
def group_leave(*, group: WorkingGroup, user) -> int:
    """Close one's membership: `until` is today. Returns how many memberships were closed."""
    group = _lock(group)
    today = timezone.localdate()
    memberships = list(
        current_memberships().select_for_update().filter(body_id=group.pk, user=user)
    )
    if not memberships:
        raise ValidationError(_("Vous n'êtes pas membre de ce groupe de travail."))
    for membership in memberships:
        membership.until = today
        membership.full_clean()
        membership.save(update_fields=["until"])
    return len(memberships)


@transaction.atomic
def join_request_decide(*, request: JoinRequest, accept: bool, by) -> JoinRequest:
    """The project team accepts (a membership) or refuses; the person is told by email."""
    if not is_project_team.test(by):
        raise PermissionDenied(_("Seule l'équipe projet décide des demandes d'adhésion."))
    group = _lock(request.group)
    request = JoinRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    if accept:
        if not _is_member(group, request.user):
            _add_member(group, request.user)
        request.status = JoinRequest.Status.ACCEPTED
    else:
        request.status = JoinRequest.Status.REFUSED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    _send(
        notice="request_accepted" if accept else "request_refused",
        group=group,
        user=request.user,
    )
    return request


# ---------------------------------------------------------------------------- project team
def _unique_slug(name: str, year: int | None) -> str:
    return unique_slug(
        Body.objects.all(),
        f"{name}-{year}" if year else name,
        fallback="groupe-de-travail",
        max_length=90,
    )


def _set_facilitators(group: WorkingGroup, facilitators: Iterable) -> None:
    """Facilitators are memberships with the facilitator role: a member chosen becomes one;
    someone no longer chosen has their membership closed today."""
    today = timezone.localdate()
    wanted = {user.pk for user in facilitators}
    current = list(
        current_memberships()
        .select_for_update()
        .filter(body_id=group.pk, role=Membership.Role.FACILITATOR)
    )
    for membership in current:
        if membership.user_id not in wanted:
            membership.until = today
            membership.save(update_fields=["until"])
    missing = wanted - {m.user_id for m in current}
    open_rows = {
        m.user_id: m
        for m in Membership.objects.select_for_update().filter(
            body_id=group.pk, user_id__in=missing, until__isnull=True
        )
    }
    for user_id in sorted(missing):
        membership = open_rows.get(user_id) or Membership(
            body_id=group.pk, user_id=user_id, since=today, publicly_listed=True
        )
        membership.role = Membership.Role.FACILITATOR
        membership.full_clean()
        membership.save()


@transaction.atomic
def group_create(
    *,
    by,
    name: str,
    year: int,
    theme: str,
    description: str = "",
    objectives: Iterable = (),
    filieres: Iterable = (),
    join_policy: str = WorkingGroup.JoinPolicy.OPEN,
    facilitators: Iterable = (),
) -> WorkingGroup:
    """The group's Body (kind working group) and its WorkingGroup, in one transaction."""
    if not is_project_team.test(by):
        raise PermissionDenied(_("Seule l'équipe projet crée les groupes de travail."))
    body = Body(
        kind=Body.Kind.WORKING_GROUP,
        name=" ".join(name.split()),
        slug=_unique_slug(name, year),
        description=description.strip(),
        year=year,
        is_active=True,
    )
    body.full_clean()
    body.save()
    group = WorkingGroup(body=body, theme=" ".join(theme.split()), join_policy=join_policy)
    group.full_clean()
    group.save()
    group.objectives.set(objectives)
    group.filieres.set(filieres)
    _set_facilitators(group, facilitators)
    return group


@transaction.atomic
def group_update(
    *,
    group: WorkingGroup,
    by,
    name: str,
    year: int,
    theme: str,
    description: str,
    objectives: Iterable,
    filieres: Iterable,
    join_policy: str,
    facilitators: Iterable,
    is_active: bool,
) -> WorkingGroup:
    """Edit a group. Its address (slug) never changes: it is on flyers and in emails."""
    if not is_project_team.test(by):
        raise PermissionDenied(_("Seule l'équipe projet modifie les groupes de travail."))
    group = _lock(group)
    body = group.body
    body.name = " ".join(name.split())
    body.year = year
    body.description = description.strip()
    body.is_active = is_active
    body.full_clean()
    body.save()
    group.theme = " ".join(theme.split())
    group.join_policy = join_policy
    group.full_clean()
    group.save()
    group.objectives.set(objectives)
    group.filieres.set(filieres)
    _set_facilitators(group, facilitators)
    return group
