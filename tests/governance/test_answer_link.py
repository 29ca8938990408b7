"""RSVP links (the signed « Répondre » link of a convocation): they expire with their meeting
and answer only for their invitee."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.governance.models import Participation
from apps.governance.tokens import answer_token
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    return ParticipationFactory(meeting=MeetingFactory())


def _url(participation):
    return reverse("governance:answer", kwargs={"token": answer_token(participation)})


def test_the_invitee_answers_without_signing_in(client, invitation):
    response = client.post(_url(invitation), {"status": "attending"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Participation.Status.ATTENDING


def test_the_invitee_signed_in_answers_too(client, invitation):
    client.force_login(invitation.user)
    assert client.post(_url(invitation), {"status": "excused"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Participation.Status.EXCUSED


def test_a_forwarded_link_opened_by_someone_else_signed_in_is_refused(client, invitation):
    client.force_login(UserFactory())
    page = client.get(_url(invitation))
    assert page.status_code == 403
    assert "ne vous est pas destiné" in page.content.decode()
    assert invitation.user.get_full_name() not in page.content.decode()
    response = client.post(_url(invitation), {"status": "attending"})
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == Participation.Status.INVITED


def test_the_link_expires_when_the_meeting_ends(client, invitation):
    meeting = invitation.meeting
    meeting.start = timezone.now() - timedelta(hours=3)
    meeting.end = timezone.now() - timedelta(minutes=1)
    meeting.save()
    page = client.get(_url(invitation))
    assert page.status_code == 410
    assert "a expiré" in page.content.decode()
    assert invitation.user.get_full_name() not in page.content.decode()
    assert client.post(_url(invitation), {"status": "attending"}).status_code == 410
    invitation.refresh_from_db()
    assert invitation.status == Participation.Status.INVITED


def test_the_link_still_works_while_the_meeting_is_under_way(client, invitation):
    meeting = invitation.meeting
    meeting.start = timezone.now() - timedelta(minutes=30)
    meeting.end = timezone.now() + timedelta(minutes=30)
    meeting.save()
    assert client.get(_url(invitation)).status_code == 200
