"""A priority action's page shows the decisions taken about it in published minutes — only
those the visitor may read (drafts and members-only minutes never leak)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.governance import services
from apps.governance.models import Meeting, Membership
from apps.minutes import services as svc
from apps.minutes.models import Minutes
from tests.accounts.factories import UserFactory
from tests.governance.factories import copil
from tests.strategy.factories import PriorityActionFactory

pytestmark = pytest.mark.django_db


def _held_session(lead, title):
    start = timezone.now() + timedelta(days=3)
    meeting = services.meeting_create(
        kind=Meeting.Kind.COPIL, body=copil(), created_by=lead, title=title, start=start,
        end=start + timedelta(hours=2), place="Quimper",
    )  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD,
        start=timezone.now() - timedelta(days=5),
        end=timezone.now() - timedelta(days=5) + timedelta(hours=2),
    )
    meeting.refresh_from_db()
    return meeting


def _minutes_deciding(lead, action, *, title, text, publish=True, visibility="public"):
    minutes = svc.minutes_start(meeting=_held_session(lead, title), by=lead)
    minutes = svc.minutes_save(
        minutes=minutes, by=lead, base_revision=0, summary="", body="Texte",
        visibility=visibility,
        decisions=[svc.DecisionEntry(text=text, priority_action_ids=[action.pk])],
    )  # fmt: skip
    if publish:
        svc.minutes_submit(minutes=minutes, by=lead, notify=False)
        svc.minutes_publish(minutes=minutes, by=lead, notify=False)
    return minutes


@pytest.fixture
def setting():
    lead = UserFactory(role="equipe-projet")
    action = PriorityActionFactory()
    _minutes_deciding(lead, action, title="COPIL de juin", text="Le COPIL finance l'action.")
    _minutes_deciding(
        lead, action, title="COPIL en brouillon", text="Décision encore en brouillon.",
        publish=False,
    )  # fmt: skip
    reserved = _minutes_deciding(
        lead, action, title="COPIL restreint", text="Décision réservée aux membres.",
        visibility=Minutes.Visibility.MEMBERS,
    )  # fmt: skip
    return action, reserved


def _page(client, action):
    response = client.get(reverse("strategy:action", kwargs={"slug": action.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_reads_the_published_public_decision_and_nothing_else(client, setting):
    action, _reserved = setting
    page = _page(client, action)
    assert "décidé les instances" in page
    assert "Le COPIL finance l&#x27;action." in page
    assert "COPIL de juin" in page
    assert "Décision encore en brouillon" not in page
    assert "Décision réservée aux membres" not in page


def test_a_member_of_the_body_also_reads_the_reserved_decision(client, setting):
    action, reserved = setting
    member = UserFactory()
    Membership.objects.create(body=reserved.meeting.body, user=member)
    client.force_login(member)
    page = _page(client, action)
    assert "Décision réservée aux membres" in page
    assert "Décision encore en brouillon" not in page


def test_an_action_without_decision_says_so(client):
    page = _page(client, PriorityActionFactory())
    assert "Aucune décision publiée ne porte encore sur cette action." in page
