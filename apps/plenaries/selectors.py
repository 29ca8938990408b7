"""Reads of the plenary pages: the list, one plenary, and what it gives back (restitution).

A plenary restitutes the workshops held since the previous plenary: workshops (scheduled or
held, never drafts nor cancelled ones) that start on or after the previous plenary's start —
or since the beginning — and before this plenary's start. Their contributions are counted per
objective and type in one aggregate query (hidden contributions never count), and the priority
actions citing them come in one more. The number of queries does not grow with the data.
"""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import timezone

from apps.governance.models import Meeting
from apps.governance.selectors import meetings_visible_to
from apps.strategy.models import Contribution, Objective, PriorityAction

# A plenary that took place or will: it closes one period of work and opens the next.
COUNTING_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.HELD)


def plenaries_visible_to(*, user) -> QuerySet[Meeting]:
    return meetings_visible_to(user=user).filter(kind=Meeting.Kind.PLENARY)


@dataclass
class PlenaryList:
    upcoming: list[Meeting]
    past: list[Meeting]


def plenary_list(*, viewer) -> PlenaryList:
    meetings = list(plenaries_visible_to(user=viewer).order_by("start", "pk"))
    now = timezone.now()
    return PlenaryList(
        upcoming=[m for m in meetings if m.end >= now],
        past=sorted((m for m in meetings if m.end < now), key=lambda m: m.start, reverse=True),
    )


def plenary_for_viewer(*, slug: str, viewer) -> Meeting | None:
    """The plenary with its programme, or None when the viewer may not see it (a draft must
    not reveal that it exists)."""
    meeting = (
        Meeting.objects.filter(kind=Meeting.Kind.PLENARY, slug=slug)
        .select_related("body")
        .prefetch_related("agenda_items")
        .first()
    )
    if meeting is None or not viewer.has_perm("plenaries.view_plenary", meeting):
        return None
    return meeting


def previous_plenary(plenary: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(
            kind=Meeting.Kind.PLENARY, status__in=COUNTING_STATUSES, start__lt=plenary.start
        )
        .exclude(pk=plenary.pk)
        .order_by("-start", "-pk")
        .first()
    )


@dataclass
class TypeCount:
    type: str
    label: str
    count: int


@dataclass
class ObjectiveRestitution:
    objective: Objective | None  # None: contributions tied to no objective
    counts: list[TypeCount]
    total: int
    actions: list[PriorityAction] = field(default_factory=list)


@dataclass
class Restitution:
    previous: Meeting | None
    workshops: list[Meeting]
    objectives: list[ObjectiveRestitution]
    contribution_total: int
    types: list[tuple[str, str]]

    @property
    def has_actions(self) -> bool:
        return any(row.actions for row in self.objectives)


def restitution_workshops(*, plenary: Meeting, viewer, previous=None):
    """The workshops a plenary gives back: those `viewer` may see, held (or counting) since the
    previous plenary (`previous`, looked up when not given) and before this one."""
    if previous is None:
        previous = previous_plenary(plenary)
    workshops = meetings_visible_to(user=viewer).filter(
        kind=Meeting.Kind.WORKSHOP, status__in=COUNTING_STATUSES, start__lt=plenary.start
    )
    if previous is not None:
        workshops = workshops.filter(start__gte=previous.start)
    return workshops


def plenary_restitution(*, plenary: Meeting, viewer) -> Restitution:
    """What the plenary gives back, for `viewer` (only workshops they may see). 5 queries."""
    previous = previous_plenary(plenary)
    workshops_qs = restitution_workshops(plenary=plenary, viewer=viewer, previous=previous)
    workshops = list(workshops_qs.order_by("start", "pk"))
    workshop_ids = [w.pk for w in workshops]

    contributions = Contribution.objects.filter(meeting_id__in=workshop_ids, is_hidden=False)
    counts: dict[int | None, dict[str, int]] = {}
    for row in (
        contributions.values("objectives", "type").annotate(n=Count("pk", distinct=True)).order_by()
    ):
        counts.setdefault(row["objectives"], {})[row["type"]] = row["n"]
    contribution_total = contributions.count() if workshop_ids else 0

    # Filter, then annotate: the count covers the cited contributions of these workshops only.
    actions = list(
        PriorityAction.objects.filter(
            contributions__meeting_id__in=workshop_ids, contributions__is_hidden=False
        )
        .annotate(cited=Count("contributions", distinct=True))
        .select_related("objective")
        .order_by("objective__position", "title")
    )
    actions_by_objective: dict[int, list[PriorityAction]] = {}
    for action in actions:
        actions_by_objective.setdefault(action.objective_id, []).append(action)

    types = list(Contribution.Type.choices)

    def row(objective, per_type: dict) -> ObjectiveRestitution:
        return ObjectiveRestitution(
            objective=objective,
            counts=[TypeCount(value, label, per_type.get(value, 0)) for value, label in types],
            total=sum(per_type.values()),
            actions=actions_by_objective.get(objective.pk, []) if objective else [],
        )

    rows = [
        row(objective, counts.get(objective.pk, {}))
        for objective in Objective.objects.all()
        if objective.pk in counts or objective.pk in actions_by_objective
    ]
    if None in counts:
        rows.append(row(None, counts[None]))
    return Restitution(
        previous=previous,
        workshops=workshops,
        objectives=rows,
        contribution_total=contribution_total,
        types=types,
    )
