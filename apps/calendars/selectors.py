"""Reads for the calendar page and the iCalendar feeds, on top of governance's visibility rule
(`meetings_visible_to`, the queryset form of `governance.view_meeting`)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from apps.core.dates import local_midnight
from apps.governance.models import Body, Meeting, Participation
from apps.governance.selectors import meetings_visible_to

# Subscribed calendars poll often: feeds cover a bounded window, not the whole history.
FEED_PAST = timedelta(days=365)
FEED_FUTURE = timedelta(days=2 * 365)

# A person's own calendar: convocations (answered or not) and registrations, including the
# waiting list; not what was cancelled, refused or only requested.
PERSONAL_FEED_STATUSES = (
    *Participation.CONVOKED,
    Participation.Status.REGISTERED,
    Participation.Status.WAITLISTED,
)


@dataclass(frozen=True)
class CalendarFilters:
    kind: str = ""
    body: Body | None = None

    def apply(self, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
        if self.kind:
            meetings = meetings.filter(kind=self.kind)
        if self.body is not None:
            meetings = meetings.filter(body=self.body)
        return meetings


def calendar_bodies() -> list[Body]:
    """The bodies offered in the calendar's filter (one query)."""
    return list(Body.objects.filter(is_active=True).order_by("kind", "name"))


def calendar_month_meetings(
    *, user, first_day: date, last_day: date, filters: CalendarFilters
) -> list[Meeting]:
    """The meetings `user` may see that overlap [first_day, last_day] (local dates)."""
    start = local_midnight(first_day)
    end = local_midnight(last_day + timedelta(days=1))
    meetings = filters.apply(meetings_visible_to(user=user))
    return list(meetings.filter(start__lt=end, end__gt=start).order_by("start", "pk"))


def calendar_list_meetings(*, user, past: bool, filters: CalendarFilters) -> QuerySet[Meeting]:
    """Upcoming meetings (soonest first) or past ones (latest first), to paginate."""
    meetings = filters.apply(meetings_visible_to(user=user))
    now = timezone.now()
    if past:
        return meetings.filter(end__lt=now).order_by("-start", "-pk")
    return meetings.filter(end__gte=now).order_by("start", "pk")


def _feed_window(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    now = timezone.now()
    return (
        meetings.filter(end__gte=now - FEED_PAST, start__lte=now + FEED_FUTURE)
        .prefetch_related("agenda_items")
        .order_by("start", "pk")
    )


def public_feed_meetings() -> QuerySet[Meeting]:
    """Public, non-draft meetings; cancelled ones stay so subscribed calendars drop them."""
    return _feed_window(
        Meeting.objects.not_draft().filter(visibility=Meeting.Visibility.PUBLIC)
    ).select_related("body")


def body_feed_meetings(*, body: Body, user) -> QuerySet[Meeting]:
    return _feed_window(meetings_visible_to(user=user).filter(body=body))


def personal_feed_meetings(*, user) -> QuerySet[Meeting]:
    """The non-draft meetings `user` is convoked or registered to."""
    mine = Participation.objects.filter(user=user, status__in=PERSONAL_FEED_STATUSES).values(
        "meeting_id"
    )
    # `reader_seated`: convoked or registered (not waiting), who the online link is for.
    seated = Participation.objects.filter(
        meeting=OuterRef("pk"),
        user=user,
        status__in=(*Participation.CONVOKED, Participation.Status.REGISTERED),
    )
    meetings = Meeting.objects.select_related("body").not_draft().filter(pk__in=mine)
    return _feed_window(meetings.annotate(reader_seated=Exists(seated)))
