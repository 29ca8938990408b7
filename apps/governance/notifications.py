"""Emails about meetings, rendered by the worker (one message per person, small ICS attached).

Notices: convocation, update (rescheduled), cancellation, reminder (not answered yet),
upcoming (two days before), request_refused.
"""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import ics
from .models import Meeting, Participation
from .tokens import answer_token

NOTICES = {
    "convocation": ics.METHOD_REQUEST,
    "update": ics.METHOD_REQUEST,
    "reminder": ics.METHOD_REQUEST,
    "upcoming": None,
    "cancellation": ics.METHOD_CANCEL,
    "request_refused": None,
    "registered": ics.METHOD_REQUEST,
    "waitlisted": None,
    "promoted": ics.METHOD_REQUEST,
    "registration_cancelled": ics.METHOD_CANCEL,
    "waitlist_left": None,
}


PREVIEW_ANSWER_URL = "[lien personnel de réponse]"


def build_message(
    *,
    meeting: Meeting,
    participation: Participation,
    notice: str,
    previous_start=None,
    preview: bool = False,
):
    """One person's email. `previous_start`: the date before a reschedule (shown with the new
    one). `preview`: for the page shown before sending (no signed link, no attachment)."""
    method = NOTICES[notice]
    user = participation.user
    if isinstance(previous_start, str):
        previous_start = datetime.fromisoformat(previous_start)
    context = {
        "meeting": meeting,
        "participation": participation,
        "user": user,
        "notice": notice,
        "agenda": list(meeting.agenda_items.all()),
        "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
        "answer_url": PREVIEW_ANSWER_URL
        if preview
        else settings.SITE_URL
        + reverse("governance:answer", kwargs={"token": answer_token(participation)}),
        "previous_start": previous_start,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("governance/email/subject.txt", context).strip()
        text = render_to_string("governance/email/notice.txt", context)
        html = render_to_string("governance/email/notice.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    if method and not preview:
        content = ics.invitation(meeting, method=method, attendee=user)
        message.attach("invitation.ics", content, f"text/calendar; method={method}; charset=UTF-8")
    return message


def deliver_notice(payload: dict) -> None:
    """The outbox handler of one meeting notice to one person (an erased or deactivated
    account gets nothing)."""
    meeting = (
        Meeting.objects.select_related("body")
        .prefetch_related("agenda_items")
        .get(pk=payload["meeting_id"])
    )
    participation = Participation.objects.select_related("user").get(pk=payload["participation_id"])
    if participation.user_id is None:  # a walk-in without an account: no address
        return
    if participation.user.is_active and participation.user.email:
        build_message(
            meeting=meeting,
            participation=participation,
            notice=payload["notice"],
            previous_start=payload.get("previous_start"),
        ).send()
