"""Reads of the strategy pages and of a workshop's contributions (a page's query count is here).

Who sees which contribution is decided in one place, `contributions_visible_to`: the project
team sees everything, hidden contributions included (shown as hidden, with their reason);
everyone else sees contributions that are not hidden, said in a meeting they may see
(governance's `meetings_visible_to`). Every page below starts from it.

Support counts and « do I support it » are annotations (subqueries), never one query per row.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse

from apps.governance.models import Meeting, Participation
from apps.governance.selectors import day_is_open, day_opens_on, meetings_visible_to

from . import counts
from .models import Challenge, Contribution, Filiere, Objective, PriorityAction, Support
from .registry import overview_links
from .rules import rules_status_q

TYPE_ORDER = {value: index for index, value in enumerate(Contribution.Type.values)}
# The objective page shows the latest contributions of each type, then « voir tout ».
CONTRIBUTIONS_PER_TYPE = 5
CONTRIBUTIONS_PER_PAGE = 20
ACTIONS_PER_PAGE = 30
# Meetings whose contributions can still be captured (the service refuses the others).
OPEN_STATUSES = (Meeting.Status.SCHEDULED, Meeting.Status.HELD)


# ------------------------------------------------------------------------------- visibility
def sees_hidden_contributions(user) -> bool:
    """Those who may hide contributions (the project team) also see the hidden ones."""
    return user.has_perm("strategy.hide_contribution")


def contributions_visible_to(*, user) -> QuerySet[Contribution]:
    contributions = Contribution.objects.all()
    if sees_hidden_contributions(user):
        return contributions
    return contributions.filter(is_hidden=False, meeting__in=meetings_visible_to(user=user))


def with_supports(contributions: QuerySet[Contribution], *, user) -> QuerySet[Contribution]:
    """`support_count` and `supported` (by `user`) on each row, in the same query."""
    count = (
        Support.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    supported = (
        Exists(Support.objects.filter(contribution=OuterRef("pk"), user=user.pk))
        if user.is_authenticated
        else Value(False)
    )
    return contributions.annotate(
        support_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        supported=supported,
    )


def workshop_url(meeting: Meeting) -> str:
    """The meeting's page (the body app's registered page, else the generic meeting page)."""
    return meeting.get_absolute_url()


def _link_workshops(contributions) -> None:
    urls = {}
    for contribution in contributions:
        meeting = contribution.meeting
        if meeting.pk not in urls:
            urls[meeting.pk] = workshop_url(meeting)
        contribution.workshop_url = urls[meeting.pk]


def _group_by_type(contributions) -> list[dict]:
    groups = {}
    for contribution in contributions:
        groups.setdefault(contribution.type, []).append(contribution)
    return [
        {"type": value, "label": label, "items": groups[value]}
        for value, label in Contribution.Type.choices
        if value in groups
    ]


# ------------------------------------------------------------- a workshop's contributions
def workshop_participants(meeting: Meeting) -> QuerySet:
    """People registered to, or checked in at, the workshop: whom one may capture for."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Participation.objects.filter(meeting=meeting)
            .filter(rules_status_q())
            .values("user_id"),
        )
        .order_by("last_name", "first_name", "pk")
    )


