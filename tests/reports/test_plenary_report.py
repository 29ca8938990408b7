"""The plenary page offers the restitution report: the project team produces it, readers
download it once ready."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.governance import services
from apps.governance.models import Meeting
from apps.reports.models import Document
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plenary():
    lead = UserFactory(role="equipe-projet")
    start = timezone.now() + timedelta(days=20)
    meeting = services.meeting_create(
        kind=Meeting.Kind.PLENARY, body=None, created_by=lead, title="Plénière de restitution",
        start=start, end=start + timedelta(hours=3), place="Théâtre de Cornouaille", capacity=100,
    )  # fmt: skip
    services.meeting_publish(meeting=meeting, by=lead)
    return meeting


def test_project_team_produces_the_report_and_readers_download_it(
    client, plenary, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(role="equipe-projet"))
    page = client.get(plenary.get_absolute_url()).content.decode()
    assert "Produire le rapport de restitution" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:restitution_request", args=[plenary.slug]))
    assert response.status_code == 302
    document = Document.objects.get(meeting=plenary, kind=Document.Kind.RESTITUTION)
    assert document.status == Document.Status.READY

    client.force_login(UserFactory())
    page = client.get(plenary.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in page
    assert "Produire le rapport" not in page
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"


def test_a_stakeholder_cannot_request_a_report(client, plenary):
    client.force_login(UserFactory())
    response = client.post(reverse("reports:restitution_request", args=[plenary.slug]))
    assert response.status_code in (403, 404)
    assert not Document.objects.exists()
