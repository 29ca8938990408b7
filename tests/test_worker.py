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
    assert "accounts.send_email" in real_celery.log_path.read_text()


def test_send_email_task_retries_are_configured():
    from apps.accounts.tasks import send_email

    assert send_email.acks_late is True
    assert OSError in send_email.autoretry_for