def workshop_contributions(*, meeting: Meeting, user, form=None) -> dict:
    """Everything `strategy/_workshop_contributions.html` needs for one workshop.

    `form` is a bound ContributionForm to show again with its errors (the capture page does);
    by default an unbound one, pre-checked with the workshop's themes.
    """
    from .forms import ContributionForm

    # The rules read meeting.workshop and its facilitators: fetch them once for all checks.
    prefetch_related_objects(
        [meeting],
        "workshop__facilitators",
        "workshop__objectives",
        "workshop__filieres",
        "workshop__challenges",
    )
    workshop = getattr(meeting, "workshop", None)
    probe = Contribution(meeting=meeting)  # rules on « a contribution of this workshop »
    # Open on the day of the workshop (or earlier if the project team opened it): governance's
    # one rule, shared with the check-in.
    is_open = (
        meeting.kind == Meeting.Kind.WORKSHOP
        and meeting.status in OPEN_STATUSES
        and day_is_open(meeting)
    )
    opens_on = day_opens_on(meeting)
    can_add = is_open and user.has_perm("strategy.add_contribution", meeting)
    can_add_for_others = can_add and user.has_perm("strategy.add_contribution_for_others", meeting)
    can_support = user.has_perm("strategy.support_contribution", probe)
    can_hide = user.has_perm("strategy.hide_contribution", probe)
    can_make_action = user.has_perm("strategy.make_action", probe)

    contributions = Contribution.objects.filter(meeting=meeting)
    if not sees_hidden_contributions(user):
        contributions = contributions.filter(is_hidden=False)
    items = list(
        with_supports(contributions, user=user)
        .select_related("author", "captured_by", "hidden_by")
        .prefetch_related("objectives", "filieres", "challenges")
        .order_by("created_at", "pk")
    )
    items.sort(key=lambda c: TYPE_ORDER.get(c.type, len(TYPE_ORDER)))
    for contribution in items:
        contribution.viewer_may_support = (
            can_support
            and not contribution.is_hidden
            and not contribution.supported
            and contribution.author_id != user.pk
        )
        contribution.is_own = user.is_authenticated and contribution.author_id == user.pk

    participants = workshop_participants(meeting) if can_add_for_others else None
    if form is None and can_add:
        initial = {}
        if workshop is not None:
            initial = {
                "objectives": [o.pk for o in workshop.objectives.all()],
                "filieres": [f.pk for f in workshop.filieres.all()],
                "challenges": [c.pk for c in workshop.challenges.all()],
            }
        form = ContributionForm(participants=participants, initial=initial)
    return {
        "meeting": meeting,
        "items": items,
        "groups": _group_by_type(items),
        "count": sum(1 for c in items if not c.is_hidden),
        "hidden_count": sum(1 for c in items if c.is_hidden),
        "types": Contribution.Type.choices,
        "is_open": is_open,
        "opens_on": opens_on,
        "not_yet_open": meeting.status in OPEN_STATUSES and not is_open,
        "can_add": can_add,
        "can_add_for_others": can_add_for_others,
        "can_support": can_support,
        "can_hide": can_hide,
        "can_make_action": can_make_action,
        "form": form if can_add else None,
        "participants": participants,
        "add_url": reverse("strategy:contribution_add", kwargs={"slug": meeting.slug}),
        "action_create_url": reverse("strategy:action_create"),
        "action_link_url": reverse("strategy:action_link"),
        "selection_form_id": f"selection-contributions-{meeting.pk}",
    }


# ------------------------------------------------------------------------------- overview
def objectives_for_home() -> list[Objective]:
    return list(Objective.objects.all())


def _objective_contribution_ids(objective) -> QuerySet:
    """Contributions tied to the objective directly or through one of its challenges."""
    return Contribution.objects.filter(
        Q(objectives=objective) | Q(challenges__objective=objective)
    ).values("pk")


def _actions_queryset():
    return PriorityAction.objects.select_related(
        "objective", "challenge", "filiere", "lead_organisation"
    )


def _place_actions(objectives, challenges, actions) -> None:
    """objective.challenge_list[*].action_list and objective.loose_actions, from flat lists."""
    by_objective = {o.pk: o for o in objectives}
    by_challenge = {c.pk: c for c in challenges}
    for objective in objectives:
        objective.challenge_list = []
        objective.action_list = []
        objective.loose_actions = []
    for challenge in challenges:
        challenge.action_list = []
        if challenge.objective_id in by_objective:
            by_objective[challenge.objective_id].challenge_list.append(challenge)
    for action in actions:
        objective = by_objective.get(action.objective_id)
        if objective is None:
            continue
        objective.action_list.append(action)
        challenge = by_challenge.get(action.challenge_id)
        if challenge is not None and challenge.objective_id == objective.pk:
            challenge.action_list.append(action)
        else:
            objective.loose_actions.append(action)


def strategy_overview(*, user=None) -> dict:
    """/strategie/: objectives → challenges → priority actions, contributions per objective."""
    from django.contrib.auth.models import AnonymousUser

    user = user or AnonymousUser()
    objectives = list(Objective.objects.all())
    visible = contributions_visible_to(user=user).filter(is_hidden=False)
    per_objective = counts.per_objective(
        visible, user=user, sees_everything=sees_hidden_contributions(user)
    )
    for objective in objectives:
        objective.contribution_count = per_objective.get(objective.pk, 0)
    challenges = list(Challenge.objects.all())
    actions = list(_actions_queryset())
    _place_actions(objectives, challenges, actions)
    return {
        "objectives": objectives,
        "filieres": list(Filiere.objects.all()),
        "action_count": len(actions),
        "contribution_count": sum(o.contribution_count for o in objectives),
        "extra_links": overview_links(),
    }


