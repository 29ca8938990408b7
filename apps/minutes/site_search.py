"""Published minutes in the site-wide search: the reading room's own full-text search
(PostgreSQL's stored vector), within what the person may read."""

from django.utils.translation import gettext as _

from apps.core.search import Result

from .search import highlighted
from .selectors import published_minutes


def find_minutes(query: str, user, limit: int) -> list[Result]:
    versions = published_minutes(viewer=user, q=query)[:limit]
    return [
        Result(
            title=version.minutes.meeting.title,
            url=version.minutes.get_absolute_url(),
            kind=str(_("Comptes rendus")),
            excerpt=highlighted(getattr(version, "excerpt", None)) or version.summary[:240],
            date=version.published_at,
        )
        for version in versions
    ]
