"""Who sees the observatory and the coverage of a meeting (django-rules).

The figures (aggregates, no names) are for the project team, the technical committee and the
elected officials; names of people (invitation candidates) only for the project team."""

import rules

from apps.accounts.rules import is_elected_official, is_project_team, is_technical_committee
from apps.governance.models import Body, Membership
from apps.governance.rules import is_meeting_facilitator


@rules.predicate
def sits_in_steering(user):
    """An active member of the technical committee, or an elected official of the COPIL."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_observatory_steering", None)
    if cached is None:
        cached = (
            Membership.objects.active()
            .filter(user=user)
            .filter(
                rules_q_steering(),
            )
            .exists()
        )
        user._observatory_steering = cached
    return cached


def rules_q_steering():
    from django.db.models import Q

    return Q(body__kind=Body.Kind.TECHNICAL_COMMITTEE) | Q(
        body__kind=Body.Kind.COPIL,
        role__in=[Membership.Role.ELECTED_OFFICIAL, Membership.Role.CHAIR],
    )


may_view_observatory = (
    is_project_team | is_technical_committee | is_elected_official | sits_in_steering
)

rules.add_perm("observatory.view_observatory", rules.is_active & may_view_observatory)
# The coverage box of a meeting (counts by EPCI × category, gaps): team and facilitators.
rules.add_perm("observatory.view_coverage", is_project_team | is_meeting_facilitator)
# Setting targets and inviting people (names and addresses): the project team only.
rules.add_perm("observatory.manage_targets", is_project_team)
rules.add_perm("observatory.invite", is_project_team)
