"""Reads of the participation pages: every list bounded, every page a constant number of
queries (annotations and prefetches, never one query per row)."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.strategy.models import Contribution, PriorityAction, Support
from apps.strategy.selectors import contributions_visible_to, with_supports

from .models import Ballot, BallotPoints, Call, Comment, CommentReport, Prioritisation, Proposal
from .visibility import calls_visible_to, is_moderator

CALLS_PER_PAGE = 20
CONTRIBUTIONS_PER_PAGE = 20
COMMENTS_PER_PAGE = 50


def _call_type():
    return ContentType.objects.get_for_model(Call)


def _comment_count(field: str, user) -> Subquery:
    comments = Comment.objects.filter(**{field: OuterRef("pk")})
    if not is_moderator(user):
        comments = comments.filter(is_hidden=False)
    return Coalesce(
        Subquery(
            comments.order_by().values(field).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


# -------------------------------------------------------------------------------------- calls
def calls_page(*, user, page=None):
    visible = contributions_visible_to(user=user).filter(
        source_type=_call_type(), source_id=OuterRef("pk")
    )
    calls = calls_visible_to(user=user).annotate(
        contribution_count=Coalesce(
            Subquery(
                visible.order_by().values("source_id").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        )
    )
    return Paginator(calls, CALLS_PER_PAGE).get_page(page)


def call_contributions(*, call: Call, user, page=None):
    contributions = (
        with_supports(
            contributions_visible_to(user=user).filter(source_type=_call_type(), source_id=call.pk),
            user=user,
        )
        .annotate(comment_count=_comment_count("contribution", user))
        .select_related("author__organisation")
        .prefetch_related("objectives", "filieres", "target_publics")
        .order_by("-created_at", "-pk")
    )
    return Paginator(contributions, CONTRIBUTIONS_PER_PAGE).get_page(page)


def online_contribution(*, pk: int, user) -> Contribution | None:
    """A contribution `user` may see, online or from a workshop, with its discussion (hidden
    ones: moderators only)."""
    return (
        with_supports(contributions_visible_to(user=user), user=user)
        .filter(pk=pk)
        .select_related("author__organisation", "hidden_by", "meeting")
        .prefetch_related("objectives", "filieres", "target_publics", "source", "actions")
        .first()
    )


# ----------------------------------------------------------------------------------- comments
def comment_thread(*, user, contribution=None, action=None, page=None):
    """The top-level comments (paginated) with their replies, in a constant number of queries.

    Hidden comments are left out for everyone but the moderators (who see them with their
    reason); the replies to a hidden comment go with it."""
    comments = Comment.objects.filter(parent__isnull=True)
    comments = (
        comments.filter(contribution=contribution)
        if contribution is not None
        else comments.filter(action=action)
    )
    replies = Comment.objects.select_related("author__organisation").order_by("created_at", "pk")
    if not is_moderator(user):
        comments = comments.filter(is_hidden=False)
        replies = replies.filter(is_hidden=False)
    else:
        comments = comments.annotate(
            report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )
        replies = replies.annotate(
            report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )
    comments = (
        comments.select_related("author__organisation")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by("created_at", "pk")
    )
    result = Paginator(comments, COMMENTS_PER_PAGE).get_page(page)
    rows = list(result.object_list)
    now = timezone.now()
    from .services import may_edit

    for comment in rows:
        comment.editable = may_edit(user, comment, now)
        for reply in comment.visible_replies:
            reply.editable = may_edit(user, reply, now)
    result.object_list = rows
    return result


def comment_for(*, pk: int, user) -> Comment | None:
    comment = (
        Comment.objects.select_related("parent", "contribution", "action", "author__organisation")
        .filter(pk=pk)
        .first()
    )
    from .visibility import can_view_comment

    return comment if can_view_comment(user, comment) else None


def visible_proposals(*, user):
    """Proposals to sessions `user` may see, each with `decision_readable`: its decision's text
    comes from minutes `user` may read (members-only minutes stay with the body's members)."""
    from django.db.models import BooleanField, Exists, OuterRef, Value

    from apps.governance.selectors import meetings_visible_to
    from apps.minutes.models import Minutes
    from apps.minutes.selectors import readable_minutes_q

    proposals = Proposal.objects.filter(meeting__in=meetings_visible_to(user=user).values("pk"))
    readable = readable_minutes_q(user)
    if readable is None:
        return proposals.annotate(decision_readable=Value(True, output_field=BooleanField()))
    minutes = Minutes.objects.filter(readable, pk=OuterRef("decision__minutes_id"))
    return proposals.annotate(decision_readable=Exists(minutes))


def action_participation(*, action: PriorityAction, user, page=None) -> dict:
    return {
        "thread": comment_thread(user=user, action=action, page=page),
        "comment_target": action,
        "proposals": list(
            visible_proposals(user=user)
            .filter(action=action)
            .select_related("meeting", "decision__minutes")
            .order_by("-meeting__start")[:10]
        ),
    }


# -------------------------------------------------------------------------- prioritisation
def prioritisations_list(*, limit: int = 20):
    return list(Prioritisation.objects.select_related("meeting").order_by("-opens_at")[:limit])


def prioritisation_actions(prioritisation: Prioritisation) -> list[PriorityAction]:
    return list(
        prioritisation.actions.select_related("objective").order_by("objective__position", "title")
    )


def my_points(*, prioritisation, user) -> dict[int, int]:
    if not user.is_authenticated:
        return {}
    return dict(
        BallotPoints.objects.filter(
            ballot__prioritisation=prioritisation, ballot__user=user
        ).values_list("action_id", "points")
    )


def results(*, prioritisation: Prioritisation) -> dict:
    """Points per action, ranked, with the breakdown by EPCI and by actor category — a few
    grouped queries whatever the number of ballots."""
    actions = prioritisation_actions(prioritisation)
    lines = BallotPoints.objects.filter(ballot__prioritisation=prioritisation).order_by()
    totals = dict(lines.values_list("action_id").annotate(n=Sum("points")))
    ballots = Ballot.objects.filter(prioritisation=prioritisation).count()

    def breakdown(field: str, name_field: str):
        rows = lines.values_list("action_id", f"ballot__{field}", f"ballot__{name_field}").annotate(
            n=Sum("points")
        )
        groups: dict = {}
        for action_id, key, name, n in rows:
            groups.setdefault((key, name), {})[action_id] = n
        return sorted(
            (
                {"name": name or "—", "points": [points.get(a.pk, 0) for a in ranked]}
                for (key, name), points in groups.items()
            ),
            key=lambda row: row["name"],
        )

    total_points = sum(totals.values()) or 0
    ranked = sorted(actions, key=lambda a: (-totals.get(a.pk, 0), a.title))
    top = max(totals.values(), default=0)
    rows = []
    for rank, action in enumerate(ranked, start=1):
        points = totals.get(action.pk, 0)
        rows.append(
            {
                "rank": rank,
                "action": action,
                "points": points,
                "share": round(100 * points / total_points) if total_points else 0,
                "bar": round(100 * points / top) if top else 0,  # the leader fills its bar
            }
        )
    return {
        "rows": rows,
        "ranked": ranked,
        "ballots": ballots,
        "total_points": total_points,
        "by_territory": breakdown("territory", "territory__name"),
        "by_category": breakdown("actor_category", "actor_category__name"),
    }


def results_json(*, prioritisation: Prioritisation) -> dict:
    data = results(prioritisation=prioritisation)
    return {
        "ballots": data["ballots"],
        "total_points": data["total_points"],
        "closed": prioritisation.is_closed(),
        "rows": [
            {
                "id": row["action"].pk,
                "title": row["action"].title,
                "points": row["points"],
                "share": row["share"],
                "bar": row["bar"],
                "rank": row["rank"],
            }
            for row in data["rows"]
        ],
    }


# ----------------------------------------------------------------------------- proposals
def action_figures(*, action: PriorityAction) -> dict:
    """The prepared file of a proposal: where the action came from and how much it is wanted.

    Frozen and shown to whoever sees the COPIL session: only the origins anyone may read (not
    hidden, said in a public meeting or written online for everyone)."""
    from django.contrib.auth.models import AnonymousUser

    public = contributions_visible_to(user=AnonymousUser())
    origins = list(
        public.filter(actions=action)
        .select_related("meeting")
        .annotate(support_total=Count("supports"))
        .order_by("created_at")[:100]
    )
    workshops = {}
    for contribution in origins:
        if contribution.meeting_id:
            workshops[contribution.meeting_id] = {
                "title": contribution.meeting.title,
                "date": timezone.localtime(contribution.meeting.start).strftime("%d/%m/%Y"),
            }
    points = (
        BallotPoints.objects.filter(action=action, ballot__prioritisation__closed_at__isnull=False)
        .values("ballot__prioritisation__title")
        .annotate(n=Sum("points"), voters=Count("ballot", distinct=True))
        .order_by("ballot__prioritisation__title")
    )
    return {
        "action": {
            "title": action.title,
            "objective": str(action.objective),
            "status": action.get_status_display(),
            "description": action.description,
        },
        "contributions": [
            {
                "type": c.get_type_display(),
                "text": c.text[:500],
                "where": c.meeting.title if c.meeting_id else _("En ligne"),
                "supports": c.support_total,
            }
            for c in origins
        ],
        "workshops": list(workshops.values()),
        "online_count": sum(1 for c in origins if not c.meeting_id),
        "supports": Support.objects.filter(
            contribution__in=public.filter(actions=action).values("pk")
        ).count(),
        "prioritisations": [
            {
                "title": row["ballot__prioritisation__title"],
                "points": row["n"],
                "voters": row["voters"],
            }
            for row in points
        ],
        "prepared_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
    }


def proposals_list(*, user, limit: int = 50):
    from apps.governance.selectors import meetings_visible_to

    return list(
        Proposal.objects.filter(meeting__in=meetings_visible_to(user=user))
        .select_related("action", "meeting")
        .order_by("-meeting__start", "pk")[:limit]
    )


def reported_comments(*, limit: int = 100) -> list[Comment]:
    """Comments with unresolved reports, most reported first (the moderators' queue)."""
    return list(
        Comment.objects.filter(is_hidden=False, reports__resolved_at__isnull=True)
        .annotate(report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .select_related("author__organisation")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=CommentReport.objects.filter(resolved_at__isnull=True).order_by(
                    "created_at"
                ),
                to_attr="open_reports",
            )
        )
        .order_by("-report_count", "created_at")[:limit]
    )
