"""Reads of the stakeholders app that go beyond a plain filter."""

from django.db.models import Case, QuerySet, Value, When

from .models import ActorCategory, Organisation, Territory


def directory_organisations(*, category: str = "", territory: str = "") -> QuerySet[Organisation]:
    """Listed organisations, optionally filtered by category slug and territory slug.

    `territory="hors"` selects organisations outside Cornouaille (no territory).
    """
    qs = Organisation.objects.listed().select_related("category", "territory")
    if category:
        qs = qs.filter(category__slug=category)
    if territory == "hors":
        qs = qs.filter(territory__isnull=True)
    elif territory:
        qs = qs.filter(territory__slug=territory)
    return qs.order_by("name")


def directory_filters() -> tuple[list[ActorCategory], list[Territory]]:
    return list(ActorCategory.objects.all()), list(Territory.objects.all())


SUGGESTIONS_LIMIT = 10


def organisation_suggestions(*, q: str, limit: int = SUGGESTIONS_LIMIT) -> list[str]:
    """Names of organisations containing `q` (accents and case as typed are ignored by the
    database's case-insensitive match), names starting with it first; bounded."""
    q = " ".join(q.split())[:100]
    if len(q) < 2:
        return []
    names = (
        Organisation.objects.filter(name__icontains=q)
        .annotate(starts=Case(When(name__istartswith=q, then=Value(0)), default=Value(1)))
        .order_by("starts", "name")
        .values_list("name", flat=True)[:limit]
    )
    return list(names)
