"""Calendars: the HTML calendar (/calendrier/) and the iCalendar feeds.

- `/calendrier/` — month grid or list of the meetings the viewer may see, filtered by kind
  and body; any bad parameter falls back to its default.
- `/calendrier.ics` — public feed; `/calendrier/instances/<slug>.ics` — one body's meetings;
  `/calendrier/personnel/<token>.ics` — one person's convocations and registrations. Calendar
  applications cannot sign in: the personal feed is found by its secret token alone.
"""

import calendar
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from apps.governance import ics
from apps.governance.models import Body, Meeting

from .selectors import (
    CalendarFilters,
    body_feed_meetings,
    calendar_bodies,
    calendar_list_meetings,
    calendar_month_meetings,
    personal_feed_meetings,
    public_feed_meetings,
)

VIEW_MONTH = "mois"
VIEW_LIST = "liste"
LIST_PAGE_SIZE = 20
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
# Far enough for any real meeting, near enough that previous/next month never overflows.
MIN_YEAR, MAX_YEAR = 1970, 2200
# Tokens come from `new_calendar_token` (letters and digits); anything else is not looked up.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9]{1,64}")


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    meetings: list[Meeting] = field(default_factory=list)


def _parse_month(value: str, *, today: date) -> date:
    match = MONTH_PATTERN.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def _parse_filters(params, bodies: list[Body]) -> CalendarFilters:
    kind = params.get("type", "")
    slug = params.get("instance", "")
    return CalendarFilters(
        kind=kind if kind in Meeting.Kind.values else "",
        body=next((body for body in bodies if body.slug == slug), None),
    )


def _query(filters: CalendarFilters, **params) -> str:
    """A query string keeping the current filters, without empty values."""
    values = {"type": filters.kind, "instance": filters.body.slug if filters.body else ""}
    values.update(params)
    return "?" + urlencode({key: value for key, value in values.items() if value})


