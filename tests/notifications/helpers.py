"""Builders shared by the notifications tests."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from apps.governance import services as governance
from apps.governance.models import Meeting
from apps.minutes import services as minutes_services
from apps.notifications.models import Notification, Preference


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def prefer(user, frequency: str) -> None:
    Preference.objects.update_or_create(user=user, defaults={"frequency": frequency})


def notifications_of(user):
    return Notification.objects.filter(recipient=user).order_by("pk")


def held_session(lead, *, title="COPIL de juin", body=None):
    from tests.governance.factories import copil

    start = timezone.now() + timedelta(days=3)
    meeting = governance.meeting_create(
        kind=Meeting.Kind.COPIL, body=body or copil(), created_by=lead, title=title,
        start=start, end=start + timedelta(hours=2), place="Quimper",
    )  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD,
        start=timezone.now() - timedelta(days=5),
        end=timezone.now() - timedelta(days=5) + timedelta(hours=2),
    )
    meeting.refresh_from_db()
    return meeting


def publish_decision(lead, action, *, text, title="COPIL de juin", visibility="public"):
    """Minutes of a held COPIL session deciding about `action`, published."""
    minutes = minutes_services.minutes_start(meeting=held_session(lead, title=title), by=lead)
    minutes = minutes_services.minutes_save(
        minutes=minutes, by=lead, base_revision=0, summary="Séance", body="Texte",
        visibility=visibility,
        decisions=[minutes_services.DecisionEntry(text=text, priority_action_ids=[action.pk])],
    )  # fmt: skip
    minutes_services.minutes_submit(minutes=minutes, by=lead, notify=False)
    minutes_services.minutes_publish(minutes=minutes, by=lead, notify=False)
    return minutes


def stand_in_comment(contribution, author, text="Bonne idée !"):
    """A stand-in for the participation app's comment (issue 14): a saved model instance that
    names its contribution and author, as `on_comment_posted` expects."""
    from apps.minutes.models import Minutes, MinutesComment
    from tests.minutes.factories import minutes_in

    minutes = Minutes.objects.filter(status=Minutes.Status.IN_REVIEW).first()
    if minutes is None:
        from tests.accounts.factories import UserFactory

        minutes = minutes_in("in_review", by=UserFactory(role="equipe-projet"))
    comment = MinutesComment.objects.create(minutes=minutes, author=author, revision=0, text=text)
    comment.contribution = contribution
    return comment
