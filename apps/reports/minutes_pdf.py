"""The context of the minutes PDF: everything comes from the frozen MinutesVersion."""

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from apps.strategy.markdown import render_markdown


def minutes_context(*, version) -> dict:
    content = version.content or {}
    meeting = content.get("meeting", {})
    start = datetime.fromisoformat(meeting["start"]) if meeting.get("start") else None
    end = datetime.fromisoformat(meeting["end"]) if meeting.get("end") else None
    action_items = [
        {**item, "due": date.fromisoformat(item["due_date"]) if item.get("due_date") else None}
        for item in content.get("action_items", [])
    ]
    return {
        "version": version,
        "minutes": version.minutes,
        "meeting": meeting,
        "start": timezone.localtime(start) if start else None,
        "end": timezone.localtime(end) if end else None,
        "agenda": content.get("agenda", []),
        "present": content.get("present", []),
        "guests": content.get("guests", []),
        "excused": content.get("excused", []),
        "represented": content.get("represented", []),
        "decisions": content.get("decisions", []),
        "action_items": action_items,
        "summary_html": render_markdown(version.summary),
        "body_html": render_markdown(version.body),
        "SITE_NAME": settings.SITE_NAME,
        "published_at": timezone.localtime(version.published_at),
    }
