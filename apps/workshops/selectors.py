"""Reads of the workshop pages, with their joins in one place (a page's query count is here).

Who sees which workshop is governance's `meetings_visible_to` (the queryset form of
`governance.view_meeting`), widened to the named facilitators of a published workshop, like
`workshops.view_workshop` in rules.py. Seat counts of a whole page come from one aggregated
query, never one per card.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import FACILITATOR
from apps.accounts.rules import is_project_team
from apps.core.dates import local_midnight
from apps.governance.models import Body, Meeting, Membership, Participation
from apps.governance.selectors import meetings_visible_to, seats_left, working_group_bodies
from apps.strategy.models import Challenge, Filiere, Objective

from .models import Workshop

S = Participation.Status
FACILITATING_ROLES = (Membership.Role.FACILITATOR, Membership.Role.SECRETARY)


# --------------------------------------------------------------------------------- visibility
def workshops_visible_to(*, user) -> QuerySet[Meeting]:
    """The workshops `user` may see: governance's rule, plus those they facilitate (published)."""
    workshops = meetings_visible_to(user=user).filter(kind=Meeting.Kind.WORKSHOP)
    if not user.is_authenticated or is_project_team.test(user):
        return workshops
    facilitated = Workshop.objects.filter(facilitators=user).values("meeting_id")
    return Meeting.objects.select_related("body").filter(
        Q(pk__in=workshops.values("pk"))
        | (Q(pk__in=facilitated, kind=Meeting.Kind.WORKSHOP) & ~Q(status=Meeting.Status.DRAFT))
    )


# ---------------------------------------------------------------------------------- programme
@dataclass(frozen=True)
class ProgrammeFilters:
    """Filters of the programme; values the viewer cannot choose are dropped by the view."""

    past: bool = False
    date_from: date | None = None
    date_to: date | None = None
    objective: Objective | None = None
    filiere: Filiere | None = None
    group: Body | None = None  # a working group's body
    seats_only: bool = False


@dataclass(frozen=True)
class ProgrammeChoices:
    objectives: list[Objective]
    filieres: list[Filiere]
    groups: list[Body]


def programme_choices() -> ProgrammeChoices:
    """What the programme's filters offer (three small queries)."""
    return ProgrammeChoices(
        objectives=list(Objective.objects.all()),
        filieres=list(Filiere.objects.all()),
        groups=list(working_group_bodies()),
    )


def _with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.annotate(
        confirmed_count=Count("participations", filter=Q(participations__status=S.REGISTERED)),
        waiting_count=Count("participations", filter=Q(participations__status=S.WAITLISTED)),
    )


def programme_meetings(*, user, filters: ProgrammeFilters) -> QuerySet[Meeting]:
    """The workshops of the programme, with their seat counts, in display order (to paginate)."""
    ids = workshops_visible_to(user=user).values("pk")
    now = timezone.now()
    when = Q(end__lt=now) if filters.past else Q(end__gte=now)
    meetings = Meeting.objects.filter(when, pk__in=ids)
    if filters.date_from:
        meetings = meetings.filter(end__gte=local_midnight(filters.date_from))
    if filters.date_to:
        meetings = meetings.filter(start__lt=local_midnight(filters.date_to + timedelta(days=1)))
    if filters.objective is not None:
        meetings = meetings.filter(
            pk__in=Meeting.objects.filter(workshop__objectives=filters.objective).values("pk")
        )
    if filters.filiere is not None:
        meetings = meetings.filter(
            pk__in=Meeting.objects.filter(workshop__filieres=filters.filiere).values("pk")
        )
    if filters.group is not None:
        meetings = meetings.filter(body_id=filters.group.pk)
    meetings = _with_counts(meetings)
    if filters.seats_only:
        meetings = meetings.filter(status=Meeting.Status.SCHEDULED).filter(
            Q(capacity__isnull=True) | Q(capacity__gt=F("confirmed_count"))
        )
    order = ("-start", "-pk") if filters.past else ("start", "pk")
    return meetings.select_related("body", "workshop").order_by(*order)


@dataclass(frozen=True)
class WorkshopCard:
    meeting: Meeting
    objectives: list[Objective]
    filieres: list[Filiere]
    challenges: list[Challenge]
    confirmed: int
    waiting: int
    seats_left: int | None  # None: no limit

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    @property
    def group(self) -> Body | None:
        """The working group holding the workshop (its governance body), if any."""
        body = self.meeting.body
        return body if body is not None and body.is_working_group else None


def workshop_of(meeting: Meeting) -> Workshop | None:
    """The meeting's Workshop row (themes, facilitators), None for a bare workshop meeting."""
    try:
        return meeting.workshop
    except ObjectDoesNotExist:
        return None


def programme_cards(meetings: list[Meeting]) -> list[WorkshopCard]:
    """One card per workshop of a page: themes in three queries for the whole page."""
    workshops = [w for w in (workshop_of(m) for m in meetings) if w is not None]
    prefetch_related_objects(workshops, "objectives", "filieres", "challenges")
    cards = []
    for meeting in meetings:
        workshop = workshop_of(meeting)
        cards.append(
            WorkshopCard(
                meeting=meeting,
                objectives=list(workshop.objectives.all()) if workshop else [],
                filieres=list(workshop.filieres.all()) if workshop else [],
                challenges=list(workshop.challenges.all()) if workshop else [],
                confirmed=meeting.confirmed_count,
                waiting=meeting.waiting_count,
                seats_left=seats_left(meeting, confirmed=meeting.confirmed_count),
            )
        )
    return cards


