"""Minutes search on the stored, GIN-indexed vector: stemming, weights, excerpt, count, XSS,
and a constant number of queries at two sizes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.governance.models import Meeting
from apps.minutes.models import MinutesVersion
from apps.minutes.search import highlighted
from apps.minutes.services import (
    minutes_publish,
    minutes_save,
    minutes_start,
    minutes_submit,
)
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory

pytestmark = pytest.mark.django_db

URL = "/comptes-rendus/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def team(db):
    return UserFactory(role="equipe-projet")


def publish(team, *, title: str, body: str, summary: str = "", days_ago: int = 7):
    start = (timezone.now() - timedelta(days=days_ago)).replace(second=0, microsecond=0)
    meeting = MeetingFactory(
        title=title, start=start, end=start + timedelta(hours=2), status=Meeting.Status.HELD
    )
    minutes = minutes_start(meeting=meeting, by=team)
    minutes = minutes_save(
        minutes=minutes, by=team, base_revision=minutes.revision, summary=summary, body=body
    )
    minutes_submit(minutes=minutes, by=team)
    minutes_publish(minutes=minutes, by=team, notify=False)
    return minutes


def titles(q: str) -> list[str]:
    response = Client().get(URL, {"q": q})
    assert response.status_code == 200
    return [row.minutes.meeting.title for row in response.context["rows"]]


def test_highlighted_escapes_the_text_and_marks_the_terms():
    html = highlighted("<b>x</b> \u0002aliment\u0003 & co")
    assert html == "&lt;b&gt;x&lt;/b&gt; <mark>aliment</mark> &amp; co"
    assert highlighted(None) == ""


def test_the_number_of_results_is_shown(team):
    publish(team, title="Séance mer", body="Les pêcheurs de Douarnenez.")
    publish(team, title="Séance mer bis", body="Douarnenez encore.")
    page = Client().get(URL, {"q": "Douarnenez"}).content.decode()
    assert "2 comptes rendus trouvés" in page


@pytest.mark.postgres
class TestOnPostgres:
    def test_the_vector_is_stored_at_publication(self, team):
        publish(team, title="Séance", body="Alimentation durable.")
        version = MinutesVersion.objects.get()
        assert version.search_vector  # filled once, at publication
        assert "aliment" in version.search_vector

    def test_alimentation_finds_aliment_and_alimentaire(self, team):
        publish(team, title="Séance filière", body="La filière aliment se structure.")
        publish(team, title="Séance industrie", body="Les industries alimentaires recrutent.")
        publish(team, title="Séance culture", body="Festival de Cornouaille.")
        assert set(titles("alimentation")) == {"Séance filière", "Séance industrie"}

    def test_title_outranks_text(self, team):
        publish(team, title="Séance tourisme", body="Bilan de l'année.")
        publish(team, title="Séance bilan", body="Un mot sur le tourisme.", days_ago=2)
        # the newer one would come first without the weights
        assert titles("tourisme") == ["Séance tourisme", "Séance bilan"]

    def test_the_excerpt_highlights_the_terms_and_escapes_the_text(self, team):
        publish(
            team,
            title="Séance",
            body="<script>alert(1)</script> Les producteurs alimentaires de Cornouaille.",
        )
        page = Client().get(URL, {"q": "aliment"}).content.decode()
        assert "<mark>alimentaires</mark>" in page
        assert "<script>alert(1)</script>" not in page
        assert "1 compte rendu trouvé" in page

    def test_the_index_is_used(self, team):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'minutes_minutesversion'"
            )
            definitions = " ".join(row[0] for row in cursor.fetchall())
        assert "USING gin (search_vector)" in definitions


def _count(q: str) -> int:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"q": q}).status_code == 200
    return len(queries)


SEARCH_MAX_QUERIES = 8


def test_search_query_count_does_not_grow(team):
    for index in range(3):
        publish(team, title=f"Séance {index}", body="Le plan d'actions alimentaire.")
    small = _count("plan")
    for index in range(3, 25):
        publish(team, title=f"Séance {index}", body="Le plan d'actions alimentaire.")
    assert small == _count("plan") <= SEARCH_MAX_QUERIES
