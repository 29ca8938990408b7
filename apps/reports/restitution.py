"""What a plenary's restitution report shows, read in a fixed number of aggregate queries.

The period is the plenaries app's: the workshops restituted are those its page lists
(`apps.plenaries.selectors.plenary_restitution`), seen as the public sees them — one PDF is
served to everyone who may see the plenary, so a members-only workshop never appears in it.
Hidden contributions never count, nor appear.

`RestitutionData.fingerprint` says whether anything the report shows changed: counts and
latest modification timestamps of every table read, plus a digest of the content itself
(a contribution has no modification date, and re-tagging its objectives leaves no timestamp).
The same fingerprint gives the same Document (`services.document_for_restitution`).
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    CharField,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from apps.governance.models import Meeting, Participation
from apps.plenaries.selectors import (
    plenary_restitution,
    restitution_workshops,
)
from apps.stakeholders.models import ActorCategory, Territory
from apps.strategy.markdown import render_markdown
from apps.strategy.models import Contribution, Objective, PriorityAction, Support

# Bump when the report shows something new: every plenary gets a fresh rendering.
REPORT_FORMAT = 2  # 2: key messages first, charts per objective, merged texts


# ------------------------------------------------------------------------------------ charts
@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str = ""  # kept whole when a long label is shortened (a workshop's date)


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart drawn as inline SVG: labels and values are text, so it reads in
    greyscale and its figures can be copied from the PDF."""

    key: str
    title: str
    bars: tuple[Bar, ...]
    colour: str = "#0b4f6c"  # the palette's sea blue; granite (#4a5560) for actions

    WIDTH = 500
    LABEL_WIDTH = 235
    VALUE_WIDTH = 36
    ROW = 15
    LABEL_CHARS = 56

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def svg(self) -> SafeString:
        bar_room = self.WIDTH - self.LABEL_WIDTH - self.VALUE_WIDTH - 8
        largest = max((bar.value for bar in self.bars), default=0) or 1
        height = self.ROW * max(len(self.bars), 1) + 6
        summary = "; ".join(
            f"{bar.label}{f' {bar.note}' if bar.note else ''} : {bar.value}" for bar in self.bars
        )
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {self.WIDTH} {height}" width="{self.WIDTH}" height="{height}" '
            f'aria-labelledby="chart-{self.key}-title chart-{self.key}-desc" '
            f'font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="7.5">',
            f'<title id="chart-{self.key}-title">{escape(self.title)}</title>',
            f'<desc id="chart-{self.key}-desc">{escape(summary)}</desc>',
            f'<line x1="{self.LABEL_WIDTH}" y1="0" x2="{self.LABEL_WIDTH}" y2="{height}" '
            f'stroke="#777" stroke-width="0.6"/>',
        ]
        for index, bar in enumerate(self.bars):
            y = 3 + index * self.ROW
            baseline = y + self.ROW * 0.68
            length = round(bar_room * bar.value / largest, 1)
            room = self.LABEL_CHARS - (len(bar.note) + 1 if bar.note else 0)
            label = bar.label
            if len(label) > room:
                label = label[: room - 1].rstrip() + "…"
            if bar.note:
                label = f"{label} {bar.note}"
            parts.append(
                f'<text x="{self.LABEL_WIDTH - 5}" y="{baseline:.1f}" text-anchor="end" '
                f'fill="#1b1b1b">{escape(label)}</text>'
            )
            if bar.value:
                parts.append(
                    f'<rect x="{self.LABEL_WIDTH}" y="{y + 2}" width="{length}" '
                    f'height="{self.ROW - 4}" fill="{self.colour}"/>'
                )
            parts.append(
                f'<text x="{self.LABEL_WIDTH + length + 4}" y="{baseline:.1f}" '
                f'font-weight="bold" fill="#1b1b1b">{bar.value}</text>'
            )
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


