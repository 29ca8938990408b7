"""From a gap of the matrix to a priority action, pre-filled with its evidence."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.strategy.models import Contribution, Objective, PriorityAction
from apps.strategy.services import unique_action_slug

from .models import GapAction


@transaction.atomic
def action_create_from_gap(
    *,
    by,
    target_public,
    filiere,
    objective: Objective,
    title: str,
    description: str,
    contributions: list[Contribution],
    evidence: dict,
) -> PriorityAction:
    """A new priority action for one public × theme, citing the contributions behind the gap,
    tied to the public, with a snapshot of the evidence (survey figures, offers)."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Donnez un intitulé à l'action.")})
    if any(c.is_hidden for c in contributions):
        raise ValidationError(_("Une contribution masquée ne peut pas fonder une action."))
    action = PriorityAction(
        title=title,
        slug=unique_action_slug(title),
        description=(description or "").strip(),
        objective=objective,
        filiere=filiere,
        created_by=by,
    )
    action.full_clean()
    action.save()
    action.contributions.set(contributions)
    action.target_publics.set([target_public])
    GapAction.objects.create(
        action=action,
        target_public=target_public,
        filiere=filiere,
        evidence=evidence,
        created_by=by,
    )
    return action