# ------------------------------------------------------------------------------ objective
def objective_page(*, objective: Objective, user, type: str = "", page=None) -> dict:
    """The objective's challenges and actions, and its contributions grouped by type: the
    latest few of each type, or every contribution of one type, paginated (`type`)."""
    challenges = list(objective.challenges.all())
    actions = list(_actions_queryset().filter(objective=objective))
    _place_actions([objective], challenges, actions)

    contributions = contributions_visible_to(user=user).filter(
        pk__in=_objective_contribution_ids(objective)
    )
    type_counts = counts.per_type(
        contributions,
        objective_id=objective.pk,
        user=user,
        sees_everything=sees_hidden_contributions(user),
    )
    rows = with_supports(contributions, user=user).select_related("meeting", "author")
    selected_type = type if type in TYPE_ORDER else ""
    contribution_page: Page | None = None
    if selected_type:
        paginator = Paginator(
            rows.filter(type=selected_type).order_by("-created_at", "-pk"),
            CONTRIBUTIONS_PER_PAGE,
        )
        contribution_page = paginator.get_page(page)
        items = list(contribution_page.object_list)
    else:
        # The ids of the latest few of each type first (one UNION ALL of small LIMIT queries,
        # each walking the (type, created_at) index), then the few rows with their supports.
        ordered = contributions.order_by("-created_at", "-pk").values_list("pk", flat=True)
        if connections[ordered.db].features.supports_slicing_ordering_in_compound:
            branches = [ordered.filter(type=t)[:CONTRIBUTIONS_PER_TYPE] for t in TYPE_ORDER]
            latest = branches[0].union(*branches[1:], all=True)
        else:  # SQLite (development): rank in a window instead
            latest = (
                ordered.annotate(
                    rank=Window(
                        RowNumber(),
                        partition_by=[F("type")],
                        order_by=[F("created_at").desc(), F("pk").desc()],
                    )
                )
                .filter(rank__lte=CONTRIBUTIONS_PER_TYPE)
                .values_list("pk", flat=True)
            )
        items = list(rows.filter(pk__in=list(latest)).order_by("-created_at", "-pk"))
    _link_workshops(items)
    groups = _group_by_type(items)
    for group in groups:
        group["total"] = type_counts.get(group["type"], 0)
        group["more"] = group["total"] > len(group["items"])
    return {
        "objective": objective,
        "challenges": objective.challenge_list,
        "actions": actions,
        "loose_actions": objective.loose_actions,
        "groups": groups,
        "contribution_total": sum(type_counts.values()),
        "selected_type": selected_type,
        "selected_type_label": Contribution.Type(selected_type).label if selected_type else "",
        "contribution_page": contribution_page,
        "per_type": CONTRIBUTIONS_PER_TYPE,
    }


# -------------------------------------------------------------------------------- actions
@dataclass(frozen=True)
class ActionFilters:
    objective: Objective | None = None
    status: str = ""


def actions_list(*, user, filters: ActionFilters, page=None) -> Page:
    actions = _actions_queryset()
    if filters.objective is not None:
        actions = actions.filter(objective=filters.objective)
    if filters.status:
        actions = actions.filter(status=filters.status)
    actions = actions.order_by("objective__position", "title", "pk")
    result = Paginator(actions, ACTIONS_PER_PAGE).get_page(page)
    # The visible contributions citing the actions of this page only: one query starting from
    # their few links, whatever the number of contributions.
    rows = list(result.object_list)
    links = PriorityAction.contributions.through.objects.filter(
        priorityaction_id__in=[a.pk for a in rows], contribution__is_hidden=False
    )
    if not sees_hidden_contributions(user):  # the team counts every meeting's contributions
        links = links.filter(contribution__meeting__in=meetings_visible_to(user=user))
    counts = dict(
        links.order_by()
        .values_list("priorityaction_id")
        .annotate(n=Count("contribution_id", distinct=True))
    )
    for action in rows:
        action.contribution_count = counts.get(action.pk, 0)
    result.object_list = rows
    return result


def action_page(*, action: PriorityAction, user) -> dict:
    """The action and « d'où vient cette action ? »: its contributions the viewer may see."""
    origins = list(
        with_supports(contributions_visible_to(user=user).filter(actions=action), user=user)
        .select_related("meeting", "author")
        .order_by("meeting__start", "created_at", "pk")
    )
    _link_workshops(origins)
    return {"action": action, "origins": origins}


def action_for_page(*, slug: str) -> PriorityAction | None:
    return _actions_queryset().prefetch_related("target_publics").filter(slug=slug).first()


def contributions_for_action(*, ids: list[int], user) -> list[Contribution]:
    """The chosen contributions, with what the make-action rule and the form read.

    Hidden ones only for the project team (who is then told they cannot found an action):
    a facilitator naming a hidden one by its id finds nothing.
    """
    contributions = Contribution.objects.filter(pk__in=ids)
    if not sees_hidden_contributions(user):
        contributions = contributions.filter(is_hidden=False)
    contributions = list(
        contributions.select_related("meeting", "author")
        .prefetch_related(
            "meeting__workshop__facilitators",
            "objectives",
            "filieres",
            Prefetch("challenges", queryset=Challenge.objects.select_related("objective")),
        )
        .order_by("created_at", "pk")
    )
    _link_workshops(contributions)
    return contributions
