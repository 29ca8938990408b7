"""Who may start, edit, review, publish, correct and read minutes (django-rules)."""

import rules

from apps.accounts.rules import is_project_team
from apps.governance.rules import active_membership, is_meeting_facilitator

from .models import Minutes


@rules.predicate
def is_minutes_drafter(user, minutes):
    """The meeting's secretary or facilitator (`minutes`: a Minutes, or a Meeting to start one)."""
    if minutes is None or not user.is_authenticated:
        return False
    meeting = minutes.meeting if isinstance(minutes, Minutes) else minutes
    return is_meeting_facilitator(user, meeting)


@rules.predicate
def is_minutes_reviewer(user, minutes):
    if minutes is None or not user.is_authenticated:
        return False
    cache = minutes.__dict__.setdefault("_reviewer_cache", {})
    if user.pk not in cache:
        from .selectors import reviewers_of

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
    return minutes is not None and active_membership(user, minutes.meeting.body)


can_read_minutes = has_published_version & (
    is_project_team | minutes_public | is_minutes_body_member
)
# Reviewers see the working copy while it is in review only: once published, they read it like
# anyone else (and not at all if the minutes are reserved to a body they are not in).
can_see_working_copy = (
    is_project_team | is_minutes_drafter | (is_minutes_reviewer & minutes_in_review)
)

rules.add_perm("minutes.start_minutes", is_project_team | is_minutes_drafter)
rules.add_perm("minutes.read_minutes", can_read_minutes)
rules.add_perm("minutes.view_minutes_draft", can_see_working_copy)
rules.add_perm("minutes.edit_minutes", (is_project_team | is_minutes_drafter) & ~minutes_published)
rules.add_perm("minutes.submit_minutes", (is_project_team | is_minutes_drafter) & minutes_in_draft)
rules.add_perm(
    "minutes.comment_minutes",
    (is_project_team | is_minutes_drafter | is_minutes_reviewer) & minutes_in_review,
)
rules.add_perm("minutes.publish_minutes", is_project_team & minutes_in_review)
rules.add_perm("minutes.return_minutes", is_project_team & minutes_in_review)
rules.add_perm("minutes.correct_minutes", is_project_team & minutes_published)
