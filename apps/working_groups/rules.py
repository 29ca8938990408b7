"""Who may do what with working groups (django-rules). Deny by default: every view checks one
of these permissions, templates use {% has_perm %}.

Pages are public (past years' groups stay readable); joining needs a signed-in person who is
not a member yet, on a group still open to newcomers; the project team manages groups and
decides on join requests.
"""

import rules

from apps.accounts.rules import is_project_team, is_signed_in
from apps.governance.models import Membership

from .selectors import current_memberships, group_accepts_members


def _current_roles(user, group) -> set[str]:
    """The viewer's roles in the group now; every group's roles are fetched in one query,
    once per request (cached on the user object)."""
    if group is None or not user.is_authenticated:
        return set()
    cache = getattr(user, "_working_group_roles_cache", None)
    if cache is None:
        cache = {}
        rows = current_memberships().filter(user=user).order_by().values_list("body_id", "role")
        for body_id, role in rows:
            cache.setdefault(body_id, set()).add(role)
        user._working_group_roles_cache = cache
    return cache.get(group.pk, set())


@rules.predicate
def is_group_member(user, group):
    return bool(_current_roles(user, group))


@rules.predicate
def is_group_facilitator(user, group):
    return Membership.Role.FACILITATOR in _current_roles(user, group)


@rules.predicate
def group_is_open(user, group):
    return group is not None and group_accepts_members(group)


rules.add_perm("working_groups.view_group", rules.always_allow)
rules.add_perm("working_groups.manage_group", is_project_team)
rules.add_perm("working_groups.join_group", is_signed_in & ~is_group_member & group_is_open)
rules.add_perm("working_groups.leave_group", is_signed_in & is_group_member)
rules.add_perm("working_groups.decide_request", is_project_team)
rules.add_perm("working_groups.view_group_members", is_project_team | is_group_facilitator)
