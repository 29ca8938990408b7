"""Contribution counts of the strategy pages, cheap to read at any scale.

/strategie/ shows how many contributions each objective gathered, the objective page how
many of each type: aggregates over every contribution (directly tied to the objective or
through one of its challenges) that grow with the history. They are computed in ONE grouped
query and kept in the cache for the two audiences most pages are served to — anonymous
visitors (public meetings) and the project team (everything) — under a key that changes
whenever what they count changes:
- a generation number, bumped by signals (a contribution saved, hidden or deleted, its
  objectives or challenges changed, a meeting's visibility or status changed, a challenge
  moved);
- a fingerprint read in the same query as nothing else: the number and the last id of the
  contributions (an insert the signals would not see, e.g. a bulk import, still counts).
Other signed-in people (member-only meetings vary per person) get the grouped query live.
"""

from django.db import connections
from django.db.models import Count, F, Max
from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.core.generations import Generation

from .models import Challenge, Contribution

generation = Generation("strategy:counts")
bump = generation.bump


def _scope(user, sees_everything: bool) -> str | None:
    if sees_everything:
        return "all"
    if not user.is_authenticated:
        return "public"
    return None


def _fingerprint() -> str:
    stats = Contribution.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return f"{stats['n']}:{stats['last']}"


def _cached(name: str, scope: str | None, compute):
    return generation.cached(name, scope, _fingerprint, compute)


def per_objective(visible, *, user, sees_everything: bool) -> dict[int, int]:
    """{objective id: number of distinct visible contributions tied to it} — one query."""

    def compute():
        unordered = visible.order_by()
        direct = (
            unordered.filter(objectives__isnull=False)
            .annotate(linked_objective=F("objectives"))
            .values_list("pk", "linked_objective")
        )
        through = (
            unordered.filter(challenges__isnull=False)
            .annotate(linked_objective=F("challenges__objective"))
            .values_list("pk", "linked_objective")
        )
        pairs = direct.union(through)  # UNION removes duplicate (contribution, objective)
        sql, params = pairs.query.get_compiler(using=pairs.db).as_sql()
        with connections[pairs.db].cursor() as cursor:
            cursor.execute(
                f"SELECT linked_objective, COUNT(*) FROM ({sql}) pairs "  # noqa: S608 - Django's SQL
                "GROUP BY linked_objective",
                params,
            )
            return dict(cursor.fetchall())

    return _cached("objectives", _scope(user, sees_everything), compute)


def per_type(contributions, *, objective_id: int, user, sees_everything: bool) -> dict:
    """{type: number} of the objective's visible contributions — one query."""

    def compute():
        return dict(contributions.order_by().values_list("type").annotate(n=Count("pk")))

    return _cached(f"types:{objective_id}", _scope(user, sees_everything), compute)


def connect() -> None:
    """Called from StrategyConfig.ready()."""
    from apps.governance.models import Meeting

    for model in (Contribution, Challenge, Meeting):
        post_save.connect(bump, sender=model, dispatch_uid=f"strategy-counts-save-{model}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"strategy-counts-delete-{model}")
    for field in ("objectives", "challenges"):
        m2m_changed.connect(
            bump,
            sender=getattr(Contribution, field).through,
            dispatch_uid=f"strategy-counts-{field}",
        )
