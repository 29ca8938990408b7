"""Reads of meetings for calendars and feeds: who may see which meeting, in one query.

`meetings_visible_to` is the queryset form of `rules.can_view_meeting` (the object-level
predicate): never drafts except for the project team; members-only meetings for the members
of the meeting's body, the people convoked to it, and the project team. Both must stay in
step: tests/calendars/test_views.py walks the roles through both.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.rules import is_project_team
from apps.core.dates import local_midnight

from .models import Body, Meeting, MeetingSlug, Membership, Participation


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    """Every meeting `user` may see (anonymous: public, non-draft), with its body."""
    meetings = Meeting.objects.select_related("body")
    if is_project_team.test(user):
        return meetings
    visible = Q(visibility=Meeting.Visibility.PUBLIC)
    if user.is_authenticated:
        member_of = Membership.objects.active().filter(user=user).values("body_id")
        convoked_to = Participation.objects.filter(
            user=user, status__in=Participation.CONVOKED
        ).values("meeting_id")
        visible |= Q(body__in=member_of) | Q(pk__in=convoked_to)
    return meetings.not_draft().filter(visible)


def upcoming_meetings_for_home(*, user, limit: int = 5) -> list[Meeting]:
    """The next meetings `user` may see (drafts and cancelled ones left out), soonest first."""
    return list(
        meetings_visible_to(user=user)
        .exclude(status__in=[Meeting.Status.DRAFT, Meeting.Status.CANCELLED])
        .filter(end__gte=timezone.now())
        .order_by("start")[:limit]
    )


@dataclass(frozen=True)
class RegistrationBox:
    """What the registration box of a workshop or plenary shows to one viewer."""

    capacity: int | None
    confirmed: int
    waiting: int
    seats_left: int | None
    participation: Participation | None
    problem: str | None  # why the viewer may not register now (None: they may)
    waiting_position: int | None
    attended: int = 0  # people present (each walk-in row is one person)
    is_past: bool = False  # the meeting took place: the box says so instead of seats


def registration_box(*, meeting: Meeting, user) -> RegistrationBox:
    """Counts and the viewer's own registration in 2–3 queries, whatever the size."""
    from django.db.models import Count

    counts = meeting.participations.aggregate(
        confirmed=Count("pk", filter=Q(status=Participation.Status.REGISTERED)),
        waiting=Count("pk", filter=Q(status=Participation.Status.WAITLISTED)),
        attended=Count("pk", filter=Q(attended=True)),
    )
    confirmed = counts["confirmed"]
    waiting = counts["waiting"]
    mine = None
    position = None
    if user.is_authenticated:
        mine = meeting.participations.filter(user=user).first()
        if mine and mine.status == Participation.Status.WAITLISTED:
            position = (
                meeting.participations.filter(
                    status=Participation.Status.WAITLISTED,
                )
                .filter(
                    Q(queued_at__lt=mine.queued_at) | Q(queued_at=mine.queued_at, pk__lt=mine.pk)
                )
                .count()
                + 1
            )
    left = None if meeting.capacity is None else max(meeting.capacity - confirmed, 0)
    problem = registration_problem(meeting, user) if user.is_authenticated else None
    return RegistrationBox(
        capacity=meeting.capacity,
        confirmed=confirmed,
        waiting=waiting,
        seats_left=left,
        participation=mine,
        problem=problem,
        waiting_position=position,
        attended=counts["attended"],
        is_past=meeting.is_past,
    )


def upcoming_registrations(*, user) -> list[Participation]:
    """One's confirmed seats and waiting-list places at workshops and plenaries to come."""
    return list(
        Participation.objects.filter(
            user=user,
            status__in=Participation.REGISTRATION,
            meeting__kind__in=Meeting.REGISTRABLE_KINDS,
            meeting__end__gte=timezone.now(),
        )
        .exclude(meeting__status=Meeting.Status.DRAFT)
        .select_related("meeting")
        .order_by("meeting__start", "meeting__pk")
    )


def working_group_bodies() -> QuerySet[Body]:
    """The working groups' bodies, latest year first (choices for the apps that hold meetings)."""
    return Body.objects.filter(kind=Body.Kind.WORKING_GROUP).order_by("-year", "name")


# ------------------------------------------------------------------------------ registration
def confirmed_count(meeting: Meeting) -> int:
    return meeting.participations.filter(status=Participation.Status.REGISTERED).count()


def seats_left(meeting: Meeting, confirmed: int | None = None) -> int | None:
    """None: no limit."""
    if meeting.capacity is None:
        return None
    confirmed = confirmed_count(meeting) if confirmed is None else confirmed
    return max(meeting.capacity - confirmed, 0)


def registration_problem(meeting: Meeting, user, *, now=None) -> str | None:
    """Why `user` may not register now (a French sentence), or None when they may."""
    now = now or timezone.now()
    if meeting.kind not in Meeting.REGISTRABLE_KINDS:
        return _("Cette réunion ne prend pas d'inscriptions.")
    if meeting.status != Meeting.Status.SCHEDULED:
        return _("Les inscriptions ne sont pas ouvertes pour cette réunion.")
    if meeting.start <= now:
        return _("Cette réunion a déjà commencé : les inscriptions sont closes.")
    if meeting.registration_opens_at and now < meeting.registration_opens_at:
        opens = timezone.localtime(meeting.registration_opens_at)
        return _("Les inscriptions ouvriront le %(date)s.") % {
            "date": opens.strftime("%d/%m/%Y à %H:%M")
        }
    if meeting.registration_closes_at and now > meeting.registration_closes_at:
        return _("La date limite d'inscription est passée.")
    if meeting.visibility == Meeting.Visibility.MEMBERS and not (
        meeting.body_id
        and Membership.objects.active().filter(body_id=meeting.body_id, user=user).exists()
    ):
        return _("Cette réunion est réservée aux membres du groupe.")
    return None


