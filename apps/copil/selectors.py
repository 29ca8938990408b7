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
from apps.governance.selectors import meetings_visible_to
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


PAST_SHOWN = 5  # the last few sessions on /copil/; the others in the archive by year
UPCOMING_SHOWN = 20


@dataclass
class CopilOverview:
    body: Body
    members: list[MemberRow]
    hidden_members: int
    sees_everyone: bool
    upcoming: list[Meeting]
    past: list[Meeting]
    minutes: list[MeetingMinutes] = field(default_factory=list)  # published, readable
    archive_years: list[int] = field(default_factory=list)  # years with past sessions


def _visible_sessions(*, body: Body, viewer):
    """The COPIL sessions the viewer may see, filtered in the query (governance's visibility
    rule as a queryset), with their minutes annotated."""
    return with_minutes(
        meetings_visible_to(user=viewer).filter(kind=Meeting.Kind.COPIL, body=body)
    ).select_related("body")


def _prime(meetings: list[Meeting], *, body: Body, viewer) -> None:
    """The viewer's participations in these sessions, for the rules' caches (one query)."""
    if viewer.is_authenticated and meetings:
        mine = {
            p.meeting_id: p for p in Participation.objects.filter(user=viewer, meeting__in=meetings)
        }
        _prime_participation_cache(meetings, viewer, mine)


def copil_overview(*, viewer) -> CopilOverview:
    """/copil/: the members, the upcoming sessions, the last few past ones (with their
    minutes) and the years of the archive — bounded, whatever the number of sessions."""
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

    now = timezone.now()
    sessions = _visible_sessions(body=body, viewer=viewer)
    upcoming = list(sessions.filter(end__gte=now).order_by("start")[:UPCOMING_SHOWN])
    past = list(sessions.filter(end__lt=now).order_by("-start")[:PAST_SHOWN])
    _prime(upcoming + past, body=body, viewer=viewer)
    years = [
        moment.year
        for moment in sessions.filter(end__lt=now).datetimes("start", "year", order="DESC")
    ]
    return CopilOverview(
        body=body,
        members=members,
        hidden_members=hidden,
        sees_everyone=sees_everyone,
        upcoming=upcoming,
        past=past,
        minutes=readable_meeting_minutes(meetings=past, viewer=viewer),
        archive_years=years,
    )


@dataclass
class CopilArchive:
    body: Body
    year: int
    sessions: list[Meeting]
    minutes: list[MeetingMinutes]
    years: list[int]


def copil_archive(*, viewer, year: int) -> CopilArchive:
    """/copil/archives/<year>/: the past sessions of one year the viewer may see."""
    body = copil_body()
    sessions = _visible_sessions(body=body, viewer=viewer).filter(end__lt=timezone.now())
    meetings = list(sessions.filter(start__year=year).order_by("-start")[:100])
    _prime(meetings, body=body, viewer=viewer)
    years = [m.year for m in sessions.datetimes("start", "year", order="DESC")]
    return CopilArchive(
        body=body,
        year=year,
        sessions=meetings,
        minutes=readable_meeting_minutes(meetings=meetings, viewer=viewer),
        years=years,
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
