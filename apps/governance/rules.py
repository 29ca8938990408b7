"""Who may see and do what with bodies, meetings and documents (django-rules).

Deny by default: every view checks one of these permissions; templates use {% has_perm %}.
Every body-specific app reuses these predicates rather than writing its own.
"""

import rules

from apps.accounts.rules import is_project_team

from .models import Meeting, MeetingDocument, Membership, Participation


def _active_membership(user, body, roles=None) -> bool:
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
    return _active_membership(user, body)


@rules.predicate
def is_body_secretary(user, body):
    return _active_membership(user, body, {Membership.Role.SECRETARY, Membership.Role.FACILITATOR})


@rules.predicate
def is_meeting_body_member(user, meeting):
    return meeting is not None and _active_membership(user, meeting.body)


@rules.predicate
def is_meeting_secretary(user, meeting):
    return meeting is not None and _active_membership(
        user, meeting.body, {Membership.Role.SECRETARY, Membership.Role.FACILITATOR}
    )


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


# ---------------------------------------------------------------------------- minutes
from .models import Minutes  # noqa: E402


@rules.predicate
def is_minutes_drafter(user, minutes):
    """The meeting's secretary or facilitator (body role, or workshop facilitator)."""
    if minutes is None or not user.is_authenticated:
        return False
    meeting = minutes.meeting if isinstance(minutes, Minutes) else minutes
    if is_meeting_secretary(user, meeting):
        return True
    workshop = getattr(meeting, "workshop", None) if meeting.kind == Meeting.Kind.WORKSHOP else None
    return workshop is not None and workshop.facilitators.filter(pk=user.pk).exists()


@rules.predicate
def is_minutes_reviewer(user, minutes):
    if minutes is None or not user.is_authenticated:
        return False
    cache = minutes.__dict__.setdefault("_reviewer_cache", {})
    if user.pk not in cache:
        from .minutes import reviewers_of

        cache[user.pk] = reviewers_of(minutes).filter(pk=user.pk).exists()
    return cache[user.pk]


@rules.predicate
def minutes_in_draft(user, minutes):
    return minutes is not None and minutes.status == Minutes.Status.DRAFT


@rules.predicate
def minutes_in_review(user, minutes):
    return minutes is not None and minutes.status == Minutes.Status.IN_REVIEW


@rules.predicate
def minutes_published(user, minutes):
    return minutes is not None and minutes.status == Minutes.Status.PUBLISHED


@rules.predicate
def has_published_version(user, minutes):
    if minutes is None:
        return False
    cached = minutes.__dict__.get("_has_version")
    if cached is None:
        cached = minutes.__dict__["_has_version"] = minutes.versions.exists()
    return cached


@rules.predicate
def minutes_public(user, minutes):
    return minutes is not None and minutes.visibility == Minutes.Visibility.PUBLIC


@rules.predicate
def is_minutes_body_member(user, minutes):
    return minutes is not None and _active_membership(user, minutes.meeting.body)


can_read_minutes = has_published_version & (
    is_project_team | minutes_public | is_minutes_body_member
)
# Reviewers see the working copy while it is in review only: once published, they read it like
# anyone else (and not at all if the minutes are reserved to a body they are not in).
can_see_working_copy = (
    is_project_team | is_minutes_drafter | (is_minutes_reviewer & minutes_in_review)
)

rules.add_perm("governance.start_minutes", is_project_team | is_minutes_drafter)
rules.add_perm("governance.read_minutes", can_read_minutes)
rules.add_perm("governance.view_minutes_draft", can_see_working_copy)
rules.add_perm(
    "governance.edit_minutes", (is_project_team | is_minutes_drafter) & ~minutes_published
)
rules.add_perm(
    "governance.submit_minutes", (is_project_team | is_minutes_drafter) & minutes_in_draft
)
rules.add_perm(
    "governance.comment_minutes",
    (is_project_team | is_minutes_drafter | is_minutes_reviewer) & minutes_in_review,
)
rules.add_perm("governance.publish_minutes", is_project_team & minutes_in_review)
rules.add_perm("governance.return_minutes", is_project_team & minutes_in_review)
rules.add_perm("governance.correct_minutes", is_project_team & minutes_published)
