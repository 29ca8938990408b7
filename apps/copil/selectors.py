"""Reads of the COPIL pages, with their joins in one place (the query count of a page is here).

Visibility is decided by the permissions of `apps.governance.rules`, tested in Python on
prefetched rows: the viewer's memberships and participations are fetched once and handed to
the predicates' caches, so the number of queries does not grow with sessions or people.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.governance.models import Body, Meeting, MeetingDocument, Membership, Participation
from apps.governance.rules import is_insider
from apps.minutes.selectors import (
    MeetingMinutes,
    readable_meeting_minutes,
    with_minutes,
)

COPIL_SLUG = "copil"
SESSION_KINDS = (Meeting.Kind.COPIL, Meeting.Kind.TECHNICAL_COMMITTEE)


def copil_body() -> Body:
    return get_object_or_404(Body, slug=COPIL_SLUG)


def _prime_participation_cache(meetings, viewer, participations_by_meeting: dict) -> None:
    """Hand the viewer's participation (or None) to `rules._participation`'s cache."""
    if not viewer.is_authenticated:
        return
    for meeting in meetings:
        cache = getattr(meeting, "_participation_cache", None)
        if cache is None:
            cache = meeting._participation_cache = {}
        cache[viewer.pk] = participations_by_meeting.get(meeting.pk)


@dataclass
class MemberRow:
    membership: Membership
    shown: bool  # False: the person did not agree to be listed publicly (insiders still see)


@dataclass
class CopilOverview:
    body: Body
    members: list[MemberRow]
    hidden_members: int
    sees_everyone: bool
    upcoming: list[Meeting]
    past: list[Meeting]
    minutes: list[MeetingMinutes] = field(default_factory=list)  # published, readable


def copil_overview(*, viewer) -> CopilOverview:
    body = copil_body()
    sees_everyone = viewer.has_perm("governance.view_body_members", body)
    memberships = list(
        Membership.objects.active()
        .filter(body=body, user__is_active=True)
        .select_related("user", "user__organisation")
        .order_by("role", "user__last_name", "user__first_name")
    )
    members = [
        MemberRow(membership=m, shown=m.publicly_listed)
        for m in memberships
        if sees_everyone or m.publicly_listed
    ]
    hidden = 0 if sees_everyone else sum(1 for m in memberships if not m.publicly_listed)

    meetings = list(
        with_minutes(Meeting.objects.filter(kind=Meeting.Kind.COPIL, body=body))
        .select_related("body")
        .order_by("start")
    )
    if viewer.is_authenticated:
        mine = {
            p.meeting_id: p
            for p in Participation.objects.filter(
                user=viewer, meeting__kind=Meeting.Kind.COPIL, meeting__body=body
            )
        }
        _prime_participation_cache(meetings, viewer, mine)
    visible = [m for m in meetings if viewer.has_perm("governance.view_meeting", m)]
    now = timezone.now()
    return CopilOverview(
        body=body,
        members=members,
        hidden_members=hidden,
        sees_everyone=sees_everyone,
        upcoming=[m for m in visible if m.end >= now],
        past=sorted((m for m in visible if m.end < now), key=lambda m: m.start, reverse=True),
        minutes=readable_meeting_minutes(meetings=meetings, viewer=viewer),
    )


def session_for_viewer(*, slug: str, viewer) -> Meeting | None:
    """The session with its agenda, documents and minutes, or None when the viewer may not see
    it (a draft or members-only session must not reveal that it exists)."""
    meeting = (
        with_minutes(Meeting.objects.filter(kind__in=SESSION_KINDS, slug=slug))
        .select_related("body")
        .prefetch_related(
            "agenda_items",
            Prefetch("documents", queryset=MeetingDocument.objects.order_by("uploaded_at")),
        )
        .first()
    )
    if meeting is None:
        return None
    own = None
    if viewer.is_authenticated:
        own = Participation.objects.filter(meeting=meeting, user=viewer).first()
        _prime_participation_cache([meeting], viewer, {meeting.pk: own})
    if not viewer.has_perm("governance.view_meeting", meeting):
        return None
    meeting.viewer_participation = own
    return meeting


@dataclass
class AnswerSummary:
    participations: list[Participation] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    requests: list[Participation] = field(default_factory=list)
    others: list[Participation] = field(default_factory=list)  # refused requests, registrations


def session_answers(*, meeting: Meeting) -> AnswerSummary:
    """Everyone linked to the session, for the project team: answers, requests, counts."""
    rows = list(
        meeting.participations.select_related("user", "user__organisation", "proxy").order_by(
            "user__last_name", "user__first_name", "pk"
        )
    )
    convoked = [p for p in rows if p.status in Participation.CONVOKED]
    tally = Counter(p.status for p in convoked)
    return AnswerSummary(
        participations=convoked,
        counts={
            "attending": tally[Participation.Status.ATTENDING],
            "excused": tally[Participation.Status.EXCUSED],
            "represented": tally[Participation.Status.REPRESENTED],
            "unanswered": tally[Participation.Status.INVITED],
            "total": len(convoked),
        },
        requests=[p for p in rows if p.status == Participation.Status.REQUESTED],
        others=[
            p
            for p in rows
            if p.status not in Participation.CONVOKED and p.status != Participation.Status.REQUESTED
        ],
    )


def visible_documents(*, meeting: Meeting, viewer) -> list[MeetingDocument]:
    """The session's documents the viewer may download (prefetched: no query per document)."""
    return [d for d in meeting.documents.all() if viewer.has_perm("governance.view_document", d)]


def viewer_is_insider(*, meeting: Meeting, viewer) -> bool:
    """Project team, body member or convoked: sees what is not for the public (online link)."""
    return is_insider.test(viewer, meeting)


def convoked_participations(*, meeting: Meeting) -> list[Participation]:
    return list(
        meeting.participations.filter(status__in=Participation.CONVOKED)
        .select_related("user", "user__organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
