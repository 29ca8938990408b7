"""Email subjects are plain text: an apostrophe in a meeting's title is not an HTML entity."""

import pytest
from django.core import mail

from apps.governance import services
from tests.accounts.factories import UserFactory
from tests.governance.helpers import add_member, copil, schedule

pytestmark = pytest.mark.django_db


def test_a_convocation_subject_keeps_its_apostrophes(django_capture_on_commit_callbacks):
    lead = UserFactory(role="equipe-projet")
    add_member(copil())
    meeting = schedule(by=lead, title="COPIL d'hiver : l'accueil « des talents » & <la suite>")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convoke(meeting=meeting, by=lead)
    (message,) = mail.outbox
    assert "COPIL d'hiver : l'accueil « des talents » & <la suite>" in message.subject
    assert "&#x27;" not in message.subject and "&amp;" not in message.subject
