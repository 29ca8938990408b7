"""The PDF annex of a proposal is rendered by a real Celery worker (pdf queue) after commit."""

import pytest
from django.db import transaction

from apps.participation import services
from apps.participation.models import Proposal
from apps.reports.models import Document
from tests.accounts.factories import UserFactory
from tests.conftest import wait_for
from tests.governance.factories import MeetingFactory

from .factories import make_action

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_proposal_annex_rendered_by_the_worker(real_celery, client):
    lead = UserFactory(role="equipe-projet")
    session = MeetingFactory(title="COPIL de printemps")
    action = make_action("Bourse aux logements saisonniers")
    with transaction.atomic():
        proposal = services.proposal_create(
            action=action, meeting=session, by=lead, reason=Proposal.Reason.TECHNICAL_COMMITTEE
        )
    document = Document.objects.get(proposal=proposal)
    ready = wait_for(
        lambda: Document.objects.filter(pk=document.pk, status=Document.Status.READY).first(),
        timeout=90,
    )
    assert ready.page_count >= 1 and ready.file.read(5) == b"%PDF-"
    assert "reports.render_document" in real_celery.log_path.read_text()
    client.force_login(lead)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert ready.get_absolute_url() in page
    response = client.get(ready.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
