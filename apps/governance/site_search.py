"""Meetings in the site-wide search (apps/core/search.py): those the person may see."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from apps.core.search import Result, match_all, words

from .selectors import meetings_visible_to


def find_meetings(query: str, user, limit: int) -> list[Result]:
    terms = words(query)
    if not terms:
        return []
    match = match_all(("title", "description", "place"), terms)
    meetings = meetings_visible_to(user=user).filter(match).order_by("-start", "-pk")[:limit]
    results = []
    for meeting in meetings:
        excerpt = " · ".join(
            part
            for part in (
                meeting.get_kind_display(),
                str(_("Annulée")) if meeting.is_cancelled else "",
                meeting.location_label,
                Truncator(meeting.description).words(25),
            )
            if part
        )
        results.append(
            Result(
                title=meeting.title,
                url=meeting.get_absolute_url(),
                kind=str(_("Réunions")),
                excerpt=excerpt,
                date=meeting.start,
            )
        )
    return results
