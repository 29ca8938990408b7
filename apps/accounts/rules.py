"""Role predicates every app reuses (django-rules). Object-level predicates live with their app."""

import rules

from .roles import ELECTED_OFFICIAL, FACILITATOR, PROJECT_TEAM, TECHNICAL_COMMITTEE

is_project_team = rules.is_group_member(PROJECT_TEAM) | rules.is_superuser
is_facilitator = rules.is_group_member(FACILITATOR)
is_elected_official = rules.is_group_member(ELECTED_OFFICIAL)
is_technical_committee = rules.is_group_member(TECHNICAL_COMMITTEE)
is_signed_in = rules.is_authenticated & rules.is_active


@rules.predicate
def is_self(user, person):
    return person is not None and user.is_authenticated and user.pk == person.pk


# A person's own profile: the person, and the project team (support requests).
rules.add_perm("accounts.view_profile", is_self | is_project_team)
rules.add_perm("accounts.change_profile", is_self)
# Listing people with their contact details (participation follow-up): project team only.
rules.add_perm("accounts.list_people", is_project_team)
