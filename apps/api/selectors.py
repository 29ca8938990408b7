"""What the open data holds: only what the site already shows to a visitor, no person.

Meetings: public and not draft. Bodies: the COPIL, the technical committee and the working
groups (not the internal project team). Minutes: the latest published version the site shows
to a visitor (minutes' own selector, with an anonymous viewer). Priority actions: every one,
with its origin as counts. Participation: counts per year and kind of meeting.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import ExtractYear

from apps.core.generations import Generation
from apps.governance.models import Body, Meeting, Participation
from apps.minutes.selectors import published_minutes
from apps.strategy.models import Challenge, Objective, PriorityAction

PUBLIC_BODY_KINDS = (
    Body.Kind.COPIL,
    Body.Kind.TECHNICAL_COMMITTEE,
    Body.Kind.WORKING_GROUP,
)


def public_meetings() -> QuerySet:
    return (
        Meeting.objects.not_draft()
        .filter(visibility=Meeting.Visibility.PUBLIC)
        .filter(Q(body__isnull=True) | Q(body__kind__in=PUBLIC_BODY_KINDS))
        .select_related("body")
        .order_by("start", "pk")
    )


def public_bodies() -> QuerySet:
    return Body.objects.filter(kind__in=PUBLIC_BODY_KINDS).order_by("kind", "-year", "name")


def public_minutes() -> QuerySet:
    return (
        published_minutes(viewer=AnonymousUser())
        .filter(minutes__meeting__visibility=Meeting.Visibility.PUBLIC)
        .exclude(minutes__meeting__status=Meeting.Status.DRAFT)
    )


def objectives() -> QuerySet:
    return Objective.objects.order_by("position", "pk")


def challenges() -> QuerySet:
    return Challenge.objects.select_related("objective").order_by(
        "objective__position", "position", "pk"
    )


def actions() -> QuerySet:
    return (
        PriorityAction.objects.select_related("objective", "challenge", "filiere")
        .annotate(
            contributions_count=Count("contributions", distinct=True),
            origin_meetings_count=Count("contributions__meeting", distinct=True),
        )
        .order_by("objective__position", "title", "pk")
    )


def participation_figures(*, meetings: QuerySet | None = None) -> list[dict]:
    """Per year and kind of meeting: meetings held, registrations, attendances, unique
    participants — counts only, over the public meetings."""
    meetings = meetings if meetings is not None else public_meetings()
    rows = (
        Participation.objects.filter(meeting__in=meetings.values("pk"))
        .annotate(year=ExtractYear("meeting__start"), kind=F("meeting__kind"))
        .values("year", "kind")
        .annotate(
            meetings=Count("meeting", distinct=True),
            registrations=Count(
                "pk",
                filter=Q(
                    status__in=[Participation.Status.REGISTERED, Participation.Status.ATTENDING]
                ),
            ),
            attendances=Count("pk", filter=Q(attended=True)),
            # distinct accounts, plus one person per walk-in without an account
            unique_participants=Count("user", filter=Q(attended=True), distinct=True)
            + Count("pk", filter=Q(attended=True, user__isnull=True)),
        )
        .order_by("year", "kind")
    )
    return list(rows)


# The figures are aggregates over every participation of the public meetings: they grow with
# the history. They are cached per filter under a generation that participations and meetings
# bump when saved or deleted (core.generations), and a fingerprint of the participations (their
# number and last id: a bulk insert the signals do not see, another database on the same cache).
figures_generation = Generation("api:participation")


def cached_participation_figures(*, year: int | None = None, body: str | None = None):
    """`participation_figures` of the public meetings, of a year and/or a body, cached."""

    def compute() -> list[dict]:
        meetings = public_meetings()
        if year is not None:
            meetings = meetings.filter(start__year=year)
        if body:
            meetings = meetings.filter(body__slug=body)
        return participation_figures(meetings=meetings)

    def fingerprint() -> str:
        # The last change too: an attendance sheet corrected in bulk sends no signal.
        stats = Participation.objects.aggregate(
            n=Count("pk"), last=Max("pk"), changed=Max("updated_at")
        )
        changed = stats["changed"].timestamp() if stats["changed"] else 0
        return f"{stats['n']}:{stats['last']}:{changed}"

    return figures_generation.cached("figures", f"{year}:{body}", fingerprint, compute)


def connect() -> None:
    """Called from ApiConfig.ready(): what changes the figures bumps their generation."""
    from django.db.models.signals import post_delete, post_save

    bump = figures_generation.bump
    for model in (Participation, Meeting):
        post_save.connect(bump, sender=model, dispatch_uid=f"api-figures-save-{model}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"api-figures-delete-{model}")
