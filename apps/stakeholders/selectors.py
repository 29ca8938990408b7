"""Reads of the stakeholders app that go beyond a plain filter."""

from django.db.models import QuerySet

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
