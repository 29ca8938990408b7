"""Reads of the working group pages, with their joins in one place (a page's query count is here).

Who is a member *now*: an active governance Membership (`Membership.objects.active()`) that
has not been closed today. Leaving a group sets `until` to today (the last day), so the person
is no longer offered "Quitter" nor counted once they have left, even on the same day.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.accounts.models import User
from apps.governance.models import Body, Meeting, Membership
from apps.governance.selectors import meetings_visible_to
from apps.stakeholders.models import Organisation

from .models import JoinRequest, WorkingGroup


def current_memberships() -> QuerySet[Membership]:
    """Memberships in force today and not ended today (someone who left is out at once)."""
    today = timezone.localdate()
    return Membership.objects.active(on=today).filter(Q(until__isnull=True) | Q(until__gt=today))


def volunteers() -> QuerySet[Membership]:
    """Who counts as a member of a group: every current membership but the facilitators'."""
    return (
        current_memberships().filter(user__is_active=True).exclude(role=Membership.Role.FACILITATOR)
    )


def group_members(group: WorkingGroup) -> QuerySet[Membership]:
    return volunteers().filter(body_id=group.pk)


def group_accepts_members(group: WorkingGroup) -> bool:
    """Active, and not a past year's group (those stay readable, closed to newcomers)."""
    body = group.body
    return body.is_active and (body.year is None or body.year >= timezone.localdate().year)


def _with_member_count(groups: QuerySet[WorkingGroup]) -> QuerySet[WorkingGroup]:
    members = (
        volunteers()
        .filter(body_id=OuterRef("body_id"))
        .order_by()
        .values("body_id")
        .annotate(n=Count("user_id", distinct=True))
        .values("n")
    )
    return groups.annotate(
        member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0))
    )


CURRENT_PAGE_SIZE = 12


@dataclass
class GroupsOverview:
    current_year: int
    current: Page  # this year's (and next years') groups, paginated
    past_years: list[tuple[int, int]]  # (year, number of groups): links to the year pages
    my_group_ids: set[int] = field(default_factory=set)


@dataclass
class GroupsOfYear:
    year: int
    groups: list[WorkingGroup]
    years: list[int]
    my_group_ids: set[int] = field(default_factory=set)


def _listed(groups: QuerySet[WorkingGroup]) -> QuerySet[WorkingGroup]:
    return (
        _with_member_count(groups.select_related("body"))
        .prefetch_related("objectives", "filieres")
        .order_by("body__year", "body__name", "pk")
    )


def _my_group_ids(viewer) -> set[int]:
    if not viewer.is_authenticated:
        return set()
    return set(
        current_memberships()
        .filter(user=viewer, body__kind=Body.Kind.WORKING_GROUP)
        .values_list("body_id", flat=True)
    )


def groups_overview(*, viewer, page: str | int | None = None) -> GroupsOverview:
    """This year's (and next years') groups, paginated; past years as links with their number
    of groups — a constant number of queries and a bounded page, whatever the history."""
    this_year = timezone.localdate().year
    current = _listed(
        WorkingGroup.objects.filter(Q(body__year__isnull=True) | Q(body__year__gte=this_year))
    )
    past_years = list(
        Body.objects.filter(kind=Body.Kind.WORKING_GROUP, year__lt=this_year)
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return GroupsOverview(
        current_year=this_year,
        current=Paginator(current, CURRENT_PAGE_SIZE).get_page(page),
        past_years=past_years,
        my_group_ids=_my_group_ids(viewer),
    )


def groups_of_year(*, viewer, year: int) -> GroupsOfYear | None:
    """A past year's groups (None: no group that year)."""
    groups = list(_listed(WorkingGroup.objects.filter(body__year=year))[:200])
    if not groups:
        return None
    years = list(
        Body.objects.filter(kind=Body.Kind.WORKING_GROUP, year__isnull=False)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return GroupsOfYear(year=year, groups=groups, years=years, my_group_ids=_my_group_ids(viewer))


def group_by_slug(slug: str) -> WorkingGroup | None:
    return (
        WorkingGroup.objects.select_related("body")
        .prefetch_related("objectives", "filieres")
        .filter(body__slug=slug)
        .first()
    )


@dataclass
class GroupPage:
    group: WorkingGroup
    accepts_members: bool
    facilitators: list[User]
    unlisted_facilitators: int  # facilitators not listed publicly, not named to this viewer
    member_count: int
    organisations: list[Organisation]  # listed in the directory: shown by name
    other_organisations: int  # represented, but not listed in the public directory
    upcoming: list[Meeting]
    past: list[Meeting]
    pending_request: JoinRequest | None  # the viewer's own request awaiting a decision
    requests: list[JoinRequest] | None  # pending requests, for those who decide (else None)
    members: list[Membership] | None  # names, for the project team and facilitators (else None)


def group_page(*, group: WorkingGroup, viewer) -> GroupPage:
    """Everything the group's page shows, in a fixed number of queries."""
    sees_everything = viewer.has_perm("working_groups.view_group_members", group)
    # A facilitator whose membership says "not listed publicly" is named only to those who see
    # the members (the project team, the group's facilitators) — as on the COPIL page.
    facilitator_memberships = list(
        current_memberships()
        .filter(body_id=group.pk, role=Membership.Role.FACILITATOR, user__is_active=True)
        .select_related("user", "user__organisation")
        .order_by("user__last_name", "user__first_name")
    )
    facilitators = [m.user for m in facilitator_memberships if sees_everything or m.publicly_listed]
    members = group_members(group)
    member_count = members.aggregate(n=Count("user_id", distinct=True))["n"]
    organisations = list(
        Organisation.objects.filter(people__in=members.values("user_id"))
        .distinct()
        .order_by("name")
    )
    listed = [o for o in organisations if o.listed_in_directory]

    workshops = list(
        meetings_visible_to(user=viewer)
        .filter(kind=Meeting.Kind.WORKSHOP, body_id=group.pk)
        .order_by("start", "pk")
    )
    now = timezone.now()

    pending = None
    if viewer.is_authenticated:
        pending = JoinRequest.objects.filter(
            group=group, user=viewer, status=JoinRequest.Status.PENDING
        ).first()
    requests = None
    if viewer.has_perm("working_groups.decide_request", group):
        requests = list(
            group.requests.filter(status=JoinRequest.Status.PENDING).select_related(
                "user", "user__organisation"
            )
        )
    return GroupPage(
        group=group,
        accepts_members=group_accepts_members(group),
        facilitators=facilitators,
        unlisted_facilitators=len(facilitator_memberships) - len(facilitators),
        member_count=member_count,
        organisations=organisations if sees_everything else listed,
        other_organisations=0 if sees_everything else len(organisations) - len(listed),
        upcoming=[m for m in workshops if m.end >= now],
        past=sorted((m for m in workshops if m.end < now), key=lambda m: m.start, reverse=True),
        pending_request=pending,
        requests=requests,
        members=(
            list(
                members.select_related("user", "user__organisation").order_by(
                    "user__last_name", "user__first_name", "pk"
                )
            )
            if sees_everything
            else None
        ),
    )
