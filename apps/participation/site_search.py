"""Calls for contributions and online contributions in the site-wide search (the core's
`search` registry). A call reserved to a working group, a hidden or reserved contribution is
found only by whoever may see it (the same visibility rules as the pages)."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from apps.core.search import Result, match_all, words
from apps.strategy.markdown import plain_text
from apps.strategy.selectors import contributions_visible_to

from .visibility import calls_visible_to


def find_calls(query: str, user, limit: int) -> list:

    terms = words(query)
    if not terms:
        return []
    calls = calls_visible_to(user=user).filter(match_all(("title", "question"), terms))
    return [
        Result(
            title=call.title,
            url=call.get_absolute_url(),
            kind=str(_("Appels à contributions")),
            excerpt=Truncator(call.question).words(25),
            date=call.opens_at,
        )
        for call in calls.order_by("-opens_at", "-pk")[:limit]
    ]


def find_online_contributions(query: str, user, limit: int) -> list:

    terms = words(query)
    if not terms:
        return []
    contributions = (
        contributions_visible_to(user=user)
        .filter(meeting__isnull=True)
        .filter(match_all(("text",), terms))
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        Result(
            title=Truncator(plain_text(c.text)).chars(90),
            url=reverse("participation:contribution", kwargs={"pk": c.pk}),
            kind=str(_("Contributions en ligne")),
            excerpt=str(c.get_type_display()),
            date=c.created_at,
        )
        for c in contributions
    ]