# ------------------------------------------------------------------------------ Mon espace
SPACE_LIMIT = 8


def my_upcoming_participations(*, user, limit: int = SPACE_LIMIT) -> tuple[list, int]:
    """One's next meetings (seats, waiting-list places, convocations — answered or not), soonest
    first, with `waiting_position` annotated, and how many there are in all: two queries,
    whatever the number of registrations."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    ahead = (
        Participation.objects.filter(
            meeting=OuterRef("meeting"), status=Participation.Status.WAITLISTED
        )
        .filter(
            Q(queued_at__lt=OuterRef("queued_at"))
            | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Participation.objects.filter(
            user=user,
            status__in=(*Participation.REGISTRATION, *Participation.CONVOKED),
            meeting__end__gte=timezone.now(),
        )
        .exclude(meeting__status=Meeting.Status.DRAFT)
        .select_related("meeting")
        .order_by("meeting__start", "meeting__pk")
    )
    total = rows.count()
    page = list(
        rows.annotate(
            waiting_position=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1
        )[:limit]
    )
    return page, total


def meetings_facilitated_today(*, user, limit: int = SPACE_LIMIT) -> list[Meeting]:
    """Today's meetings (not cancelled) the person runs: a facilitator the meeting's app names,
    or the secretary/facilitator of its body. A day holds a handful of meetings: each is tested
    with the rule itself (`is_meeting_facilitator`)."""
    from .rules import is_meeting_facilitator

    today = timezone.localdate()
    meetings = (
        Meeting.objects.filter(start__date__lte=today, end__date__gte=today)
        .filter(status__in=[Meeting.Status.SCHEDULED, Meeting.Status.HELD])
        .select_related("body")
        .order_by("start")[:20]
    )
    return [m for m in meetings if is_meeting_facilitator.test(user, m)][:limit]


@dataclass(frozen=True)
class TeamTodo:
    to_convene: list
    to_convene_count: int
    awaiting_answers: list  # meetings with `unanswered` annotated


def team_todo(*, limit: int = 5) -> TeamTodo:
    """The project lead's day: sessions scheduled but not convoked yet, and convoked meetings to
    come where people have not answered (most missing first). Three queries."""
    from django.db.models import Count

    upcoming = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, end__gte=timezone.now())
    # A session is created as a draft and convoking it schedules it: the sessions waiting for
    # their convocation are the drafts (and any scheduled one never convoked).
    to_convene = Meeting.objects.filter(
        status__in=(Meeting.Status.DRAFT, Meeting.Status.SCHEDULED),
        end__gte=timezone.now(),
        convoked_at__isnull=True,
    ).exclude(kind__in=Meeting.REGISTRABLE_KINDS)
    awaiting = (
        upcoming.filter(convoked_at__isnull=False)
        .annotate(
            unanswered=Count(
                "participations",
                filter=Q(participations__status=Participation.Status.INVITED),
            )
        )
        .filter(unanswered__gt=0)
        .order_by("start")
    )
    return TeamTodo(
        to_convene=list(to_convene.order_by("start")[:limit]),
        to_convene_count=to_convene.count(),
        awaiting_answers=list(awaiting[:limit]),
    )


# ------------------------------------------------------------------------------ the day itself
def day_is_open(meeting: Meeting, *, now=None) -> bool:
    """Check-in and contributions: open from the day of the meeting (Paris time), or earlier
    when the project team opened them (`opened_early_at`); never for a draft or a cancelled
    meeting. The one rule the check-in, the contribution form and their links follow."""
    if meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CANCELLED):
        return False
    if meeting.opened_early_at is not None:
        return True
    today = timezone.localdate(now or timezone.now())
    return today >= timezone.localdate(meeting.start)


def day_opens_on(meeting: Meeting):
    """The date check-in and contributions open (to tell people when)."""
    return timezone.localdate(meeting.start)


# ------------------------------------------------------------------------------- scheduling
def duplicate_meetings(*, kind, body, title, start, exclude_pk=None) -> list[Meeting]:
    """Meetings that look like the same one: same kind and body, same day, same title
    (case and spaces aside), not cancelled."""
    day = timezone.localdate(start)
    twins = Meeting.objects.filter(
        kind=kind,
        body=body,
        title__iexact=" ".join(title.split()),
        start__gte=local_midnight(day),
        start__lt=local_midnight(day + timedelta(days=1)),
    ).exclude(status=Meeting.Status.CANCELLED)
    if exclude_pk:
        twins = twins.exclude(pk=exclude_pk)
    return list(twins.only("pk", "slug", "title")[:3])


def meeting_for_old_slug(slug: str) -> Meeting | None:
    """The meeting an old address (before a reschedule) points to."""
    alias = MeetingSlug.objects.select_related("meeting").filter(slug=slug).first()
    return alias.meeting if alias else None


def past_answers(participation: Participation) -> list:
    return list(participation.past_answers.all())


def attendance_count(meeting: Meeting) -> int:
    """People present: each checked-in row is one person (walk-ins without an account too)."""
    return meeting.participations.filter(attended=True).count()


def members_not_yet_convoked(meeting: Meeting) -> int:
    """After a first convocation: the body's active members with no participation yet (those
    a new convocation would reach), in one query."""
    if meeting.body_id is None:
        return 0
    return (
        Membership.objects.active(on=timezone.localdate(meeting.start))
        .filter(body_id=meeting.body_id, user__is_active=True)
        .exclude(
            user_id__in=Participation.objects.filter(meeting=meeting, user__isnull=False).values(
                "user_id"
            )
        )
        .values("user_id")
        .distinct()
        .count()
    )
