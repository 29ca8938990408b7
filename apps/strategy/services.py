"""Contributions and priority actions: capture, support, moderate, trace to actions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.slugs import unique_slug
from apps.governance.selectors import day_is_open

from . import signals
from .models import Challenge, Contribution, Filiere, Objective, PriorityAction, Support

MAX_CONTRIBUTION_LENGTH = 5000


@transaction.atomic
def contribution_create(
    *,
    meeting,
    author,
    captured_by,
    type: str,
    text: str,
    objectives: list[Objective] = (),
    filieres: list[Filiere] = (),
    challenges: list[Challenge] = (),
    target_publics: list = (),
) -> Contribution:
    """A contribution said in a workshop, by `author` (captured by them or a facilitator)."""
    from apps.governance.models import Meeting

    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("La contribution est vide : écrivez quelques mots.")})
    if len(text) > MAX_CONTRIBUTION_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "La contribution dépasse %(max)d caractères (%(length)d) : raccourcissez-la."
                )
                % {"max": MAX_CONTRIBUTION_LENGTH, "length": len(text)}
            }
        )
    if meeting.kind != Meeting.Kind.WORKSHOP:
        raise ValidationError(_("Les contributions se recueillent en atelier."))
    if meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CANCELLED):
        raise ValidationError(_("Cet atelier n'accepte pas de contributions."))
    if not day_is_open(meeting):
        raise ValidationError(
            _("Les contributions s'ouvrent le jour de l'atelier (le %(date)s).")
            % {"date": timezone.localtime(meeting.start).strftime("%d/%m/%Y")}
        )
    if not objectives and not filieres and not challenges:
        raise ValidationError(
            {
                "objectives": _(
                    "Rattachez la contribution à au moins un objectif, une filière ou un défi."
                )
            }
        )
    contribution = Contribution(
        meeting=meeting, author=author, captured_by=captured_by, type=type, text=text
    )
    contribution.full_clean()
    contribution.save()
    contribution.objectives.set(objectives)
    contribution.filieres.set(filieres)
    contribution.challenges.set(challenges)
    contribution.target_publics.set(target_publics)
    return contribution


def contribution_support(*, contribution: Contribution, user) -> Support:
    """« Je soutiens », once per person."""
    if contribution.is_hidden:
        raise ValidationError(_("Cette contribution est masquée."))
    if contribution.author_id == user.pk:
        raise ValidationError(_("Vous ne pouvez pas soutenir votre propre contribution."))
    try:
        with transaction.atomic():
            return Support.objects.create(contribution=contribution, user=user)
    except IntegrityError:
        raise ValidationError(_("Vous soutenez déjà cette contribution.")) from None


@transaction.atomic
def contribution_hide(*, contribution: Contribution, by, reason: str) -> Contribution:
    """The project team hides a contribution with a reason; it is kept, not deleted."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du masquage.")})
    contribution.is_hidden = True
    contribution.hidden_reason = reason[:300]
    contribution.hidden_by = by
    contribution.hidden_at = timezone.now()
    contribution.save()
    return contribution


@transaction.atomic
def contribution_unhide(*, contribution: Contribution, by) -> Contribution:
    contribution.is_hidden = False
    contribution.hidden_reason = ""
    contribution.hidden_by = None
    contribution.hidden_at = None
    contribution.save()
    return contribution


# Paths under /strategie/actions/ that an action's slug must not shadow.
RESERVED_ACTION_SLUGS = {"nouvelle", "rattacher"}


def unique_action_slug(title: str) -> str:
    return unique_slug(
        PriorityAction.objects.all(), title, reserved=RESERVED_ACTION_SLUGS, fallback="action"
    )


@transaction.atomic
def action_create_from_contributions(
    *,
    contributions: list[Contribution],
    by,
    title: str,
    objective: Objective,
    description: str = "",
    challenge: Challenge | None = None,
    filiere: Filiere | None = None,
    lead_organisation=None,
    due_date=None,
) -> PriorityAction:
    """Turn one or several contributions into a new priority action (the traceability link)."""
    if not contributions:
        raise ValidationError(_("Choisissez au moins une contribution d'origine."))
    if any(c.is_hidden for c in contributions):
        raise ValidationError(_("Une contribution masquée ne peut pas fonder une action."))
    if challenge is not None and challenge.objective_id != objective.pk:
        raise ValidationError({"challenge": _("Ce défi ne relève pas de l'objectif choisi.")})
    action = PriorityAction(
        title=" ".join(title.split()),
        slug=unique_action_slug(title),
        description=description.strip(),
        objective=objective,
        challenge=challenge,
        filiere=filiere,
        lead_organisation=lead_organisation,
        due_date=due_date,
        created_by=by,
    )
    action.full_clean()
    action.save()
    action.contributions.set(contributions)
    signals.contributions_linked_to_action.send(
        sender=PriorityAction,
        action=action,
        contributions=list(contributions),
        by=by,
        created=True,
    )
    return action


@transaction.atomic
def action_link_contributions(*, action: PriorityAction, contributions: list[Contribution], by):
    """Cite more contributions as the origin of an existing action."""
    if not contributions:
        raise ValidationError(_("Choisissez au moins une contribution."))
    if any(c.is_hidden for c in contributions):
        raise ValidationError(_("Une contribution masquée ne peut pas fonder une action."))
    already = set(action.contributions.values_list("pk", flat=True))
    new = [c for c in contributions if c.pk not in already]
    action.contributions.add(*new)
    if new:
        signals.contributions_linked_to_action.send(
            sender=PriorityAction, action=action, contributions=new, by=by, created=False
        )
    return action


@transaction.atomic
def action_update(*, action: PriorityAction, by, source=None, **fields) -> PriorityAction:
    """Change an action's fields (status, progress, …); a new status is announced to the apps
    that listen (`action_status_changed`), with what decided it (`source`)."""
    old_status = (
        PriorityAction.objects.filter(pk=action.pk).values_list("status", flat=True).first()
    )
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    if old_status is not None and old_status != action.status:
        signals.action_status_changed.send(
            sender=PriorityAction,
            action=action,
            old_status=old_status,
            new_status=action.status,
            by=by,
            source=source,
        )
    return action
