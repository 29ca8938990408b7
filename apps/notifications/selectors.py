"""Reads of the notification centre, the header's counter, one's follows and « what became of my
ideas ». Each page costs a constant number of queries, whatever the data size."""

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import ideas, subjects
from .models import Follow, Notification
from .services import unread_cache_key
from .texts import sentence

PER_PAGE = 20
IDEAS_PER_PAGE = 20
UNREAD_CACHE_SECONDS = 300


# ------------------------------------------------------------------------------ visibility
def keep_visible(notifications: list[Notification], *, user) -> list[Notification]:
    """The notifications whose target (and source) `user` may still see: one query per kind
    of thing on the page. What became invisible (hidden since) is dropped and marked read."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for n in notifications:
        wanted[n.target_type_id].add(n.target_id)
        if n.source_type_id:
            wanted[n.source_type_id].add(n.source_id)
    visible: dict[int, set[int]] = {}
    for type_id, ids in wanted.items():
        content_type = ContentType.objects.get_for_id(type_id)  # cached by Django
        label = f"{content_type.app_label}.{content_type.model}"
        visible[type_id] = subjects.visible_ids(label, user, ids)
    kept, dropped = [], []
    for n in notifications:
        ok = n.target_id in visible[n.target_type_id] and (
            not n.source_type_id or n.source_id in visible[n.source_type_id]
        )
        (kept if ok else dropped).append(n)
    unread_dropped = [n.pk for n in dropped if n.read_at is None]
    if unread_dropped:
        Notification.objects.filter(pk__in=unread_dropped).update(read_at=timezone.now())
        cache.delete(unread_cache_key(user.pk))
    return kept


# --------------------------------------------------------------------------------- centre
def unread_count(*, user) -> int:
    """The header's counter: cached per person, forgotten whenever it changes, primed at sign-in
    (so that pages read it from the cache, not from the database)."""
    if not user.is_authenticated:
        return 0
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def centre_page(*, user, page=None) -> Page:
    """Unread first, then the latest; each row with its sentence."""
    notifications = Notification.objects.filter(recipient=user).order_by(
        F_unread_first(), "-updated_at", "-pk"
    )
    result = Paginator(notifications, PER_PAGE).get_page(page)
    rows = keep_visible(list(result.object_list), user=user)
    for n in rows:
        n.sentence = sentence(n)
    result.object_list = rows
    return result


def F_unread_first():  # noqa: N802 - reads as an ordering expression
    from django.db.models import F

    return F("read_at").asc(nulls_first=True)


# -------------------------------------------------------------------------------- follows
@dataclass
class FollowChoice:
    label: str
    object: object
    followed: bool

    @property
    def url(self) -> str:
        from django.urls import reverse

        if self.label == "governance.body":
            return reverse("working_groups:detail", kwargs={"slug": self.object.slug})
        return self.object.get_absolute_url() if hasattr(self.object, "get_absolute_url") else ""


def follows_page(*, user) -> dict:
    """Objectives, filières and working groups with a follow switch; the actions (and calls)
    one follows, to stop following them."""
    from apps.governance.models import Body
    from apps.strategy.models import Filiere, Objective

    follows = list(Follow.objects.filter(user=user).select_related("content_type"))
    by_type: dict[str, set[int]] = defaultdict(set)
    for f in follows:
        by_type[f"{f.content_type.app_label}.{f.content_type.model}"].add(f.object_id)

    def choices(queryset, label):
        followed = by_type.get(label, set())
        return [FollowChoice(label, o, o.pk in followed) for o in queryset]

    groups = Body.objects.filter(kind=Body.Kind.WORKING_GROUP, is_active=True).order_by(
        "-year", "name"
    )
    others = []
    for label, ids in by_type.items():
        if label in ("strategy.objective", "strategy.filiere", "governance.body"):
            continue
        if not apps.is_installed("apps." + label.split(".")[0]):
            continue
        model = apps.get_model(label)
        visible = subjects.visible_ids(label, user, ids)
        for obj in model._default_manager.filter(pk__in=visible)[:200]:
            others.append(FollowChoice(label, obj, True))
    return {
        "objectives": choices(Objective.objects.all(), "strategy.objective"),
        "filieres": choices(Filiere.objects.all(), "strategy.filiere"),
        "groups": choices(groups, "governance.body"),
        "others": others,
    }


# ---------------------------------------------------------------- what became of my ideas
def my_ideas_page(*, user, page=None) -> Page:
    """One's contributions, each with its supports, comments (ideas.counters), the actions it
    founded (status, progress) and the decisions of published minutes about those actions
    that the person may read, with the minutes' link."""
    from apps.minutes.models import Decision
    from apps.strategy.models import Contribution, PriorityAction, Support

    supports = (
        Support.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    decisions = Decision.objects.filter(
        minutes__in=_readable_published_minutes(user)
    ).select_related("minutes__meeting__body")
    contributions = (
        Contribution.objects.filter(author=user)
        .select_related("meeting", "meeting__body")
        .annotate(support_count=Coalesce(Subquery(supports, output_field=IntegerField()), 0))
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=PriorityAction.objects.order_by("title").prefetch_related(
                    Prefetch(
                        "decisions",
                        queryset=decisions.order_by("-minutes__meeting__start", "position"),
                    )
                ),
            )
        )
        .order_by("-created_at", "-pk")
    )
    result = Paginator(contributions, IDEAS_PER_PAGE).get_page(page)
    rows = list(result.object_list)
    counts = ideas.counts_for([c.pk for c in rows])
    for contribution in rows:
        contribution.counters = [
            (counter.label, counts[counter.name].get(contribution.pk, 0))
            for counter in ideas.counters()
        ]
        contribution.action_list = list(contribution.actions.all())
        contribution.decision_list = [
            d for action in contribution.action_list for d in action.decisions.all()
        ]
    result.object_list = rows
    return result


def my_ideas_summary(*, user) -> dict:
    """The personal space's section: three figures, in one query."""
    from django.db.models import Exists, Q

    from apps.minutes.models import Decision
    from apps.strategy.models import Contribution, PriorityAction

    decided = Decision.objects.filter(
        minutes__in=_readable_published_minutes(user),
        priority_actions__contributions=OuterRef("pk"),
    )
    linked = PriorityAction.contributions.through.objects.filter(contribution_id=OuterRef("pk"))
    figures = (
        Contribution.objects.filter(author=user)
        .annotate(linked=Exists(linked), decided=Exists(decided))
        .aggregate(
            total=Count("pk"),
            actions=Count("pk", filter=Q(linked=True)),
            decisions=Count("pk", filter=Q(decided=True)),
        )
    )
    return figures


def _readable_published_minutes(user):
    from apps.minutes.models import Minutes

    from .subjects import _readable_minutes_q

    minutes = Minutes.objects.filter(versions__isnull=False)
    readable = _readable_minutes_q(user)
    if readable is not None:
        minutes = minutes.filter(readable)
    return minutes.values("pk")


def prime_unread_count(sender, request, user, **kwargs):
    """`user_logged_in`: compute the counter once at sign-in rather than on the next page."""
    cache.delete(unread_cache_key(user.pk))
    unread_count(user=user)
