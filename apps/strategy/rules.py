"""Who may contribute, support, moderate and turn contributions into priority actions."""

import rules
from django.db.models import Q

from apps.accounts.rules import is_project_team
from apps.governance.models import Membership, Participation
from apps.governance.rules import is_meeting_facilitator


@rules.predicate
def is_workshop_participant(user, meeting):
    """Registered (confirmed seat) or checked in."""
    if meeting is None or not user.is_authenticated:
        return False
    return (
        Participation.objects.filter(meeting=meeting, user=user).filter(rules_status_q()).exists()
    )


def rules_status_q():

    return Q(status=Participation.Status.REGISTERED) | Q(attended=True)


@rules.predicate
def is_facilitator_of_contribution(user, contribution):
    return contribution is not None and is_meeting_facilitator(user, contribution.meeting)


@rules.predicate
def is_participant_of_contribution(user, contribution):
    return contribution is not None and is_workshop_participant(user, contribution.meeting)


@rules.predicate
def is_online_reader(user, contribution):
    """An online contribution (no workshop) the signed-in user may read: open to all, or
    reserved to a body they are an active member of."""
    if contribution is None or contribution.meeting_id is not None:
        return False
    if not user.is_authenticated:
        return False
    if contribution.restricted_to_id is None:
        return True
    return (
        Membership.objects.active()
        .filter(user=user, body_id=contribution.restricted_to_id)
        .exists()
    )


@rules.predicate
def contribution_is_visible(user, contribution):
    return contribution is not None and not contribution.is_hidden


can_capture = is_project_team | is_meeting_facilitator

rules.add_perm(
    "strategy.add_contribution", is_project_team | is_meeting_facilitator | is_workshop_participant
)
rules.add_perm("strategy.add_contribution_for_others", can_capture)
rules.add_perm(
    "strategy.support_contribution",
    rules.is_authenticated
    & contribution_is_visible
    & (is_participant_of_contribution | is_facilitator_of_contribution | is_online_reader),
)
rules.add_perm("strategy.hide_contribution", is_project_team)
rules.add_perm("strategy.make_action", is_project_team | is_facilitator_of_contribution)
rules.add_perm("strategy.manage_action", is_project_team)
