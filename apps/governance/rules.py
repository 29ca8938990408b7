"""Who may see and do what with bodies, meetings and documents (django-rules).

Deny by default: every view checks one of these permissions; templates use {% has_perm %}.
Every body-specific app reuses these predicates rather than writing its own.
"""

import rules

from apps.accounts.rules import is_project_team

from .models import Meeting, MeetingDocument, Membership, Participation


def active_membership(user, body, roles=None) -> bool:
    if body is None or not user.is_authenticated:
        return False
    cache = getattr(user, "_body_roles_cache", None)
    if cache is None:
        cache = {}
        for body_id, role in (
            Membership.objects.active().filter(user=user).values_list("body_id", "role")
        ):
            cache.setdefault(body_id, set()).add(role)
        user._body_roles_cache = cache
    held = cache.get(body.pk, set())
    return bool(held) if roles is None else bool(held & set(roles))


@rules.predicate
def is_body_member(user, body):
    return active_membership(user, body)


@rules.predicate
def is_meeting_body_member(user, meeting):
    return meeting is not None and active_membership(user, meeting.body)


@rules.predicate
def is_meeting_secretary(user, meeting):
    return meeting is not None and active_membership(
        user, meeting.body, {Membership.Role.SECRETARY, Membership.Role.FACILITATOR}
    )


# Apps that name facilitators of a meeting (workshops) plug in here: governance never looks up
# a higher app's rows. A lookup takes (user, meeting) and answers True or False.
_facilitator_lookups: list = []


def register_facilitator_lookup(lookup):
    """Called from a higher app's AppConfig.ready(); returns the lookup (usable as a decorator)."""
    if lookup not in _facilitator_lookups:
        _facilitator_lookups.append(lookup)
    return lookup


@rules.predicate
def is_meeting_facilitator(user, meeting):
    """A facilitator the meeting's app names (e.g. a workshop's), or its body's secretary or
    facilitator: who runs the meeting on the day, captures contributions and drafts minutes."""
    if meeting is None or not user.is_authenticated:
        return False
    if any(lookup(user, meeting) for lookup in _facilitator_lookups):
        return True
    return is_meeting_secretary(user, meeting)


def _participation(user, meeting):
    if meeting is None or not user.is_authenticated:
        return None
    cache = getattr(meeting, "_participation_cache", None)
    if cache is None:
        cache = meeting._participation_cache = {}
    if user.pk not in cache:
        cache[user.pk] = Participation.objects.filter(meeting=meeting, user=user).first()
    return cache[user.pk]


@rules.predicate
def is_convoked(user, meeting):
    """Invited (and not refused): a guest of an open COPIL sees what members see."""
    participation = _participation(user, meeting)
    return participation is not None and participation.status in Participation.CONVOKED


@rules.predicate
def is_seated(user, meeting):
    """Holds a confirmed seat at a workshop or plenary, or was checked in."""
    participation = _participation(user, meeting)
    return participation is not None and (
        participation.status == Participation.Status.REGISTERED or bool(participation.attended)
    )


@rules.predicate
def is_draft(user, meeting):
    return meeting is not None and meeting.status == Meeting.Status.DRAFT


@rules.predicate
def is_public_meeting(user, meeting):
    return meeting is not None and meeting.visibility == Meeting.Visibility.PUBLIC


@rules.predicate
def accepts_requests(user, meeting):
    return (
        meeting is not None
        and meeting.open_to_requests
        and meeting.status == Meeting.Status.SCHEDULED
        and not meeting.is_past
    )


is_insider = is_project_team | is_meeting_body_member | is_convoked

can_view_meeting = is_project_team | (
    ~is_draft & (is_public_meeting | is_meeting_body_member | is_convoked)
)


@rules.predicate
def document_meeting_visible(user, document):
    return document is not None and can_view_meeting.test(user, document.meeting)


@rules.predicate
def is_public_document(user, document):
    return document is not None and document.visibility == MeetingDocument.Visibility.PUBLIC


@rules.predicate
def is_document_insider(user, document):
    return document is not None and is_insider.test(user, document.meeting)


@rules.predicate
def owns_participation(user, participation):
    return participation is not None and user.is_authenticated and participation.user_id == user.pk


rules.add_perm("governance.view_meeting", can_view_meeting)
rules.add_perm("governance.manage_meeting", is_project_team)
rules.add_perm("governance.add_meeting", is_project_team)
rules.add_perm("governance.view_answers", is_project_team | is_meeting_secretary)
rules.add_perm("governance.record_attendance", is_project_team | is_meeting_secretary)
rules.add_perm(
    "governance.view_document",
    document_meeting_visible & (is_public_document | is_document_insider),
)
rules.add_perm("governance.add_document", is_project_team)
rules.add_perm(
    "governance.request_attendance",
    rules.is_authenticated & ~is_project_team & ~is_meeting_body_member & accepts_requests,
)
rules.add_perm("governance.answer_participation", owns_participation)
rules.add_perm("governance.view_body_members", is_project_team | is_body_member)
