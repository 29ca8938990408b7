"""Organisations in the site-wide search: those listed in the public directory only."""

from functools import reduce
from operator import and_

from django.db.models import Q
from django.utils.translation import gettext as _

from apps.core.search import Result, words

from .models import Organisation


def find_organisations(query: str, user, limit: int) -> list[Result]:
    terms = words(query)
    if not terms:
        return []
    organisations = (
        Organisation.objects.listed()
        .filter(reduce(and_, (Q(name__icontains=t) | Q(description__icontains=t) for t in terms)))
        .select_related("category", "territory")
        .order_by("name")[:limit]
    )
    return [
        Result(
            title=organisation.name,
            url=organisation.get_absolute_url(),
            kind=str(_("Organisations")),
            excerpt=" · ".join(
                str(part)
                for part in (organisation.category, organisation.territory)
                if part is not None
            ),
        )
        for organisation in organisations
    ]
