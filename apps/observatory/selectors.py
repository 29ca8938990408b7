"""The observatory's figures: every aggregate is computed by the database (GROUP BY, EXISTS),
so a page costs the same number of queries whatever the number of people and meetings.

Definitions (written on the page too):
- a *participant* is a person who attended at least one meeting (`Participation.attended`) of
  the period; a walk-in without an account (a participation with no user) counts as one person;
- the period is a phase of the process (by default the one under way), a calendar year, or
  the whole process (« toute la démarche »);
- a meeting belongs to the period by its start; drafts and cancelled meetings never count.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth, TruncQuarter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.governance.models import Meeting, Participation
from apps.stakeholders.models import ActorCategory, Territory
from apps.strategy.models import Contribution, Filiere, Objective, Phase, PriorityAction

from .models import Invitation

ALL = "tout"
THIN = 2  # a coverage cell with fewer unique participants than this is « mince »
ORGANISATIONS_PER_PAGE = 20

NOT_COUNTED = (Meeting.Status.DRAFT, Meeting.Status.CANCELLED)
# A person who answered yes or holds a seat (or the waiting list): « inscrit·e ».
REGISTERED_STATUSES = (
    Participation.Status.REGISTERED,
    Participation.Status.WAITLISTED,
    Participation.Status.ATTENDING,
    Participation.Status.REPRESENTED,
)
# Confirmed ahead of the meeting: the denominator of the attendance rate.
CONFIRMED_STATUSES = (Participation.Status.REGISTERED, Participation.Status.ATTENDING)


# A walk-in without an account has no user: its guest fields say where the person comes from.
def territory_expression():
    return Coalesce("user__territory_id", "guest_territory_id")


def category_expression():
    return Coalesce("user__actor_category_id", "guest_category_id")


def people_count(prefix: str = ""):
    """Unique people among participation rows: distinct accounts, plus one per walk-in row."""
    return Count(f"{prefix}user", distinct=True) + Count(
        f"{prefix}pk", distinct=True, filter=Q(**{f"{prefix}user__isnull": True})
    )


# ----------------------------------------------------------------------------------- the period
@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: datetime | None = None
    end: datetime | None = None  # None: no end (the whole process, a phase under way)

    @property
    def is_all(self) -> bool:
        return self.start is None and self.end is None

    def date_filter(self, name: str) -> Q:
        bounds = Q()
        if self.start is not None:
            bounds &= Q(**{f"{name}__gte": self.start})
        if self.end is not None:
            bounds &= Q(**{f"{name}__lt": self.end})
        return bounds

    def meeting_filter(self, prefix: str = "meeting__") -> Q:
        return self.date_filter(f"{prefix}start")


def year_period(year: int) -> Period:
    tz = timezone.get_current_timezone()
    return Period(
        key=str(year),
        label=str(year),
        start=datetime(year, 1, 1, tzinfo=tz),
        end=datetime(year + 1, 1, 1, tzinfo=tz),
    )


def all_period() -> Period:
    return Period(key=ALL, label=_("Toute la démarche"))


PHASE_PREFIX = "phase-"


def phases() -> list[Phase]:
    """The phases of the process (strategy), oldest first: a handful of rows."""
    return list(Phase.objects.all())


def phase_period(phase: Phase) -> Period:
    tz = timezone.get_current_timezone()

    def midnight(day):
        return datetime(day.year, day.month, day.day, tzinfo=tz)

    since = date_format(phase.start, "j F Y")
    label = (
        _("%(name)s (depuis le %(since)s)") % {"name": phase.name, "since": since}
        if phase.end is None
        else _("%(name)s (du %(since)s au %(until)s)")
        % {"name": phase.name, "since": since, "until": date_format(phase.end, "j F Y")}
    )
    return Period(
        key=f"{PHASE_PREFIX}{phase.slug}",
        label=label,
        start=midnight(phase.start),
        end=midnight(phase.end + timedelta(days=1)) if phase.end else None,
    )


def available_years() -> list[int]:
    """The years with at least one meeting that counts (newest first)."""
    years = (
        Meeting.objects.exclude(status__in=NOT_COUNTED)
        .annotate(y=ExtractYear("start"))
        .order_by("-y")
        .values_list("y", flat=True)
        .distinct()
    )
    return list(years)


def period_from(value: str | None, years: list[int], phase_list: list | None = None) -> Period:
    """The chosen period: a phase of the process (« phase-<slug> »), a year among `years`,
    « tout »; by default, or for anything else, the phase under way, or else the current year."""
    if value == ALL:
        return all_period()
    if phase_list is None:
        phase_list = phases()
    by_key = {f"{PHASE_PREFIX}{phase.slug}": phase for phase in phase_list}
    if value in by_key:
        return phase_period(by_key[value])
    try:
        year = int(value or "")
    except ValueError:
        year = None
    if year in years:
        return year_period(year)
    today = timezone.localdate()
    current = [phase for phase in phase_list if phase.contains(today)]
    if current:
        return phase_period(current[-1])
    return year_period(today.year)


# ------------------------------------------------------------------------------------- querysets
def attendances(period: Period):
    """Every attendance of the period (one row per person and meeting)."""
    return (
        Participation.objects.filter(attended=True)
        .exclude(meeting__status__in=NOT_COUNTED)
        .filter(period.meeting_filter())
    )


# --------------------------------------------------------------------------------- the headlines
@dataclass
class Headline:
    key: str
    label: str
    value: object
    definition: str


def headlines(period: Period) -> list[Headline]:
    now = timezone.now()
    people = attendances(period).aggregate(
        participants=people_count(),
        organisations=Count("user__organisation", distinct=True),
    )
    seats = (
        Participation.objects.exclude(meeting__status__in=NOT_COUNTED)
        .filter(period.meeting_filter(), meeting__start__lt=now, status__in=CONFIRMED_STATUSES)
        .aggregate(confirmed=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
    )
    accounts = User.objects.filter(is_active=True).aggregate(
        total=Count("pk"), new=Count("pk", filter=period.date_filter("date_joined"))
    )
    contributions = (
        Contribution.objects.filter(is_hidden=False)
        .exclude(meeting__status__in=NOT_COUNTED)
        .filter(period.meeting_filter())
        .count()
    )
    actions = (
        PriorityAction.objects.filter(
            Exists(
                PriorityAction.contributions.through.objects.filter(
                    priorityaction_id=OuterRef("pk")
                ).filter(period.meeting_filter("contribution__meeting__"))
            )
        ).count()
        if not period.is_all
        else PriorityAction.objects.count()
    )
    rate = round(100 * seats["attended"] / seats["confirmed"]) if seats["confirmed"] else None
    return [
        Headline(
            "participants",
            _("Participants uniques"),
            people["participants"],
            _(
                "Personnes présentes à au moins une réunion de la période (émargement), "
                "chacune comptée une fois ; une personne venue sans compte compte pour une."
            ),
        ),
        Headline(
            "accounts",
            _("Comptes inscrits"),
            accounts["new"] if not period.is_all else accounts["total"],
            _("Comptes actifs créés pendant la période (%(total)s comptes actifs en tout).")
            % {"total": accounts["total"]},
        ),
        Headline(
            "organisations",
            _("Organisations impliquées"),
            people["organisations"],
            _("Organisations distinctes des participants uniques ayant un compte."),
        ),
        Headline(
            "attendance",
            _("Taux de présence"),
            f"{rate} %" if rate is not None else "—",
            _(
                "Présences émargées parmi les inscriptions confirmées (inscrit·e ou « présent·e » "
                "annoncé·e) aux réunions déjà tenues de la période : %(attended)s sur "
                "%(confirmed)s."
            )
            % seats,
        ),
        Headline(
            "contributions",
            _("Contributions"),
            contributions,
            _("Contributions recueillies dans les réunions de la période (hors masquées)."),
        ),
        Headline(
            "actions",
            _("Actions prioritaires"),
            actions,
            _("Actions prioritaires issues d'au moins une contribution de la période."),
        ),
    ]


# ---------------------------------------------------------------------------------- breakdowns
@dataclass
class Row:
    label: str
    value: int
    extra: dict = field(default_factory=dict)


OUTSIDE = gettext_lazy("Hors Cornouaille")
UNKNOWN_CATEGORY = gettext_lazy("Catégorie non renseignée")


@dataclass
class Reference:
    territories: list
    categories: list


def reference() -> Reference:
    return Reference(list(Territory.objects.all()), list(ActorCategory.objects.all()))


def by_territory(period: Period, ref: Reference) -> list[Row]:
    counts = dict(
        attendances(period)
        .annotate(t=territory_expression())
        .values("t")
        .annotate(n=people_count())
        .order_by()
        .values_list("t", "n")
    )
    rows = [Row(t.name, counts.get(t.pk, 0)) for t in ref.territories]
    rows.append(Row(str(OUTSIDE), counts.get(None, 0)))
    return rows


def by_category(period: Period, ref: Reference) -> list[Row]:
    counts = dict(
        attendances(period)
        .annotate(c=category_expression())
        .values("c")
        .annotate(n=people_count())
        .order_by()
        .values_list("c", "n")
    )
    rows = [Row(c.name, counts.get(c.pk, 0)) for c in ref.categories]
    if counts.get(None):
        rows.append(Row(str(UNKNOWN_CATEGORY), counts[None]))
    return rows


def _by_topic(period: Period, model, lookup: str) -> list[Row]:
    """Participants of the meetings whose contributions carry a filière (or an objective): a
    meeting is « about » what its contributions were tagged with. One query: a subquery per
    filière (a handful of rows), each a hashed IN over the tagged meetings."""
    tagged = Contribution.objects.filter(**{lookup: OuterRef(OuterRef("pk"))}).values("meeting_id")
    people = (
        attendances(period)
        .filter(meeting_id__in=tagged)
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(n=people_count())
        .values("n")
    )
    items = model.objects.annotate(n=Coalesce(Subquery(people), Value(0)))
    return [Row(str(item), item.n) for item in items]


def by_filiere(period: Period) -> list[Row]:
    return _by_topic(period, Filiere, "filieres")


def by_objective(period: Period) -> list[Row]:
    return _by_topic(period, Objective, "objectives")


def by_year() -> list[Row]:
    rows = (
        attendances(all_period())
        .annotate(y=ExtractYear("meeting__start"))
        .values("y")
        .annotate(n=people_count())
        .order_by("y")
        .values_list("y", "n")
    )
    return [Row(str(year), n) for year, n in rows]


@dataclass
class Grid:
    columns: list  # categories
    rows: list  # (territory label, [cells]) ; a cell: {"value", "state"}
    thin: int = THIN


def coverage_grid(period: Period, ref: Reference) -> Grid:
    counts = {
        (t, c): n
        for t, c, n in attendances(period)
        .annotate(t=territory_expression(), c=category_expression())
        .values("t", "c")
        .annotate(n=people_count())
        .order_by()
        .values_list("t", "c", "n")
    }
    lines = [(t.name, t.pk) for t in ref.territories] + [(str(OUTSIDE), None)]
    rows = []
    for label, territory_id in lines:
        cells = []
        for category in ref.categories:
            value = counts.get((territory_id, category.pk), 0)
            state = "empty" if value == 0 else ("thin" if value < THIN else "ok")
            cells.append({"value": value, "state": state, "category": category.name})
        rows.append((label, cells))
    return Grid(columns=ref.categories, rows=rows)


# ---------------------------------------------------------------------------------- over time
MAX_MONTHS = 36  # a longer period is counted by quarter: the chart and its table stay short


@dataclass
class Month:
    month: datetime  # the first day of the month, or of the quarter
    total: int
    new: int
    returning: int
    quarterly: bool = False

    @property
    def label(self) -> str:
        """Short, for a chart's axis: « 03/2026 », « T1 2026 »."""
        if self.quarterly:
            return _("T%(q)d %(y)d") % {"q": (self.month.month - 1) // 3 + 1, "y": self.month.year}
        return self.month.strftime("%m/%Y")

    @property
    def long_label(self) -> str:
        """For a table: « mars 2026 », « 1er trimestre 2026 »."""
        if self.quarterly:
            quarter = (self.month.month - 1) // 3 + 1
            return (_("1er trimestre %(y)d") if quarter == 1 else _("%(q)de trimestre %(y)d")) % {
                "q": quarter,
                "y": self.month.year,
            }
        return date_format(self.month, "F Y")


def is_quarterly(period: Period) -> bool:
    """By quarter when the period spans more than MAX_MONTHS months (the whole process, a long
    phase): decided from the period alone, so the page's queries do not depend on the data."""
    if period.is_all or period.start is None:
        return True
    end = period.end or timezone.now()
    return (end.year - period.start.year) * 12 + end.month - period.start.month > MAX_MONTHS


def months(period: Period) -> list[Month]:
    """Participants per month (or per quarter, see `is_quarterly`), split into new (first
    attendance ever in that month; every walk-in without an account is new) and returning
    (came before). Two GROUP BY queries: the people per month, and the people whose first
    attendance falls in each month."""
    quarterly = is_quarterly(period)
    trunc = TruncQuarter if quarterly else TruncMonth
    rows = (
        attendances(period)
        .annotate(m=trunc("meeting__start"))
        .values("m")
        .annotate(
            accounts=Count("user", distinct=True),
            walk_ins=Count("pk", distinct=True, filter=Q(user__isnull=True)),
        )
        .order_by("m")
    )
    first = (
        Participation.objects.filter(attended=True, user=OuterRef("pk"))
        .exclude(meeting__status__in=NOT_COUNTED)
        .order_by()
        .values("user")
        .annotate(first=Min("meeting__start"))
        .values("first")
    )
    newcomers = dict(
        User.objects.filter(pk__in=attendances(period).filter(user__isnull=False).values("user_id"))
        .annotate(first=Subquery(first))
        .filter(period.date_filter("first"))
        .annotate(m=trunc("first"))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("m", "n")
    )
    result = []
    for row in rows:
        new = newcomers.get(row["m"], 0)
        result.append(
            Month(
                row["m"],
                row["accounts"] + row["walk_ins"],
                new + row["walk_ins"],
                row["accounts"] - new,
                quarterly,
            )  # fmt: skip
        )
    return result


@dataclass
class Retention:
    year: int
    came: int
    came_back: int

    @property
    def rate(self):
        return round(100 * self.came_back / self.came) if self.came else None


def retention() -> list[Retention]:
    """Of the people (with an account) who attended in year N, how many attended in N + 1.
    Walk-ins without an account cannot be followed from one year to the next."""
    base = attendances(all_period()).filter(user__isnull=False)
    next_year = base.filter(
        user=OuterRef("user"),
        meeting__start__year=ExtractYear(OuterRef("meeting__start")) + Value(1),
    )
    rows = (
        base.annotate(y=ExtractYear("meeting__start"), back=Exists(next_year))
        .values("y")
        .annotate(
            came=Count("user", distinct=True),
            came_back=Count("user", distinct=True, filter=Q(back=True)),
        )
        .order_by("y")
        .values_list("y", "came", "came_back")
    )
    rows = list(rows)
    current = timezone.localdate().year
    # The last year has no « next year » yet: its row says so rather than 0 %.
    return [Retention(y, came, back) for y, came, back in rows if y < current]


# ----------------------------------------------------------------------------------- the funnel
FUNNEL_STEPS = [
    ("invited", gettext_lazy("Invité·es")),
    ("registered", gettext_lazy("Inscrit·es")),
    ("attended", gettext_lazy("Présent·es")),
    ("contributed", gettext_lazy("Ont contribué")),
    ("carries_action", gettext_lazy("Portent une action")),
]
FUNNEL_DEFINITIONS = gettext_lazy(
    "Invité·es : personnes ayant reçu une invitation ciblée ou une convocation pour une "
    "réunion de la période. Inscrit·es : inscription, liste d'attente ou réponse « présent·e » "
    "ou « représenté·e ». Présent·es : émargé·es (les personnes venues sans compte comptent "
    "dans le total général). Ont contribué : auteur·rices d'une contribution de la période. "
    "Portent une action : auteur·rices d'une contribution de la période devenue action "
    "prioritaire."
)


def _funnel_people(period: Period):
    """The people at any step of the funnel, and one count per step. Each step is a plain
    (uncorrelated) set of user ids: PostgreSQL hashes it once, whatever the number of people."""
    in_period = period.meeting_filter()
    participations = Participation.objects.exclude(meeting__status__in=NOT_COUNTED).filter(
        in_period, user__isnull=False
    )
    contributions = Contribution.objects.filter(in_period, is_hidden=False, author__isnull=False)
    contributions = contributions.exclude(meeting__status__in=NOT_COUNTED)
    links = PriorityAction.contributions.through.objects.filter(
        period.meeting_filter("contribution__meeting__"),
        contribution__author__isnull=False,
        contribution__is_hidden=False,
    )
    flags = {
        "invited": Q(pk__in=Invitation.objects.filter(in_period).values("user_id"))
        | Q(pk__in=participations.filter(invited_at__isnull=False).values("user_id")),
        "registered": Q(
            pk__in=participations.filter(
                Q(status__in=REGISTERED_STATUSES) | Q(attended=True)
            ).values("user_id")
        ),
        "attended": Q(pk__in=participations.filter(attended=True).values("user_id")),
        "contributed": Q(pk__in=contributions.values("author_id")),
        "carries_action": Q(pk__in=links.values("contribution__author_id")),
    }
    any_step = Q()
    for flag in flags.values():
        any_step |= flag
    people = User.objects.filter(any_step)
    counts = {key: Count("pk", filter=flag) for key, flag in flags.items()}
    return people, counts


def funnel(period: Period) -> list[Row]:
    people, counts = _funnel_people(period)
    counts = people.aggregate(**counts)
    walk_ins = attendances(period).filter(user__isnull=True).count()
    counts["attended"] += walk_ins
    return [Row(str(label), counts[key]) for key, label in FUNNEL_STEPS]


def funnel_by_organisation_rows(period: Period):
    """Every organisation's funnel row of the period, most present first (one query)."""
    people, counts = _funnel_people(period)
    return (
        people.filter(organisation__isnull=False)
        .values("organisation", "organisation__name")
        .annotate(**counts)
        .order_by("-attended", "-registered", "organisation__name")
    )


def funnel_by_organisation(period: Period, page_number, rows=None) -> "Paginator.page":
    """A page of `rows` (by default the query of `funnel_by_organisation_rows`)."""
    if rows is None:
        rows = funnel_by_organisation_rows(period)
    return Paginator(rows, ORGANISATIONS_PER_PAGE).get_page(page_number)


def funnel_by_organisation_all(period: Period):
    """Every organisation's row, for the CSV (streamed from one query)."""
    people, counts = _funnel_people(period)
    return (
        people.filter(organisation__isnull=False)
        .values("organisation__name")
        .annotate(**counts)
        .order_by("organisation__name")
    )


@dataclass
class InvitationOutcome:
    sent: int
    registered: int
    attended: int


def invitation_outcomes(period: Period) -> InvitationOutcome:
    """What the targeted invitations of the period became (same meeting, same person)."""
    participation = Participation.objects.filter(meeting=OuterRef("meeting"), user=OuterRef("user"))
    figures = (
        Invitation.objects.filter(period.meeting_filter())
        .annotate(
            reg=Exists(participation.filter(Q(status__in=REGISTERED_STATUSES) | Q(attended=True))),
            att=Exists(participation.filter(attended=True)),
        )
        .aggregate(
            sent=Count("pk"),
            registered=Count("pk", filter=Q(reg=True)),
            attended=Count("pk", filter=Q(att=True)),
        )
    )
    return InvitationOutcome(**figures)


# ------------------------------------------------------------------------- the whole dashboard
@dataclass
class Dashboard:
    period: Period
    years: list
    headlines: list
    territories: list
    categories: list
    filieres: list
    objectives: list
    years_rows: list
    grid: Grid
    months: list
    quarterly: bool
    retention: list
    funnel: list
    invitations: InvitationOutcome


def dashboard(period: Period, years: list[int]) -> Dashboard:
    ref = reference()
    return Dashboard(
        period=period,
        years=years,
        headlines=headlines(period),
        territories=by_territory(period, ref),
        categories=by_category(period, ref),
        filieres=by_filiere(period),
        objectives=by_objective(period),
        years_rows=by_year(),
        grid=coverage_grid(period, ref),
        months=months(period),
        quarterly=is_quarterly(period),
        retention=retention(),
        funnel=funnel(period),
        invitations=invitation_outcomes(period),
    )
