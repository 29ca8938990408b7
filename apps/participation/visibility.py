"""Who may see what, in one place: the pages, the counts and the notifications app ask here.

A call reserved to a body's members is invisible to everyone else (404, never listed, never
counted); a hidden comment is shown only to the moderators; a comment is seen by whoever may see
what it is about. `can_view(user, obj)` is the predicate other apps (notifications) call for
each recipient before telling them about an object.
"""

from django.db.models import Q, QuerySet

from apps.accounts.rules import is_project_team
from apps.governance.models import Membership

from .models import Call, Comment, Prioritisation, Proposal


def is_moderator(user) -> bool:
    return user.is_authenticated and is_project_team.test(user)


def member_body_ids(user):
    return Membership.objects.active().filter(user=user).values("body_id")


def calls_visible_to(*, user) -> QuerySet[Call]:
    calls = Call.objects.select_related("objective", "challenge", "filiere", "body")
    if is_moderator(user):
        return calls
    if not user.is_authenticated:
        return calls.filter(body__isnull=True)
    return calls.filter(Q(body__isnull=True) | Q(body__in=member_body_ids(user)))


def can_view_call(user, call) -> bool:
    if call is None:
        return False
    if call.body_id is None or is_moderator(user):
        return True
    if not user.is_authenticated:
        return False
    return Membership.objects.active().filter(user=user, body_id=call.body_id).exists()


def can_view_contribution(user, contribution) -> bool:
    from apps.strategy.selectors import contributions_visible_to

    if contribution is None:
        return False
    return contributions_visible_to(user=user).filter(pk=contribution.pk).exists()


def can_view_comment(user, comment) -> bool:
    if comment is None:
        return False
    if comment.is_hidden and not is_moderator(user):
        return False
    if comment.parent_id and comment.parent.is_hidden and not is_moderator(user):
        return False
    if comment.contribution_id:
        return can_view_contribution(user, comment.contribution)
    return True  # priority actions are public


def can_view_prioritisation(user, prioritisation) -> bool:
    return prioritisation is not None  # open to every visitor to read (voting needs sign-in)


def can_view_proposal(user, proposal) -> bool:
    """A proposal is on a COPIL session's agenda: whoever may see the session sees it."""
    from apps.governance.rules import can_view_meeting

    return proposal is not None and can_view_meeting.test(user, proposal.meeting)


def can_view(user, obj) -> bool:
    """May `user` see `obj` (a Call, a Comment, a Prioritisation, a Proposal, a Contribution)?"""
    from apps.strategy.models import Contribution

    if isinstance(obj, Call):
        return can_view_call(user, obj)
    if isinstance(obj, Comment):
        return can_view_comment(user, obj)
    if isinstance(obj, Prioritisation):
        return can_view_prioritisation(user, obj)
    if isinstance(obj, Proposal):
        return can_view_proposal(user, obj)
    if isinstance(obj, Contribution):
        return can_view_contribution(user, obj)
    return False
