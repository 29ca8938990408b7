"""Site-wide search (/recherche/): a registry of providers, one per app that has something to find.

The core knows no feature: each app registers, in its `AppConfig.ready()`, a provider

    search.register(find_meetings)

a callable `(query: str, user, limit: int) -> list[Result]` that returns at most `limit` results
the person `user` may see (drafts, hidden and members-only rows never leak: the provider applies
its app's own visibility rule as a filter), best first, in a bounded number of queries. The page
asks every provider once and shows the results grouped by kind.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from operator import and_, or_

from django.db.models import Q

# Shortest and longest query the page accepts (shorter finds everything; longer is cut).
MIN_LENGTH = 2
MAX_LENGTH = 100
DEFAULT_LIMIT = 8


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    kind: str  # the kind's label, in French (« Réunion », « Compte rendu »…)
    excerpt: str = ""  # plain text, or SafeString when the provider highlights words itself
    date: date | datetime | None = None


Provider = Callable[[str, object, int], list[Result]]

_providers: list[tuple[int, Provider]] = []


def register(provider: Provider, *, priority: int = 50) -> Provider:
    """Add a provider (lower priority shown first). Registering twice is a no-op."""
    if all(existing is not provider for _priority, existing in _providers):
        _providers.append((priority, provider))
        _providers.sort(key=lambda pair: pair[0])
    return provider


def providers() -> list[Provider]:
    return [provider for _priority, provider in _providers]


def clean_query(raw: str | None) -> str:
    """The query as searched: spaces collapsed, at most MAX_LENGTH characters, no NUL."""
    return " ".join((raw or "").replace("\x00", " ").split())[:MAX_LENGTH]


def search(query: str, user, *, limit: int = DEFAULT_LIMIT) -> list[tuple[str, list[Result]]]:
    """[(kind label, results)] for every provider that found something (too short: nothing)."""
    query = clean_query(query)
    if len(query) < MIN_LENGTH:
        return []
    groups: dict[str, list[Result]] = {}
    for provider in providers():
        for result in provider(query, user, limit)[:limit]:
            groups.setdefault(result.kind, []).append(result)
    return list(groups.items())


def match_all(fields: tuple[str, ...], terms: list[str]) -> Q:
    """Every term appears (icontains) in at least one of `fields`."""
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields)) for term in terms),
    )


def words(query: str) -> list[str]:
    """The words of a query for an icontains match (each must appear), at most eight."""
    return [word for word in clean_query(query).split() if len(word) > 1][:8]
