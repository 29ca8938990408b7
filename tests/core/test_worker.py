"""Integration: emails leave through a real Celery worker on Redis (production settings)."""

import re

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.stakeholders.models import ActorCategory, Territory
from tests.conftest import wait_for

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def test_signup_confirmation_email_is_sent_by_the_worker(client, real_celery):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "maiwenn.riou@example.org",
            "first_name": "Maïwenn",
            "last_name": "Riou",
            "password1": "Pointe-du-Raz-2026!",
            "password2": "Pointe-du-Raz-2026!",
            "organisation_name": "",
            "actor_category": ActorCategory.objects.get(slug="citoyen").pk,
            "territory": Territory.objects.get(slug="cap-sizun-pointe-du-raz").pk,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="maiwenn.riou@example.org").exists()

    def delivered():
        text = "".join(path.read_text() for path in real_celery.outbox_dir.glob("*.log"))
        return text if "To: maiwenn.riou@example.org" in text and "confirm-email" in text else ""

    content = wait_for(delivered)
    link = re.search(r"http://testserver/accounts/confirm-email/\S+/", content)
    assert link, content
    # The link works: the key the worker mailed confirms the address.
    confirm = client.post(link.group(0).replace("http://testserver", ""))
    assert confirm.status_code == 302
    assert "core.deliver_outbox" in real_celery.log_path.read_text()


def test_outbox_task_is_idempotent_and_recovers():
    from apps.core.tasks import deliver_outbox

    assert deliver_outbox.acks_late is True
    assert deliver_outbox.reject_on_worker_lost is True
    assert deliver_outbox.soft_time_limit and deliver_outbox.time_limit


def test_convocation_is_rendered_and_sent_by_the_worker(real_celery):
    """The request only enqueues; the worker reads the meeting from PostgreSQL, renders one
    email per member with its ICS invitation, and sends it."""
    from apps.governance import services
    from tests.accounts.factories import UserFactory
    from tests.governance.helpers import add_member, copil, schedule

    lead = UserFactory(role="equipe-projet")
    members = [add_member(copil()).user for _ in range(3)]
    meeting = schedule(by=lead, agenda=["Bilan", "Perspectives"], title="COPIL d'hiver")

    assert services.meeting_convoke(meeting=meeting, by=lead) == 3

    def delivered():
        texts = [path.read_text() for path in real_celery.outbox_dir.glob("*.log")]
        convocations = [t for t in texts if "COPIL d'hiver" in t or "COPIL d=E2=80=99hiver" in t]
        return convocations if len(convocations) >= 3 else None

    convocations = wait_for(delivered, timeout=60)
    recipients = {m.email for m in members}
    assert all(any(f"To: {email}" in text for text in convocations) for email in recipients)
    assert all("invitation.ics" in text and "text/calendar" in text for text in convocations)
    log = real_celery.log_path.read_text()
    assert "core.deliver_outbox" in log and "succeeded" in log


def test_publication_pdf_is_rendered_by_the_worker(real_celery):
    """Publishing only enqueues; the worker (pdf queue) renders with WeasyPrint and stores."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.governance.models import Meeting
    from apps.minutes import services as svc
    from apps.reports.models import Document
    from tests.accounts.factories import UserFactory
    from tests.governance.helpers import schedule

    lead = UserFactory(role="equipe-projet")
    meeting = schedule(by=lead, agenda=["Bilan"], title="COPIL de clôture")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD,
        start=timezone.now() - timedelta(days=2),
        end=timezone.now() - timedelta(days=2) + timedelta(hours=2),
    )
    meeting.refresh_from_db()
    minutes = svc.minutes_start(meeting=meeting, by=lead)
    minutes = svc.minutes_save(
        minutes=minutes, by=lead, base_revision=0, summary="Clôture", body="## Bilan\n\nApprouvé.",
        decisions=[svc.DecisionEntry(text="Le rapport final est adopté à l'unanimité.")],
    )  # fmt: skip
    svc.minutes_submit(minutes=minutes, by=lead)
    version = svc.minutes_publish(minutes=minutes, by=lead, notify=False)

    document = Document.objects.get(minutes_version=version)
    ready = wait_for(
        lambda: Document.objects.filter(pk=document.pk, status=Document.Status.READY).first(),
        timeout=90,
    )
    assert ready.page_count >= 1 and ready.render_seconds > 0
    assert ready.file.read(5) == b"%PDF-"
    assert "reports.render_document" in real_celery.log_path.read_text()
