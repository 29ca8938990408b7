"""The reading room's filter choices, cheap to read at any scale.

The years that have minutes and the bodies that published them are aggregates over every
published version (the latest of each minutes the viewer may read). They change only when
minutes are published, corrected, made public or private, or when a body or a meeting
changes. They are computed in two small queries and kept in the cache for the two audiences
most pages are served to — anonymous visitors (public minutes) and the project team
(everything) — under a key that changes whenever they may change:
- a generation number, bumped by signals (a minutes, a version, a body or a meeting saved or
  deleted);
- a fingerprint of the versions (their number and last id), read in one indexed query, so
  that an insert the signals would not see (a bulk import) still counts.
Members of bodies (members-only minutes differ per person) get the queries live.
"""

from dataclasses import dataclass

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from apps.core.generations import Generation

from .models import Minutes, MinutesVersion

generation = Generation("minutes:facets")


@dataclass(frozen=True)
class FacetRows:
    years: list[int]  # newest first
    bodies: list[tuple[int, int | None]]  # (body id, body year) of bodies with minutes


def _fingerprint() -> str:
    stats = MinutesVersion.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return f"{stats['n']}:{stats['last']}"


def facet_rows(readable, *, scope: str | None) -> FacetRows:
    """Years and bodies of the `readable` latest versions; cached when `scope` is given."""

    def compute() -> FacetRows:
        years = [
            moment.year
            for moment in readable.datetimes("minutes__meeting__start", "year", order="DESC")
        ]
        bodies = list(
            readable.order_by()
            .values_list("minutes__meeting__body_id", "minutes__meeting__body__year")
            .distinct()
        )
        return FacetRows(years=years, bodies=bodies)

    return generation.cached("rows", scope, _fingerprint, compute)


def connect() -> None:
    """Called from MinutesConfig.ready()."""
    from apps.governance.models import Body, Meeting

    for model in (Minutes, MinutesVersion, Body, Meeting):
        post_save.connect(
            generation.bump, sender=model, dispatch_uid=f"minutes-facets-save-{model}"
        )
        post_delete.connect(
            generation.bump, sender=model, dispatch_uid=f"minutes-facets-delete-{model}"
        )
