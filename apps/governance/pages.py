"""The page scaffold every kind of meeting shares (COPIL sessions, workshops, plenaries).

The meetings are one table; their pages live in the body apps. Each body app registers here,
in its `AppConfig.ready()`, what differs for its kind — its addresses, the selector that
decides who sees a meeting, the words (a French « séance » is feminine, an « atelier »
masculine) — and gets the rest once: `meeting_for()` for its views, the header, the status
badge and the breadcrumb for its templates (`{% load meetings %}`). Governance never imports
the body apps: they plug in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .middleware import MeetingMoved, moved_url
from .models import Meeting
from .selectors import meeting_for_old_slug


@dataclass(frozen=True)
class MeetingPage:
    kinds: tuple[str, ...]
    detail_url: str  # named URL taking `slug`
    section_url: str  # named URL of the section: the breadcrumb's root
    section_label: str
    selector: Callable[..., Meeting | None]  # (slug=, viewer=) -> the meeting or None
    not_found: str  # the 404's sentence
    cancelled_text: str
    draft_text: str
    # Badge labels by status; a missing or empty label shows no badge for that status.
    status_labels: dict = field(default_factory=dict)
    # Overrides in lists of meetings (e.g. no « Publiée » badge on every upcoming plenary).
    list_status_labels: dict = field(default_factory=dict)
    members_label: str = _("Réservée aux membres")
    # Under the online link on the meeting page, for those who may not see it.
    online_note: str = _("Le lien est communiqué aux personnes inscrites.")


_pages: dict[str, MeetingPage] = {}


def register(page: MeetingPage) -> MeetingPage:
    for kind in page.kinds:
        _pages[kind] = page
    return page


def page_for(kind: str) -> MeetingPage | None:
    return _pages.get(kind)


def detail_url(meeting: Meeting) -> str:
    """The meeting's page in its body app, or the generic governance page."""
    page = page_for(meeting.kind)
    return reverse(page.detail_url if page else "governance:meeting", kwargs={"slug": meeting.slug})


def meeting_for(request, slug: str, *, page: MeetingPage, perm: str | None = None) -> Meeting:
    """The meeting the viewer may see (404 otherwise: its existence must not leak) and, with
    `perm`, may act on (403 when they see it but may not)."""
    meeting = page.selector(slug=slug, viewer=request.user)
    if meeting is None:
        moved_to = meeting_for_old_slug(slug)
        # Only to someone who may see it: an old address must not reveal a hidden meeting.
        if (
            moved_to is not None
            and moved_to.kind in page.kinds
            and page.selector(slug=moved_to.slug, viewer=request.user) is not None
        ):
            raise MeetingMoved(moved_url(request, slug, moved_to.slug))
        raise Http404(page.not_found)
    if perm is not None and not request.user.has_perm(perm, meeting):
        raise PermissionDenied
    return meeting