def _shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_grid(first: date, meetings: list[Meeting], *, today: date) -> list[list[Day]]:
    """Weeks (Monday first) of the month; a meeting appears on every day it spans."""
    last = _shift_month(first, 1) - timedelta(days=1)
    by_day: dict[date, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        day = max(timezone.localdate(meeting.start), first)
        # A meeting ending at midnight does not spill over onto the next day.
        until = min(timezone.localdate(meeting.end - timedelta(microseconds=1)), last)
        while day <= until:
            by_day[day].append(meeting)
            day += timedelta(days=1)
    return [
        [
            Day(
                date=day,
                in_month=day.month == first.month,
                is_today=day == today,
                meetings=by_day.get(day, []) if day.month == first.month else [],
            )
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
            first.year, first.month
        )
    ]


def _by_month(meetings) -> list[tuple[date, list[Meeting]]]:
    groups: list[tuple[date, list[Meeting]]] = []
    for meeting in meetings:
        month = timezone.localdate(meeting.start).replace(day=1)
        if not groups or groups[-1][0] != month:
            groups.append((month, []))
        groups[-1][1].append(meeting)
    return groups


def _feed_links(path: str) -> dict:
    url = settings.SITE_URL + path
    return {"path": path, "url": url, "webcal": re.sub(r"^https?://", "webcal://", url)}


@require_safe
def calendar_page(request):
    """The meetings the viewer may see, as a month grid (default) or a list."""
    params = request.GET
    today = timezone.localdate()
    bodies = calendar_bodies()
    filters = _parse_filters(params, bodies)
    view = params.get("vue") if params.get("vue") in (VIEW_MONTH, VIEW_LIST) else VIEW_MONTH
    context = {
        "view": view,
        "filters": filters,
        "kinds": Meeting.Kind.choices,
        "bodies": bodies,
        "month_url": _query(filters, vue=VIEW_MONTH),
        "list_url": _query(filters, vue=VIEW_LIST),
        "public_feed": _feed_links(reverse("calendars:public_feed")),
        "body_feed": (
            _feed_links(reverse("calendars:body_feed", kwargs={"slug": filters.body.slug}))
            if filters.body
            else None
        ),
    }
    if view == VIEW_MONTH:
        first = _parse_month(params.get("mois", ""), today=today)
        last = _shift_month(first, 1) - timedelta(days=1)
        meetings = calendar_month_meetings(
            user=request.user, first_day=first, last_day=last, filters=filters
        )
        weeks = _month_grid(first, meetings, today=today)
        previous, following = _shift_month(first, -1), _shift_month(first, 1)
        context.update(
            month=first,
            weeks=weeks,
            weekdays=[day.date for day in weeks[0]],
            days_with_meetings=[day for week in weeks for day in week if day.meetings],
            previous_month=previous,
            next_month=following,
            previous_url=_query(filters, vue=VIEW_MONTH, mois=f"{previous:%Y-%m}"),
            next_url=_query(filters, vue=VIEW_MONTH, mois=f"{following:%Y-%m}"),
            today_url=_query(filters, vue=VIEW_MONTH),
            is_current_month=first == today.replace(day=1),
        )
    else:
        past = params.get("passees") == "1"
        meetings = calendar_list_meetings(user=request.user, past=past, filters=filters)
        page = Paginator(meetings, LIST_PAGE_SIZE).get_page(params.get("page"))
        list_params = {"vue": VIEW_LIST, "passees": "1" if past else ""}
        context.update(
            past=past,
            page=page,
            groups=_by_month(page.object_list),
            upcoming_url=_query(filters, vue=VIEW_LIST),
            past_url=_query(filters, vue=VIEW_LIST, passees="1"),
            previous_page_url=(
                _query(filters, **list_params, page=page.previous_page_number())
                if page.has_previous()
                else ""
            ),
            next_page_url=(
                _query(filters, **list_params, page=page.next_page_number())
                if page.has_next()
                else ""
            ),
        )
    return render(request, "calendars/calendar.html", context)


def _validators(meetings) -> tuple[str, datetime | None]:
    """A feed's ETag and Last-Modified from cheap aggregates (one query, no feed built): the
    meetings in the window (how many, last change, ICS sequences) and their agenda items."""
    stats = meetings.order_by().aggregate(
        count=Count("pk", distinct=True),
        changed=Max("updated_at"),
        sequences=Sum("ics_sequence"),
        items=Count("agenda_items", distinct=True),
        last_item=Max("agenda_items__pk"),
    )
    key = "|".join(
        str(value)
        for value in (*stats.values(), timezone.localdate(), get_language(), settings.SITE_NAME)
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32], stats["changed"]


def _ics_response(
    request, meetings, *, name: str, filename: str, private: bool, online_link=None
) -> HttpResponse:
    """The feed, or 304 Not Modified when the client's copy is current (calendar clients
    poll: If-None-Match / If-Modified-Since are answered without building the feed)."""
    etag, last_modified = _validators(meetings)
    quoted = f'"{etag}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=quoted, last_modified=timestamp)
    if response is None:
        response = HttpResponse(
            ics.feed(meetings, name=name, online_link=online_link),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = quoted
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    # Calendar applications poll; a shared cache must never keep someone's own calendar.
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    if private:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def public_feed(request):
    return _ics_response(
        request,
        public_feed_meetings(),
        name=_("%(site)s — agenda public") % {"site": settings.SITE_NAME},
        filename="cornouaille-agenda.ics",
        private=False,
    )


@require_safe
def body_feed(request, slug):
    """One body's meetings, as the requester may see them (a calendar app: public ones)."""
    body = get_object_or_404(Body, slug=slug)
    return _ics_response(
        request,
        body_feed_meetings(body=body, user=request.user),
        name=f"{settings.SITE_NAME} — {body.name}",
        filename=f"cornouaille-{body.slug}.ics",
        private=request.user.is_authenticated,
    )


@require_safe
def personal_feed(request, token):
    """One person's convocations and registrations; the unguessable token is the key."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise Http404
    # A lookup on the unique, indexed field: no per-character comparison to time.
    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404(_("Ce lien d'agenda n'est pas valide."))
    return _ics_response(
        request,
        personal_feed_meetings(user=user),
        name=_("%(site)s — mon agenda") % {"site": settings.SITE_NAME},
        filename="cornouaille-mon-agenda.ics",
        private=True,
        online_link=lambda meeting: meeting.reader_seated,
    )
