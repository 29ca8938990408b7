"""Organisations in the site-wide search: those listed in the public directory only."""

from django.utils.translation import gettext as _

from apps.core.search import Result, match_all, words

from .models import Organisation


def find_organisations(query: str, user, limit: int) -> list[Result]:
    terms = words(query)
    if not terms:
        return []
    organisations = (
        Organisation.objects.listed()
        .filter(match_all(("name", "description"), terms))
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
