"""The working-group and plenary pages list their published minutes (and only readable ones)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.governance import services
from apps.governance.models import Body, Meeting, Membership
from apps.minutes import services as svc
from apps.minutes.models import Minutes
from apps.working_groups.models import WorkingGroup
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _held(lead, *, kind, body=None, title):
    start = timezone.now() + timedelta(days=3)
    meeting = services.meeting_create(
        kind=kind, body=body, created_by=lead, title=title, start=start,
        end=start + timedelta(hours=2), place="Quimper",
    )  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD,
        start=timezone.now() - timedelta(days=5),
        end=timezone.now() - timedelta(days=5) + timedelta(hours=2),
    )
    meeting.refresh_from_db()
    return meeting


def _publish(meeting, lead, *, visibility=Minutes.Visibility.PUBLIC):
    minutes = svc.minutes_start(meeting=meeting, by=lead)
    minutes = svc.minutes_save(
        minutes=minutes, by=lead, base_revision=0, summary="Synthèse", body="Texte",
        visibility=visibility,
    )  # fmt: skip
    svc.minutes_submit(minutes=minutes, by=lead)
    svc.minutes_publish(minutes=minutes, by=lead, notify=False)
    return minutes


def test_group_page_lists_its_readable_minutes(client):
    lead = UserFactory(role="equipe-projet")
    body = Body.objects.create(
        kind=Body.Kind.WORKING_GROUP, name="GT Mer", slug="gt-mer", year=2026
    )
    group = WorkingGroup.objects.create(body=body, theme="La mer")
    open_minutes = _publish(
        _held(lead, kind=Meeting.Kind.WORKSHOP, body=body, title="Atelier des ports"), lead
    )
    reserved = _publish(
        _held(lead, kind=Meeting.Kind.WORKSHOP, body=body, title="Atelier réservé"),
        lead,
        visibility=Minutes.Visibility.MEMBERS,
    )
    body_html = client.get(group.get_absolute_url()).content.decode()
    assert open_minutes.get_absolute_url() in body_html
    assert reserved.get_absolute_url() not in body_html

    member = UserFactory()
    Membership.objects.create(body=body, user=member)
    client.force_login(member)
    assert reserved.get_absolute_url() in client.get(group.get_absolute_url()).content.decode()


def test_plenary_page_lists_its_minutes(client):
    lead = UserFactory(role="equipe-projet")
    plenary = _held(lead, kind=Meeting.Kind.PLENARY, title="Plénière de partage")
    minutes = _publish(plenary, lead)
    body = client.get(plenary.get_absolute_url()).content.decode()
    assert minutes.get_absolute_url() in body
    assert "Aucun compte rendu publié" not in body


def test_workshop_facilitator_starts_the_minutes_from_the_workshop_page(client):
    from django.urls import reverse

    from apps.workshops.models import Workshop

    lead = UserFactory(role="equipe-projet")
    facilitator = UserFactory(role="facilitateur")
    meeting = _held(lead, kind=Meeting.Kind.WORKSHOP, title="Atelier des ports")
    Workshop.objects.create(meeting=meeting).facilitators.add(facilitator)

    client.force_login(UserFactory())
    assert "Rédiger le compte rendu" not in client.get(meeting.get_absolute_url()).content.decode()

    client.force_login(facilitator)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Rédiger le compte rendu" in page
    response = client.post(reverse("minutes:start", kwargs={"slug": meeting.slug}))
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT
