"""Reads of the working group pages, with their joins in one place (a page's query count is here).

Who is a member *now*: an active governance Membership (`Membership.objects.active()`) that
has not been closed today. Leaving a group sets `until` to today (the last day), so the person
is no longer offered "Quitter" nor counted once they have left, even on the same day.
"""

from dataclasses import dataclass, field
from itertools import groupby

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


@dataclass
class GroupsOverview:
    current_year: int
    current: list[WorkingGroup]
    past_years: list[tuple[int, list[WorkingGroup]]]
    my_group_ids: set[int] = field(default_factory=set)


def groups_overview(*, viewer) -> GroupsOverview:
    """This year's (and next years') groups first, then past years, latest first — 3 queries,
    plus one for the viewer's own memberships."""
    this_year = timezone.localdate().year
    groups = list(
        _with_member_count(WorkingGroup.objects.select_related("body"))
        .prefetch_related("objectives", "filieres")
        .order_by("-body__year", "body__name")
    )
    current = sorted(
        (g for g in groups if g.body.year is None or g.body.year >= this_year),
        key=lambda g: (g.body.year or this_year, g.body.name.lower()),
    )
    past = [g for g in groups if g.body.year is not None and g.body.year < this_year]
    past_years = [(year, list(rows)) for year, rows in groupby(past, key=lambda g: g.body.year)]
    mine = set()
    if viewer.is_authenticated:
        mine = set(
            current_memberships()
            .filter(user=viewer, body__kind=Body.Kind.WORKING_GROUP)
            .values_list("body_id", flat=True)
        )
    return GroupsOverview(
        current_year=this_year, current=current, past_years=past_years, my_group_ids=mine
    )


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
