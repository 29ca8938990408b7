"""Reads of the minutes pages: the reading room, a minutes page, the edit form's choices, and
the « Compte rendu » box other pages show for a meeting. A page's query count is decided here.

Who may read is `minutes.read_minutes` (apps.governance.rules). A paginated, searchable list
cannot test a rule row by row, so `readable_minutes_q` states the same rule as a filter, in this one
place; tests check the two agree for every role. Lists built from meetings another page
already fetched (`with_minutes` then `meeting_minutes`) test the rule itself, in Python, on
annotated rows: they add no query.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.utils import timezone

from apps.accounts.rules import is_project_team
from apps.core import hooks
from apps.governance.models import Body, Meeting, Membership, Participation

from .facets import facet_rows
from .models import Decision, Minutes, MinutesRead, MinutesVersion
from .search import search

PAGE_SIZE = 20
READ = "minutes.read_minutes"
SEE_DRAFT = "minutes.view_minutes_draft"


# ------------------------------------------------------------------------------ who may read
def readable_minutes_q(viewer, prefix: str = "") -> Q | None:
    """`minutes.read_minutes` as a filter on Minutes (through `prefix`); None: everything.

    Same rule as `can_read_minutes`: project team, public minutes, or members of the body.
    (Having a published version is the caller's part: it lists versions.)
    """
    if is_project_team.test(viewer):
        return None
    readable = Q(**{f"{prefix}visibility": Minutes.Visibility.PUBLIC})
    if viewer.is_authenticated:
        bodies = Membership.objects.active().filter(user=viewer).values("body_id")
        readable |= Q(**{f"{prefix}meeting__body_id__in": bodies})
    return readable


def _latest_versions() -> QuerySet[MinutesVersion]:
    newer = MinutesVersion.objects.filter(
        minutes=OuterRef("minutes"), number__gt=OuterRef("number")
    )
    return MinutesVersion.objects.filter(~Exists(newer))


def _readable_latest_versions(viewer) -> QuerySet[MinutesVersion]:
    versions = _latest_versions()
    readable = readable_minutes_q(viewer, "minutes__")
    return versions if readable is None else versions.filter(readable)


def _search(versions: QuerySet[MinutesVersion], q: str) -> QuerySet[MinutesVersion]:
    """Full-text search on the stored, indexed vector (see `minutes.search`)."""
    return search(versions, q)


EXCERPT_CHARS = 400


def published_minutes(
    *,
    viewer,
    body: Body | None = None,
    meeting: Meeting | None = None,
    kind: str | None = None,
    year: int | None = None,
    q: str = "",
) -> QuerySet[MinutesVersion]:
    """THE list of published minutes: the latest version of each minutes the viewer may read,
    newest publication first (by relevance when searching).

    Each row is a MinutesVersion with `minutes__meeting__body` joined, `is_new` (the signed-in
    viewer has not opened this version) and what the apps filling the "minutes.version" hook
    read prefetched (reports: the PDF documents): a constant number of queries, whatever the
    number of rows. Other pages list a body's or
    a meeting's minutes with `published_minutes(viewer=request.user, body=body)`.
    """
    versions = _readable_latest_versions(viewer)
    if body is not None:
        versions = versions.filter(minutes__meeting__body=body)
    if meeting is not None:
        versions = versions.filter(minutes__meeting=meeting)
    if kind:
        versions = versions.filter(minutes__meeting__kind=kind)
    if year:
        versions = versions.filter(minutes__meeting__start__year=year)
    if viewer.is_authenticated:
        last_read = MinutesRead.objects.filter(minutes=OuterRef("minutes"), user=viewer)
        versions = versions.annotate(
            read_version=Subquery(last_read.values("version")[:1]),
            is_new=Case(
                When(read_version__gte=F("number"), then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
        )
    else:
        versions = versions.annotate(is_new=Value(False, output_field=BooleanField()))
    versions = (
        versions.select_related("minutes__meeting__body")
        .defer("body", "content", "search_text", "search_vector")
        # the opening of the text, cut in SQL: an excerpt for minutes without a summary
        .annotate(body_start=Substr("body", 1, EXCERPT_CHARS))
        .prefetch_related(*hooks.related("minutes.version", "minutes.version_row"))
        .order_by("-published_at", "-pk")
    )
    q = " ".join((q or "").split())
    return _search(versions, q) if q else versions


@dataclass
class ReadingRoomFacets:
    bodies: list[Body]
    years: list[int]
    kinds: list[tuple[str, str]] = field(default_factory=lambda: list(Meeting.Kind.choices))


def reading_room_facets(*, viewer, year: int | None = None, body_id: int | None = None):
    """The filters' choices: the years that have minutes the viewer may read, and the bodies
    among them — the permanent ones (COPIL, technical committee: no year) and the working
    groups of the chosen year (by default the latest year with minutes), plus the body asked
    for by address. Bounded: a year's groups, not every group of every year. The years and
    body ids come from `facets` (cached for anonymous visitors and the project team)."""
    team = is_project_team.test(viewer)
    scope = "all" if team else (None if viewer.is_authenticated else "public")
    rows = facet_rows(_readable_latest_versions(viewer), scope=scope)
    shown_year = year if year in rows.years else (rows.years[0] if rows.years else None)
    shown = [
        pk for pk, body_year in rows.bodies if body_year in (None, shown_year) or pk == body_id
    ]
    bodies = list(Body.objects.filter(pk__in=shown).order_by("kind", "-year", "name"))
    return ReadingRoomFacets(bodies=bodies, years=rows.years)


# ------------------------------------------------------------------------------ one minutes
def minutes_for_viewer(*, pk: int, viewer) -> Minutes | None:
    """The minutes with its published versions (newest first, hooks' lookups prefetched), or
    None when the viewer may neither read it nor see the working copy (its existence must not
    leak)."""
    versions = (
        MinutesVersion.objects.defer("search_text", "search_vector")
        .select_related("published_by")
        .prefetch_related(*hooks.related("minutes.version"))
        .order_by("-number")
    )
    minutes = (
        Minutes.objects.select_related("meeting__body", "created_by")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="published_versions"))
        .filter(pk=pk)
        .first()
    )
    if minutes is None:
        return None
    minutes.__dict__["_has_version"] = bool(minutes.published_versions)  # rules' cache
    if not (viewer.has_perm(READ, minutes) or viewer.has_perm(SEE_DRAFT, minutes)):
        return None
    return minutes


def version_of(*, minutes: Minutes, number: int) -> MinutesVersion | None:
    """One published version of minutes loaded by `minutes_for_viewer` (no query)."""
    return next((v for v in minutes.published_versions if v.number == number), None)


def frozen_content(version: MinutesVersion) -> dict:
    """What a published version froze (meeting, agenda, attendance, decisions, actions), with
    its dates parsed back from the JSON."""
    content = version.content or {}
    meeting = content.get("meeting", {})

    def moment(value):
        return timezone.localtime(datetime.fromisoformat(value)) if value else None

    return {
        "meeting": meeting,
        "start": moment(meeting.get("start")),
        "end": moment(meeting.get("end")),
        "agenda": content.get("agenda", []),
        "present": content.get("present", []),
        "guests": content.get("guests", []),
        "excused": content.get("excused", []),
        "represented": content.get("represented", []),
        "decisions": content.get("decisions", []),
        "action_items": [
            {**item, "due": date.fromisoformat(item["due_date"]) if item.get("due_date") else None}
            for item in content.get("action_items", [])
        ],
    }


@dataclass
class WorkingCopy:
    """What is being written: for those who may see the draft."""

    decisions: list
    action_items: list
    comments: list
    last_revision: object | None


def working_copy(*, minutes: Minutes) -> WorkingCopy:
    return WorkingCopy(
        decisions=list(
            minutes.decisions.select_related("agenda_item").prefetch_related("priority_actions")
        ),
        action_items=list(minutes.action_items.select_related("owner", "owner_organisation")),
        comments=list(minutes.comments.select_related("author").order_by("created_at", "pk")),
        last_revision=minutes.revisions.select_related("author").first(),
    )


# ------------------------------------------------------------------------------ edit form
@dataclass
class EditChoices:
    agenda: list[tuple[int, str]]
    priority_actions: list[tuple[int, str]]
    people: list[tuple[int, str]]
    organisations: list[tuple[int, str]]


def _person_label(user) -> str:
    label = user.get_full_name() or user.email
    if user.organisation_id:
        label = f"{label} ({user.organisation.name})"
    return label


def edit_choices(*, minutes: Minutes) -> EditChoices:
    """The edit form's selects, fetched once for all rows of the formsets (4 queries).

    People: the meeting's participants, the body's members, and whoever already owns an
    action of these minutes (so that saving again never drops them).
    """
    from apps.stakeholders.models import Organisation
    from apps.strategy.models import PriorityAction

    meeting = minutes.meeting
    participant_ids = Participation.objects.filter(meeting=meeting).filter(
        Q(status__in=[*Participation.CONVOKED, Participation.Status.REGISTERED]) | Q(attended=True)
    )
    member_ids = Membership.objects.active().filter(body_id=meeting.body_id)
    owner_ids = minutes.action_items.filter(owner__isnull=False)
    people = (
        get_user_model()
        .objects.filter(
            Q(pk__in=participant_ids.values("user_id"))
            | Q(pk__in=member_ids.values("user_id"))
            | Q(pk__in=owner_ids.values("owner_id"))
        )
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )
    return EditChoices(
        agenda=[(item.pk, item.title) for item in meeting.agenda_items.all()],
        priority_actions=list(PriorityAction.objects.order_by("title").values_list("pk", "title")),
        people=[(user.pk, _person_label(user)) for user in people],
        organisations=list(Organisation.objects.order_by("name").values_list("pk", "name")),
    )


# ------------------------------------------------------------------ a meeting's « Compte rendu »
def with_minutes(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Join each meeting's minutes and annotate its latest published version, so that
    `meeting_minutes` adds no query to a page that already fetches its meetings."""
    latest = MinutesVersion.objects.filter(minutes__meeting=OuterRef("pk")).order_by("-number")
    return meetings.select_related("minutes").annotate(
        minutes_version=Subquery(latest.values("number")[:1]),
        minutes_published_at=Subquery(latest.values("published_at")[:1]),
    )


@dataclass
class MeetingMinutes:
    meeting: Meeting
    minutes: Minutes | None
    version: int | None  # latest published version number
    published_at: datetime | None
    can_read: bool
    can_view_draft: bool
    can_start: bool

    @property
    def corrected(self) -> bool:
        return bool(self.version and self.version > 1)


def _minutes_of(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except ObjectDoesNotExist:
        return None


def meeting_minutes(*, meeting: Meeting, viewer, full: bool = True) -> MeetingMinutes:
    """What the viewer may know of a meeting's minutes (meeting from `with_minutes`).

    `full=False` only tests reading (lists: the working-copy rule may query the reviewers)."""
    minutes = _minutes_of(meeting)
    version = getattr(meeting, "minutes_version", None)
    if minutes is not None:
        minutes.__dict__["_has_version"] = version is not None  # rules' cache
    can_read = minutes is not None and viewer.has_perm(READ, minutes)
    return MeetingMinutes(
        meeting=meeting,
        minutes=minutes,
        version=version,
        published_at=getattr(meeting, "minutes_published_at", None),
        can_read=can_read,
        can_view_draft=full and minutes is not None and viewer.has_perm(SEE_DRAFT, minutes),
        can_start=full
        and minutes is None
        and meeting.status not in (Meeting.Status.DRAFT, Meeting.Status.CANCELLED)
        and viewer.has_perm("minutes.start_minutes", meeting),
    )


def readable_meeting_minutes(*, meetings, viewer) -> list[MeetingMinutes]:
    """Among meetings fetched with `with_minutes`, the published minutes the viewer may read,
    newest publication first (no query: the rule is tested on the annotated rows)."""
    rows = []
    for meeting in meetings:
        if getattr(meeting, "minutes_version", None) is None:
            continue
        row = meeting_minutes(meeting=meeting, viewer=viewer, full=False)
        if row.can_read:
            rows.append(row)
    return sorted(rows, key=lambda row: row.published_at, reverse=True)


def minutes_box_for(*, meeting: Meeting, viewer) -> MeetingMinutes:
    """The « Compte rendu » box of one meeting page (one query for the minutes and version)."""
    annotated = with_minutes(Meeting.objects.filter(pk=meeting.pk)).get()
    return meeting_minutes(meeting=annotated, viewer=viewer)


def reviewers_of(minutes: Minutes):
    """Technical committee members review COPIL minutes; otherwise the attendees who are
    members of the body."""
    User = get_user_model()
    meeting = minutes.meeting
    if meeting.kind == Meeting.Kind.COPIL:
        ids = Membership.objects.active().filter(body__slug="comite-technique").values("user_id")
    else:
        attendee_ids = Participation.objects.filter(meeting=meeting, attended=True).values(
            "user_id"
        )
        ids = (
            Membership.objects.active()
            .filter(body_id=meeting.body_id, user_id__in=attendee_ids)
            .values("user_id")
        )
    return User.objects.filter(pk__in=ids, is_active=True)


# ------------------------------------------------------------------------------ decisions
def decisions_about(*, action, viewer, limit: int = 20) -> list[Decision]:
    """The decisions about a priority action in published minutes the viewer may read, the
    latest meeting first: the end of the traceability chain, shown on the action's page."""
    readable = readable_minutes_q(viewer)
    minutes = Minutes.objects.filter(status=Minutes.Status.PUBLISHED)
    if readable is not None:
        minutes = minutes.filter(readable)
    return list(
        Decision.objects.filter(priority_actions=action, minutes__in=minutes)
        .select_related("minutes__meeting__body", "agenda_item")
        .order_by("-minutes__meeting__start", "position", "pk")[:limit]
    )