@dataclass(frozen=True)
class HalfBarChart(BarChart):
    """A bar chart half the page wide (two side by side: an objective's types and statuses),
    with the same text size once on the page."""

    WIDTH = 250
    LABEL_WIDTH = 100
    VALUE_WIDTH = 24
    LABEL_CHARS = 24


# -------------------------------------------------------------------------------------- data
@dataclass
class ParticipationFigures:
    total: int  # distinct people present at a workshop of the period or at the plenary
    workshops: int  # distinct people present at a workshop of the period
    plenary_attended: int
    plenary_registered: int
    by_territory: BarChart
    by_category: BarChart
    by_workshop: BarChart


@dataclass
class ContributionItem:
    number: int  # its number in the report, cited by the priority actions
    pk: int
    type: str
    html: SafeString
    workshop: str
    workshop_start: datetime
    supports: int

    key: str = ""  # the text as compared to merge identical ones (case, spaces, final dot aside)


def same_text_key(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(" .!…")


@dataclass
class MergedContribution:
    """Identical texts said in several workshops (or several times), shown once with a count."""

    items: list[ContributionItem]

    @property
    def first(self) -> ContributionItem:
        return self.items[0]

    @property
    def html(self) -> SafeString:
        return self.first.html

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def supports(self) -> int:
        return sum(item.supports for item in self.items)

    @property
    def numbers(self) -> list[int]:
        return sorted(item.number for item in self.items)

    @property
    def workshops(self) -> list[str]:
        return list(dict.fromkeys(item.workshop for item in self.items))

    @property
    def pks(self) -> set[int]:
        return {item.pk for item in self.items}


def merge_identical(items: list[ContributionItem]) -> list[MergedContribution]:
    """`items` with identical texts merged, in the order of their first appearance."""
    merged: dict[str, MergedContribution] = {}
    for item in items:
        merged.setdefault(item.key or str(item.pk), MergedContribution([])).items.append(item)
    return list(merged.values())


@dataclass
class TypeGroup:
    type: str
    label: str
    contributions: list[ContributionItem]

    @property
    def merged(self) -> list[MergedContribution]:
        return merge_identical(self.contributions)


@dataclass
class ObjectiveGroup:
    title: str
    position: int | None  # None: contributions tied to no objective
    total: int
    types: list[TypeGroup]
    slug: str = ""

    def of_type(self, value: str) -> list[ContributionItem]:
        return next((g.contributions for g in self.types if g.type == value), [])


@dataclass
class ActionSummary:
    pk: int
    title: str
    status: str
    status_label: str
    progress: int
    objective: str
    lead: str
    due_date: date | None
    description_html: SafeString
    contribution_numbers: list[int]
    workshops: list[str]
    earlier_contributions: int  # cited contributions from workshops before the period
    updated_at: datetime


@dataclass
class WorkshopRow:
    pk: int
    title: str
    start: datetime
    place: str
    status: str
    status_label: str
    body: str
    attended: int
    registered: int
    contributions: int


@dataclass
class KeyExpectation:
    """One of the strongest expectations of an objective, and the actions it led to."""

    merged: MergedContribution
    actions: list[str]


@dataclass
class KeyMessage:
    objective: ObjectiveGroup
    expectations: list[KeyExpectation]
    action_count: int


@dataclass
class ObjectiveCharts:
    objective: ObjectiveGroup
    by_type: BarChart
    by_status: BarChart


@dataclass
class RestitutionData:
    plenary: Meeting
    previous: Meeting | None
    participation: ParticipationFigures
    objectives: list[ObjectiveGroup]
    contribution_total: int
    type_totals: list[tuple[str, int]]
    supports_total: int
    actions: list[ActionSummary]
    workshops: list[WorkshopRow]
    fingerprint: tuple = field(default=())
    contributions: list[ContributionItem] = field(default_factory=list)  # the annex, by number
    key_messages: list[KeyMessage] = field(default_factory=list)
    objective_charts: list[ObjectiveCharts] = field(default_factory=list)

    @property
    def charts(self) -> list[BarChart]:
        figures = self.participation
        return [figures.by_territory, figures.by_category, figures.by_workshop]


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _short_date(value: datetime) -> str:
    return date_format(timezone.localtime(value), "d/m/Y")


def restitution_data(*, meeting: Meeting) -> RestitutionData:
    """Everything the restitution report of `meeting` (a plenary) shows. Its number of queries
    does not depend on the number of participants, contributions or actions."""
    period = plenary_restitution(plenary=meeting, viewer=AnonymousUser())
    workshops = period.workshops
    workshop_ids = [w.pk for w in workshops]
    participation, per_workshop, participation_stamp = _participation(meeting, workshops)
    visible = Contribution.objects.filter(meeting_id__in=workshop_ids, is_hidden=False)
    rows = _contribution_rows(visible)
    items, objective_groups = _by_objective(rows, visible, workshops)
    actions = _actions(visible, items)
    per_type = Counter(row["type"] for row in rows)
    per_meeting = Counter(row["meeting_id"] for row in rows)
    history = Contribution.history.filter(meeting_id__in=workshop_ids).aggregate(
        rows=Count("history_id"), latest=Max("history_date")
    )
    supports = Support.objects.filter(contribution__in=visible).aggregate(
        rows=Count("pk"), latest=Max("created_at")
    )
    data = RestitutionData(
        plenary=meeting,
        previous=period.previous,
        participation=participation,
        objectives=objective_groups,
        contribution_total=len(rows),
        type_totals=[(str(label), per_type[value]) for value, label in Contribution.Type.choices],
        supports_total=supports["rows"],
        actions=actions,
        workshops=[
            WorkshopRow(
                pk=w.pk,
                title=w.title,
                start=w.start,
                place=w.location_label,
                status=w.status,
                status_label=str(w.get_status_display()),
                body=w.body.name if w.body_id else "",
                attended=per_workshop.get(w.pk, {}).get("attended", 0)
                + per_workshop.get(w.pk, {}).get("guests", 0),
                registered=per_workshop.get(w.pk, {}).get("registered", 0),
                contributions=per_meeting[w.pk],
            )
            for w in workshops
        ],
    )
    data.contributions = sorted(items.values(), key=lambda item: item.number)
    data.key_messages = _key_messages(objective_groups, actions, items)
    data.objective_charts = _objective_charts(objective_groups, actions)
    data.fingerprint = (
        REPORT_FORMAT,
        meeting.pk,
        _iso(meeting.updated_at),
        period.previous.pk if period.previous else None,
        len(workshops),
        _iso(max((w.updated_at for w in workshops), default=None)),
        *participation_stamp,
        len(rows),
        history["rows"],
        _iso(history["latest"]),
        supports["rows"],
        _iso(supports["latest"]),
        len(actions),
        _iso(max((a.updated_at for a in actions), default=None)),
        _content_digest(data),
    )
    return data


def _participation(meeting: Meeting, workshops: list[Meeting]):
    """People present (distinct) at the period's workshops and at the plenary, by EPCI,
    actor category and workshop; the plenary's registrations while it is still to come.
    Returns the figures, the per-workshop rows and (rows, latest change) for the fingerprint."""
    workshop_ids = [w.pk for w in workshops]
    attended = Q(attended=True)
    in_workshops = Q(meeting_id__in=workshop_ids) if workshop_ids else Q(pk__in=[])
    guest = Q(user__isnull=True)
    participations = Participation.objects.filter(meeting_id__in=[*workshop_ids, meeting.pk])
    totals = participations.aggregate(
        total=Count("user", distinct=True, filter=attended),
        workshops=Count("user", distinct=True, filter=attended & in_workshops),
        plenary_attended=Count("user", distinct=True, filter=attended & Q(meeting_id=meeting.pk)),
        plenary_registered=Count(
            "pk", filter=Q(meeting_id=meeting.pk, status=Participation.Status.REGISTERED)
        ),
        rows=Count("pk"),
        latest=Max("updated_at"),
        # Walk-ins without an account: each row is one person (they have no user to dedupe).
        guests_total=Count("pk", filter=attended & guest),
        guests_workshops=Count("pk", filter=attended & guest & in_workshops),
        guests_plenary=Count("pk", filter=attended & guest & Q(meeting_id=meeting.pk)),
    )
    present = participations.filter(attended).order_by()
    per_territory = {
        row["user__territory"]: row["n"]
        for row in present.values("user__territory").annotate(n=Count("user", distinct=True))
    }
    per_category = {
        row["user__actor_category"]: row["n"]
        for row in present.values("user__actor_category").annotate(n=Count("user", distinct=True))
    }
    guests_present = list(
        present.filter(guest).values("guest_territory", "guest_category").annotate(n=Count("pk"))
    )
    for row in guests_present:
        territory, category = row["guest_territory"], row["guest_category"]
        per_territory[territory] = per_territory.get(territory, 0) + row["n"]
        per_category[category] = per_category.get(category, 0) + row["n"]
    per_workshop = {
        row["meeting_id"]: row
        for row in participations.filter(in_workshops)
        .order_by()
        .values("meeting_id")
        .annotate(
            # (before `attended`: the filter reads the field, not that annotation)
            guests=Count("pk", filter=attended & guest),
            attended=Count("user", distinct=True, filter=attended),
            registered=Count("pk", filter=Q(status=Participation.Status.REGISTERED)),
        )
    }
    territory_bars = [Bar(t.name, per_territory.get(t.pk, 0)) for t in Territory.objects.all()]
    territory_bars.append(Bar(str(_("Hors Cornouaille")), per_territory.get(None, 0)))
    category_bars = [Bar(c.name, per_category.get(c.pk, 0)) for c in ActorCategory.objects.all()]
    if per_category.get(None):
        category_bars.append(Bar(str(_("Catégorie non renseignée")), per_category[None]))
    workshop_bars = [
        Bar(
            w.title,
            per_workshop.get(w.pk, {}).get("attended", 0)
            + per_workshop.get(w.pk, {}).get("guests", 0),
            note=f"({_short_date(w.start)})",
        )
        for w in workshops
    ]
    figures = ParticipationFigures(
        total=totals["total"] + totals["guests_total"],
        workshops=totals["workshops"] + totals["guests_workshops"],
        plenary_attended=totals["plenary_attended"] + totals["guests_plenary"],
        plenary_registered=totals["plenary_registered"],
        by_territory=BarChart("epci", _("Participant·es par EPCI"), tuple(territory_bars)),
        by_category=BarChart(
            "categories", _("Participant·es par catégorie d'acteurs"), tuple(category_bars)
        ),
        by_workshop=BarChart("ateliers", _("Participant·es par atelier"), tuple(workshop_bars)),
    )
    return figures, per_workshop, (totals["rows"], _iso(totals["latest"]))


def _contribution_rows(visible) -> list[dict]:
    """The visible contributions with their support count, most supported first."""
    support_count = (
        Support.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        visible.annotate(
            supports_n=Coalesce(Subquery(support_count), 0, output_field=IntegerField())
        )
        .order_by("-supports_n", "created_at", "pk")
        .values("pk", "type", "text", "meeting_id", "supports_n")
    )


def _by_objective(rows, visible, workshops) -> tuple[dict[int, ContributionItem], list]:
    """Contributions grouped by objective (a contribution under two objectives appears under
    both, with one number), then by type; those tied to no objective come last."""
    objective_links: dict[int, list[int]] = {}
    for contribution_id, objective_id in Contribution.objectives.through.objects.filter(
        contribution__in=visible
    ).values_list("contribution_id", "objective_id"):
        objective_links.setdefault(contribution_id, []).append(objective_id)
    buckets: dict[int | None, dict[str, list[dict]]] = {}
    for row in rows:
        for objective_id in objective_links.get(row["pk"]) or [None]:
            buckets.setdefault(objective_id, {}).setdefault(row["type"], []).append(row)

    by_meeting = {w.pk: w for w in workshops}
    items: dict[int, ContributionItem] = {}

    def item(row: dict) -> ContributionItem:
        if row["pk"] not in items:  # numbered in the order the report shows them
            workshop = by_meeting[row["meeting_id"]]
            items[row["pk"]] = ContributionItem(
                number=len(items) + 1,
                pk=row["pk"],
                type=row["type"],
                html=render_markdown(row["text"]),
                workshop=workshop.title,
                workshop_start=workshop.start,
                supports=row["supports_n"],
                key=same_text_key(row["text"]),
            )
        return items[row["pk"]]

    def group(title: str, position, per_type: dict[str, list[dict]], slug="") -> ObjectiveGroup:
        type_groups = [
            TypeGroup(value, str(label), [item(row) for row in per_type[value]])
            for value, label in Contribution.Type.choices
            if per_type.get(value)
        ]
        total = sum(len(g.contributions) for g in type_groups)
        return ObjectiveGroup(
            title=title, position=position, total=total, types=type_groups, slug=slug
        )

    groups = [
        group(o.title, o.position, buckets[o.pk], slug=o.slug)
        for o in Objective.objects.all()
        if o.pk in buckets
    ]
    if None in buckets:
        groups.append(group(str(_("Sans objectif rattaché")), None, buckets[None]))
    return items, groups


KEY_EXPECTATIONS = 3


def _key_messages(groups, actions, items) -> list[KeyMessage]:
    """Per objective, its strongest expectations (type « attente », identical texts merged,
    most supported first) and the priority actions that cite them."""
    by_number = {item.number: item.pk for item in items.values()}
    cited_in: dict[int, list[str]] = {}
    for action in actions:
        for number in action.contribution_numbers:
            cited_in.setdefault(by_number[number], []).append(action.title)
    messages = []
    for group in groups:
        if group.position is None:
            continue
        merged = merge_identical(group.of_type(Contribution.Type.NEED))
        merged.sort(key=lambda m: (-m.supports, -m.count, m.numbers[0]))
        expectations = [
            KeyExpectation(
                merged=m,
                actions=list(
                    dict.fromkeys(t for pk in sorted(m.pks) for t in cited_in.get(pk, []))
                ),
            )
            for m in merged[:KEY_EXPECTATIONS]
        ]
        count = sum(1 for a in actions if a.objective == group.title)
        messages.append(KeyMessage(objective=group, expectations=expectations, action_count=count))
    return messages


def _objective_charts(groups, actions) -> list[ObjectiveCharts]:
    """One pair of charts per objective: its contributions by type, its actions by status."""
    charts = []
    for group in groups:
        if group.position is None:
            continue
        per_type = {g.type: len(g.contributions) for g in group.types}
        statuses = Counter(a.status for a in actions if a.objective == group.title)
        key = f"objectif-{group.position}"
        charts.append(
            ObjectiveCharts(
                objective=group,
                by_type=HalfBarChart(
                    f"{key}-types",
                    _("Objectif %(n)s — contributions par type") % {"n": group.position},
                    tuple(
                        Bar(str(label), per_type.get(value, 0))
                        for value, label in Contribution.Type.choices
                    ),
                ),
                by_status=HalfBarChart(
                    f"{key}-actions",
                    _("Objectif %(n)s — actions prioritaires par statut") % {"n": group.position},
                    tuple(
                        Bar(str(label), statuses.get(value, 0))
                        for value, label in PriorityAction.Status.choices
                    ),
                    colour="#4a5560",
                ),
            )
        )
    return charts


def _actions(visible, items: dict[int, ContributionItem]) -> list[ActionSummary]:
    """The priority actions citing the period's visible contributions, with their origin: the
    contributions' numbers in the report, their workshops, and how many earlier ones."""
    links = PriorityAction.contributions.through.objects.filter(contribution__in=visible)
    cited_by: dict[int, set[int]] = {}
    for action_id, contribution_id in links.values_list("priorityaction_id", "contribution_id"):
        cited_by.setdefault(action_id, set()).add(contribution_id)
    actions = []
    for action in (
        PriorityAction.objects.filter(pk__in=Subquery(links.values("priorityaction_id")))
        .select_related("objective", "lead_organisation")
        .annotate(
            visible_cited=Count(
                "contributions", filter=Q(contributions__is_hidden=False), distinct=True
            )
        )
        .order_by("objective__position", "title")
    ):
        cited = sorted(
            (items[c] for c in cited_by.get(action.pk, ()) if c in items),
            key=lambda c: c.number,
        )
        origin = sorted({(c.workshop_start, c.workshop) for c in cited})
        actions.append(
            ActionSummary(
                pk=action.pk,
                title=action.title,
                status=action.status,
                status_label=str(action.get_status_display()),
                progress=action.progress,
                objective=action.objective.title,
                lead=action.lead_organisation.name if action.lead_organisation_id else "",
                due_date=action.due_date,
                description_html=render_markdown(action.description),
                contribution_numbers=[c.number for c in cited],
                workshops=[title for _start, title in origin],
                earlier_contributions=max(action.visible_cited - len(cited), 0),
                updated_at=action.updated_at,
            )
        )
    return actions


def _content_digest(data: RestitutionData) -> str:
    """A digest of what the report shows (not of when it is rendered)."""
    figures = data.participation
    plenary = data.plenary
    content = (
        (plenary.title, _iso(plenary.start), plenary.location_label, plenary.status),
        (data.previous.title, _iso(data.previous.start)) if data.previous else None,
        (figures.total, figures.workshops, figures.plenary_attended, figures.plenary_registered),
        [(c.title, c.bars) for c in data.charts],
        [
            (
                g.title,
                [(t.type, [(c.pk, c.html, c.supports) for c in t.contributions]) for t in g.types],
            )
            for g in data.objectives
        ],
        [
            (
                a.pk,
                a.title,
                a.status,
                a.progress,
                a.objective,
                a.lead,
                _iso(a.due_date),
                a.description_html,
                a.contribution_numbers,
                a.workshops,
                a.earlier_contributions,
            )
            for a in data.actions
        ],  # fmt: skip
        [
            (
                w.pk,
                w.title,
                _iso(w.start),
                w.place,
                w.status,
                w.body,
                w.attended,
                w.registered,
                w.contributions,
            )
            for w in data.workshops
        ],  # fmt: skip
    )
    return hashlib.sha256(repr(content).encode()).hexdigest()


def _through_stamp(through, visible, column: str) -> tuple:
    """(rows, sum of the linked ids) of a many-to-many table: a re-tag changes the sum."""
    stats = through.objects.filter(contribution__in=visible).aggregate(
        rows=Count("pk"), ids=Sum(column)
    )
    return stats["rows"], stats["ids"]


def _names_stamp(body_ids) -> str:
    """A digest of the names the report prints from reference lists — objectives (with their
    number), challenges, filières, target publics, EPCI, actor categories, the workshops'
    bodies — read in ONE query (a UNION of small tables): a rename makes another report."""
    from apps.governance.models import Body
    from apps.strategy.models import Challenge, Filiere, TargetPublic

    def rows(queryset, *fields):
        parts = []
        for name in fields:
            parts += [Cast(name, CharField()), Value("|")]
        return (
            queryset.order_by()
            .annotate(
                stamp_table=Value(queryset.model._meta.label_lower),
                stamp_label=Concat(*parts, output_field=CharField()),
            )
            .values_list("stamp_table", "pk", "stamp_label")
        )

    union = rows(Objective.objects.all(), "position", "title", "slug").union(
        rows(Challenge.objects.all(), "title"),
        rows(Filiere.objects.all(), "name"),
        rows(TargetPublic.objects.all(), "name"),
        rows(Territory.objects.all(), "name"),
        rows(ActorCategory.objects.all(), "name"),
        rows(Body.objects.filter(pk__in=body_ids), "name"),
        all=True,
    )
    return hashlib.sha256(repr(sorted(union)).encode()).hexdigest()[:16]


def restitution_fingerprint(*, meeting: Meeting) -> tuple:
    """What `restitution_data(...).fingerprint` detects, from cheap aggregates only (a few
    COUNT/MAX/SUM, no per-row work): the request that asks for the PDF answers fast and leaves
    the report itself to the worker. Counts, latest timestamps and sums of linked ids of every
    table the report reads (a re-tag or a hidden contribution changes them)."""
    period = plenary_restitution(plenary=meeting, viewer=AnonymousUser())
    workshops = period.workshops
    workshop_ids = [w.pk for w in workshops]
    present = Q(attended=True)
    participations = Participation.objects.filter(
        meeting_id__in=[*workshop_ids, meeting.pk]
    ).aggregate(
        rows=Count("pk"),
        latest=Max("updated_at"),
        present_rows=Count("pk", filter=present),
        # who the people present are (their EPCI and category are counted in the report)
        territories=Sum("user__territory_id", filter=present),
        no_territory=Count("pk", filter=present & Q(user__territory__isnull=True)),
        categories=Sum("user__actor_category_id", filter=present),
        no_category=Count("pk", filter=present & Q(user__actor_category__isnull=True)),
    )
    visible = Contribution.objects.filter(meeting_id__in=workshop_ids, is_hidden=False)
    contributions = visible.aggregate(rows=Count("pk"), last=Max("pk"), ids=Sum("pk"))
    history = Contribution.history.filter(meeting_id__in=workshop_ids).aggregate(
        rows=Count("history_id"), latest=Max("history_date")
    )
    supports = Support.objects.filter(contribution__in=visible).aggregate(
        rows=Count("pk"), latest=Max("created_at")
    )
    cited = PriorityAction.objects.filter(contributions__in=visible)
    actions = cited.aggregate(
        rows=Count("pk", distinct=True),
        latest=Max("updated_at"),
        links=Count("pk"),
        progress=Sum("progress"),
        objectives=Sum("objective_id"),
    )
    return (
        REPORT_FORMAT,
        "cheap",
        meeting.pk,
        _iso(meeting.updated_at),
        period.previous.pk if period.previous else None,
        tuple(workshop_ids),
        _iso(max((w.updated_at for w in workshops), default=None)),
        *(_iso(v) if isinstance(v, datetime) else v for v in participations.values()),
        *contributions.values(),
        history["rows"],
        _iso(history["latest"]),
        supports["rows"],
        _iso(supports["latest"]),
        *(_iso(v) if isinstance(v, datetime) else v for v in actions.values()),
        _through_stamp(Contribution.objectives.through, visible, "objective_id"),
        _through_stamp(Contribution.challenges.through, visible, "challenge_id"),
        _through_stamp(Contribution.filieres.through, visible, "filiere_id"),
        _names_stamp({w.body_id for w in workshops if w.body_id}),
    )


def contributions_since(*, meeting: Meeting, since: datetime) -> int:
    """How many contributions the restitution report of `meeting` would show that were
    recorded after `since` (the date of the latest report): two queries, for the plenary page's
    « de nouvelles contributions depuis le … »."""
    workshops = restitution_workshops(plenary=meeting, viewer=AnonymousUser())
    return Contribution.objects.filter(
        meeting__in=workshops.values("pk"), is_hidden=False, created_at__gt=since
    ).count()
