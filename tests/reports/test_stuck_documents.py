"""A PDF whose task was lost (broker outage, killed worker) is re-queued by the sweeper, and
the project team may retry it once it is late; one that keeps failing is given up."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.reports.models import Document
from apps.reports.services import MAX_RENDER_ATTEMPTS, documents_sweep_stuck
from tests.accounts.factories import UserFactory
from tests.minutes.factories import minutes_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def stuck_document():
    lead = UserFactory(role="equipe-projet")
    minutes_in("published", by=lead)
    document = Document.objects.get()
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.RENDERING,
        status_since=timezone.now() - timedelta(minutes=30),
        file="",
    )
    document.refresh_from_db()
    return document


def test_the_sweeper_re_renders_a_stuck_document(stuck_document):
    assert stuck_document.is_stuck
    assert documents_sweep_stuck() == 1
    stuck_document.refresh_from_db()
    assert stuck_document.status == Document.Status.READY  # rendered in-process here


def test_a_fresh_render_is_left_alone(stuck_document):
    Document.objects.filter(pk=stuck_document.pk).update(status_since=timezone.now())
    assert documents_sweep_stuck() == 0


def test_a_document_that_keeps_failing_is_given_up(stuck_document):
    Document.objects.filter(pk=stuck_document.pk).update(attempts=MAX_RENDER_ATTEMPTS)
    assert documents_sweep_stuck() == 0
    stuck_document.refresh_from_db()
    assert stuck_document.status == Document.Status.FAILED
    assert "interrompu" in stuck_document.error


def test_the_team_may_retry_a_stuck_document_not_a_fresh_one(client, stuck_document):
    lead = UserFactory(role="equipe-projet")
    client.force_login(lead)
    Document.objects.filter(pk=stuck_document.pk).update(status_since=timezone.now())
    response = client.post(reverse("reports:retry", args=[stuck_document.pk]), follow=True)
    assert "bloqué depuis plus de dix minutes" in response.content.decode()
    Document.objects.filter(pk=stuck_document.pk).update(
        status_since=timezone.now() - timedelta(minutes=30)
    )
    client.post(reverse("reports:retry", args=[stuck_document.pk]))
    stuck_document.refresh_from_db()
    assert stuck_document.status == Document.Status.PENDING  # handed to the queue on commit
    assert not stuck_document.is_stuck
