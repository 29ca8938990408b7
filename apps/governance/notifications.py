"""Emails about meetings, rendered by the worker (one message per person, small ICS attached).

Notices: convocation, update (rescheduled), cancellation, reminder (not answered yet),
upcoming (two days before), request_refused.
"""

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
}


def build_message(*, meeting: Meeting, participation: Participation, notice: str):
    method = NOTICES[notice]
    user = participation.user
    context = {
        "meeting": meeting,
        "participation": participation,
        "user": user,
        "notice": notice,
        "agenda": list(meeting.agenda_items.all()),
        "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
        "answer_url": settings.SITE_URL
        + reverse("governance:answer", kwargs={"token": answer_token(participation)}),
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
    if method:
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
    if participation.user.is_active and participation.user.email:
        build_message(meeting=meeting, participation=participation, notice=payload["notice"]).send()
