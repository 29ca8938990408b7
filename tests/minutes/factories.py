"""Builders for the minutes: a held meeting to write about, and minutes brought to a given state
through the services (draft, in_review, published, correcting), as the pages would."""

from datetime import timedelta

from django.utils import timezone

from apps.governance.models import Body, Meeting
from apps.minutes.models import Minutes
from apps.minutes.services import (
    minutes_publish,
    minutes_save,
    minutes_start,
    minutes_start_correction,
    minutes_submit,
)
from tests.governance.factories import AgendaItemFactory, MeetingFactory


def technical_committee() -> Body:
    return Body.objects.get(slug="comite-technique")


def held_meeting(*, days_ago: int = 7, **fields) -> Meeting:
    """A COPIL session held last week, with two agenda items."""
    start = (timezone.now() - timedelta(days=days_ago)).replace(second=0, microsecond=0)
    fields.setdefault("status", Meeting.Status.HELD)
    meeting = MeetingFactory(start=start, end=start + timedelta(hours=2), **fields)
    AgendaItemFactory(meeting=meeting, title="Bilan des ateliers", position=1)
    AgendaItemFactory(meeting=meeting, title="Plan d'actions 2027", position=2)
    return meeting


def minutes_in(
    state: str,
    *,
    by,
    meeting: Meeting | None = None,
    body: str = "Le COPIL valide le plan d'actions.",
    summary: str = "Séance consacrée au plan d'actions.",
    visibility: str = Minutes.Visibility.PUBLIC,
) -> Minutes:
    """Minutes brought to `state` (draft, in_review, published, correcting) by the services."""
    minutes = minutes_start(meeting=meeting or held_meeting(), by=by)
    minutes = minutes_save(
        minutes=minutes,
        by=by,
        base_revision=minutes.revision,
        summary=summary,
        body=body,
        visibility=visibility,
    )
    if state == "draft":
        return minutes
    minutes_submit(minutes=minutes, by=by)
    if state == "in_review":
        return Minutes.objects.get(pk=minutes.pk)
    minutes_publish(minutes=minutes, by=by)
    if state == "correcting":
        minutes_start_correction(minutes=minutes, by=by)
    return Minutes.objects.get(pk=minutes.pk)
