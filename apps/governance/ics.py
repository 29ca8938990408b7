"""iCalendar (RFC 5545) documents for meetings, built with the `icalendar` library.

- `invitation(meeting, method=…)` — the file attached to a convocation: METHOD:REQUEST for a
  new or rescheduled meeting (same UID, higher SEQUENCE), METHOD:CANCEL for a cancellation.
- `feed(meetings, name=…)` — a subscribable calendar (METHOD:PUBLISH).
Times carry the Europe/Paris zone (a VTIMEZONE is included); every event links to its page.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Meeting

PRODID = "-//Quimper Cornouaille Développement//Plateforme de co-construction//FR"
METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"
METHOD_PUBLISH = "PUBLISH"


def _calendar(*, method: str, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _event(meeting: Meeting, *, method: str, attendees=(), online_link: bool = False) -> Event:
    tz = ZoneInfo(settings.TIME_ZONE)
    url = settings.SITE_URL + meeting.get_absolute_url()
    event = Event()
    event.add("uid", meeting.ics_uid)
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", timezone.localtime(meeting.start, tz))
    event.add("dtend", timezone.localtime(meeting.end, tz))
    event.add("summary", meeting.title)
    event.add("url", url)
    description = meeting.description.strip()
    items = list(meeting.agenda_items.all())
    if items:
        agenda = "\n".join(f"{index}. {item.title}" for index, item in enumerate(items, start=1))
        description = f"{description}\n\nOrdre du jour :\n{agenda}".strip()
    online_url = meeting.online_url if online_link else ""
    links = [_("Page de la réunion : %(url)s") % {"url": url}]
    if online_url:
        links.append(_("Visioconférence : %(url)s") % {"url": online_url})
    event.add("description", "\n\n".join([description, "\n".join(links)]).strip())
    location = ", ".join(part for part in (meeting.place, online_url) if part)
    if location:
        event.add("location", location)
    cancelled = method == METHOD_CANCEL or meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if method in (METHOD_REQUEST, METHOD_CANCEL):
        organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
        organizer.params["cn"] = vText(settings.SITE_NAME)
        event.add("organizer", organizer)
        for person in attendees:
            attendee = vCalAddress(f"mailto:{person.email}")
            attendee.params["cn"] = vText(person.get_full_name() or person.email)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=0)
    return event


def _address(from_email: str) -> str:
    return from_email.rsplit("<", 1)[-1].rstrip(">").strip()


def _finish(calendar: Calendar, meetings) -> bytes:
    years = [m.start.year for m in meetings] or [timezone.now().year]
    calendar.add_missing_timezones(
        first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
    )
    return calendar.to_ical()


def invitation(meeting: Meeting, *, method: str = METHOD_REQUEST, attendee=None) -> bytes:
    """The .ics attached to a convocation, an update or a cancellation."""
    calendar = _calendar(method=method)
    # An invitation goes to someone convoked or registered: the online link is theirs.
    calendar.add_component(
        _event(meeting, method=method, attendees=[attendee] if attendee else (), online_link=True)
    )
    return _finish(calendar, [meeting])


def single_event(meeting: Meeting, *, online_link: bool) -> bytes:
    """« Ajouter à mon agenda »: one meeting as a file to open in any calendar (METHOD:PUBLISH,
    the same UID and SEQUENCE as its convocations, so a later invitation updates it; a cancelled
    meeting says STATUS:CANCELLED). The online link only for who may see it on the page."""
    calendar = _calendar(method=METHOD_PUBLISH)
    calendar.add_component(_event(meeting, method=METHOD_PUBLISH, online_link=online_link))
    return _finish(calendar, [meeting])


def feed(meetings, *, name: str, online_link=None) -> bytes:
    """A subscribable calendar of `meetings` (already filtered for the reader). The online
    link only where `online_link(meeting)` says so (a personal feed: the meetings the person
    is convoked or registered to); the public and body feeds are read by anyone, and the
    pages give the link only to those registered."""
    meetings = list(meetings)
    calendar = _calendar(method=METHOD_PUBLISH, name=name)
    for meeting in meetings:
        shown = bool(online_link and online_link(meeting))
        calendar.add_component(_event(meeting, method=METHOD_PUBLISH, online_link=shown))
    return _finish(calendar, meetings)