# --------------------------------------------------------------------------------- one workshop
def workshop_for_viewer(*, slug: str, viewer) -> Meeting | None:
    """The workshop with its themes and facilitators, or None when the viewer may not see it
    (a draft or members-only workshop must not reveal that it exists)."""
    meeting = (
        Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP, slug=slug)
        .select_related("body", "workshop")
        .prefetch_related(
            "workshop__objectives",
            "workshop__filieres",
            "workshop__challenges",
            Prefetch(
                "workshop__facilitators",
                queryset=User.objects.select_related("organisation").order_by(
                    "last_name", "first_name"
                ),
            ),
        )
        .first()
    )
    if meeting is None:
        return None
    if not viewer.has_perm("workshops.view_workshop", meeting):
        return None
    return meeting


@dataclass(frozen=True)
class CheckinSheet:
    registered: list[Participation]  # confirmed seats and people checked in without one
    waiting: list[Participation]
    registered_count: int
    present_count: int
    query: str = ""  # the filter typed (?q=): the lists show only the matching people
    total_expected: int = 0  # rows in the list before the filter


def _matches(participation: Participation, words: list[str]) -> bool:
    haystack = " ".join((participation.person_name, participation.organisation_name)).casefold()
    return all(word in haystack for word in words)


def _sort_key(participation: Participation) -> tuple:
    """Alphabetical by last name; a walk-in without an account by the last word of the name."""
    if participation.user_id is not None:
        user = participation.user
        return ((user.last_name or user.email).casefold(), user.first_name.casefold())
    words = participation.guest_name.split()
    return ((words[-1] if words else "").casefold(), participation.guest_name.casefold())


def checkin_sheet(*, meeting: Meeting, query: str = "") -> CheckinSheet:
    """Everyone expected at the door, alphabetically, and the waiting list in its order; with
    `query`, only the people whose name or organisation holds every word (the search box at
    the top, without JavaScript). One query, whatever the number of people."""
    rows = list(
        meeting.participations.filter(status__in=(S.REGISTERED, S.WAITLISTED, S.ATTENDING))
        .select_related("user", "user__organisation")
        .order_by("user__last_name", "user__first_name", "guest_name", "pk")
    )
    rows.sort(key=_sort_key)
    registered = [p for p in rows if p.status in (S.REGISTERED, S.ATTENDING)]
    registered_count = sum(1 for p in rows if p.status == S.REGISTERED)
    present_count = sum(1 for p in registered if p.attended)
    total_expected = len(registered)
    waiting = sorted(
        (p for p in rows if p.status == S.WAITLISTED),
        key=lambda p: (p.queued_at or p.created_at, p.pk),
    )
    words = query.casefold().split()
    if words:
        registered = [p for p in registered if _matches(p, words)]
        waiting = [p for p in waiting if _matches(p, words)]
    return CheckinSheet(
        registered=registered,
        waiting=waiting,
        registered_count=registered_count,
        present_count=present_count,
        query=query,
        total_expected=total_expected,
    )


def checkin_counts(*, meeting: Meeting) -> dict:
    """Registered and present, in one query (the check-in page's live counters). Each walk-in
    without an account is one person present."""
    return meeting.participations.aggregate(
        registered=Count("pk", filter=Q(status=S.REGISTERED)),
        present=Count("pk", filter=Q(status__in=(S.REGISTERED, S.ATTENDING), attended=True)),
    )


WALK_IN_MIN_QUERY = 3
WALK_IN_MAX_RESULTS = 10


def walk_in_candidates(*, query: str, meeting: Meeting | None = None) -> list[User]:
    """Active accounts matching an email or a name (every word), for a walk-in check-in;
    people already in the list (registered or present) are left out: they are ticked above."""
    words = query.split()
    if len(query.strip()) < WALK_IN_MIN_QUERY or not words:
        return []
    people = User.objects.filter(is_active=True)
    if meeting is not None:
        people = people.exclude(
            pk__in=Participation.objects.filter(meeting=meeting, user__isnull=False)
            .filter(Q(attended=True) | Q(status__in=(S.REGISTERED, S.ATTENDING)))
            .values("user_id")
        )
    if "@" in query:
        people = people.filter(email__iexact=query.strip())
    else:
        for word in words:
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__istartswith=word)
            )
    found = list(
        people.select_related("organisation").order_by("last_name", "first_name", "pk")[
            :WALK_IN_MAX_RESULTS
        ]
    )
    for person in found:
        person.masked_email = masked_email(person.email)
    return found


def masked_email(email: str) -> str:
    """Enough of an address to tell two namesakes apart, not enough to harvest it."""
    local, _at, domain = email.partition("@")
    return f"{local[:2]}…@{domain}" if domain else "…"


# ----------------------------------------------------------------------------------- the form
def facilitator_candidates(*, workshop=None) -> QuerySet[User]:
    """People who may be named facilitators: the Facilitateurs group, the facilitators and
    secretaries of the working groups, and whoever already facilitates this workshop."""
    roles = Membership.objects.active().filter(
        role__in=FACILITATING_ROLES, body__kind=Body.Kind.WORKING_GROUP
    )
    eligible = Q(groups__name=FACILITATOR) | Q(pk__in=roles.values("user_id"))
    if workshop is not None:
        eligible |= Q(pk__in=workshop.facilitators.values("pk"))
    return (
        User.objects.filter(is_active=True)
        .filter(eligible)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
        .distinct()
    )


# ------------------------------------------------------------------------------ one's own page
