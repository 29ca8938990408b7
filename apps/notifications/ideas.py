"""Figures « what became of my ideas » shows beside each contribution, from other apps.

    ideas.register(Counter("comments", _("commentaires"), count_comments))

A counter is `function(contribution_ids) -> {contribution_id: n}`, one query for a whole page.
The comments of the participation app (issue 14) are counted by `comment_counts` below as soon
as its `Comment` model (with a `contribution` foreign key and an `is_hidden` flag) exists; the
participation app may register its own counter instead (same name: it replaces this one).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Counter:
    name: str
    label: str
    function: Callable[[list[int]], dict[int, int]]


_counters: dict[str, Counter] = {}


def register(counter: Counter) -> None:
    _counters[counter.name] = counter


def counters() -> list[Counter]:
    return list(_counters.values())


def counts_for(contribution_ids: list[int]) -> dict[str, dict[int, int]]:
    if not contribution_ids:
        return {name: {} for name in _counters}
    return {name: counter.function(contribution_ids) for name, counter in _counters.items()}


def comment_counts(contribution_ids: list[int]) -> dict[int, int]:
    try:
        model = apps.get_model("participation", "Comment")
    except LookupError:
        return {}
    names = {f.name for f in model._meta.get_fields()}
    if "contribution" not in names:
        return {}
    comments = model._default_manager.filter(contribution_id__in=contribution_ids)
    if "is_hidden" in names:
        comments = comments.filter(is_hidden=False)
    return dict(
        comments.order_by()
        .values_list("contribution_id")
        .annotate(n=Count("pk"))
        .values_list("contribution_id", "n")
    )


def register_defaults() -> None:
    if apps.is_installed("apps.participation") and "comments" not in _counters:
        register(Counter("comments", _("commentaires"), comment_counts))
