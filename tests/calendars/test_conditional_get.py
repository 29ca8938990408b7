"""The ICS feeds answer calendar clients' polling: ETag, Last-Modified, 304, Cache-Control;
the validator changes when a meeting or its agenda changes; the feed is not built for a 304."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.governance.models import AgendaItem, Meeting, Participation
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PUBLIC = "/calendrier.ics"


def upcoming(**fields) -> Meeting:
    start = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    fields.setdefault("status", Meeting.Status.SCHEDULED)
    return MeetingFactory(start=start, end=start + timedelta(hours=2), **fields)


def test_public_feed_has_validators_and_answers_304():
    upcoming(title="Atelier de printemps")
    client = Client()
    first = client.get(PUBLIC)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=900"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")

    again = client.get(PUBLIC, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    since = client.get(PUBLIC, headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304
    assert client.get(PUBLIC, headers={"If-None-Match": '"autre"'}).status_code == 200


def test_a_change_gives_a_new_etag():
    meeting = upcoming(title="Atelier")
    client = Client()
    etag = client.get(PUBLIC)["ETag"]
    AgendaItem.objects.create(meeting=meeting, position=1, title="Accueil")
    changed = client.get(PUBLIC, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"Accueil" in changed.content
    etag = changed["ETag"]
    meeting.title = "Atelier renommé"
    meeting.save()
    renamed = client.get(PUBLIC, headers={"If-None-Match": etag})
    assert renamed.status_code == 200 and "renommé" in renamed.content.decode()
    etag = renamed["ETag"]
    upcoming(title="Un autre")
    assert client.get(PUBLIC, headers={"If-None-Match": etag}).status_code == 200


def test_not_modified_costs_one_query():
    for index in range(5):
        upcoming(title=f"Séance {index}")
    client = Client()
    etag = client.get(PUBLIC)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PUBLIC, headers={"If-None-Match": etag}).status_code == 304
    assert len(queries) == 1


def test_personal_feed_is_private_with_validators():
    person = UserFactory()
    meeting = upcoming(title="Ma séance")
    Participation.objects.create(
        meeting=meeting, user=person, status=Participation.Status.REGISTERED
    )
    url = f"/calendrier/personnel/{person.calendar_token}.ics"
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"].startswith("private")
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
