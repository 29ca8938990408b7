"""Full-text search of published minutes.

A published version is frozen, so its search vector is computed ONCE, at publication, and
stored (`MinutesVersion.search_vector`, GIN-indexed): the French configuration (stemming:
« alimentation » finds « aliment », « alimentaire »), weighted title (A) > decisions (B) >
summary, text and action items (C). A query then reads the index and ranks on the stored
vector; only the rows of the page get a highlighted excerpt (`SearchHeadline`).

Elsewhere (SQLite in development) every word is matched with icontains on `search_text`.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections
from django.db.models import F, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIG = "french"
# Markers PostgreSQL puts around the matched words: characters no text contains, turned into
# <mark> after the excerpt is escaped (the text is the author's, never trusted as HTML).
START, STOP = "\u0002", "\u0003"


def _is_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def parts_of(content: dict, *, summary: str, body: str) -> tuple[str, str, str]:
    """(title, decisions, text) of a version's frozen content."""
    title = content.get("meeting", {}).get("title", "")
    decisions = "\n".join(d.get("text", "") for d in content.get("decisions", []))
    text = "\n".join([summary, body, *(a.get("what", "") for a in content.get("action_items", []))])
    return title, decisions, text


def search_vector_of(title: str, decisions: str, text: str):
    """The weighted vector expression of a version's three parts."""
    return (
        SearchVector(Value(title), weight="A", config=CONFIG)
        + SearchVector(Value(decisions), weight="B", config=CONFIG)
        + SearchVector(Value(text), weight="C", config=CONFIG)
    )


def store_search_vector(version) -> None:
    """Fill the stored vector of a just-published version (PostgreSQL; no-op elsewhere)."""
    from .models import MinutesVersion

    rows = MinutesVersion.objects.filter(pk=version.pk)
    if not _is_postgresql(rows):
        return
    parts = parts_of(version.content or {}, summary=version.summary, body=version.body)
    rows.update(search_vector=search_vector_of(*parts))


OPERATORS = re.compile(r'["\-]|\bor\b', re.IGNORECASE)


def search_query(q: str) -> SearchQuery:
    """Plain words: every word's French stem as a prefix (« alimentation » → aliment:*, which
    also finds « alimentaire », stemmed alimentair); with operators (« "mot exact" »,
    « -exclu », « ou »): PostgreSQL's websearch syntax as typed."""
    words = [word for word in re.findall(r"\w+", q) if len(word) > 1]
    if OPERATORS.search(q) or not words:
        return SearchQuery(q, config=CONFIG, search_type="websearch")
    # Only \w characters reach the raw syntax: nothing the user types can break it.
    return SearchQuery(" & ".join(f"{word}:*" for word in words), config=CONFIG, search_type="raw")


def search(versions: QuerySet, q: str) -> QuerySet:
    """Filter, rank and annotate `excerpt` (highlighted) on PostgreSQL; icontains elsewhere."""
    if _is_postgresql(versions):
        query = search_query(q)
        return (
            versions.filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                excerpt=SearchHeadline(
                    "search_text",
                    query,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-published_at", "-pk")
        )
    for word in q.split():
        versions = versions.filter(search_text__icontains=word)
    return versions


def highlighted(excerpt: str | None) -> SafeString:
    """The excerpt escaped, its matched words in <mark>."""
    if not excerpt:
        return mark_safe("")
    html = escape(excerpt).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 — escaped above, only our own tags added


# Bulk fill (demo history, imports): the same weights as `store_search_vector`, from the
# frozen content, for every version that has no vector yet.
FILL_MISSING_SQL = """
UPDATE minutes_minutesversion SET search_vector =
    setweight(to_tsvector('french', coalesce(content->'meeting'->>'title', '')), 'A')
    || setweight(to_tsvector('french', coalesce((
        SELECT string_agg(d->>'text', ' ')
        FROM jsonb_array_elements(coalesce(content->'decisions', '[]'::jsonb)) d
    ), '')), 'B')
    || setweight(to_tsvector('french', summary || ' ' || body || ' ' || coalesce((
        SELECT string_agg(a->>'what', ' ')
        FROM jsonb_array_elements(coalesce(content->'action_items', '[]'::jsonb)) a
    ), '')), 'C')
WHERE search_vector IS NULL
"""


def fill_missing_search_vectors(using: str = "default") -> None:
    """Store the vector of every version that has none (PostgreSQL; no-op elsewhere)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(FILL_MISSING_SQL)
