"""The observatory's figures are cached (apps/observatory/caching.py) and never stale: a save
the signals see, a bulk write they do not see, a meeting that starts, all change the key."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.governance.models import Participation
from apps.observatory import caching
from tests.accounts.factories import UserFactory
from tests.observatory.helpers import attend, dataset, workshop

pytestmark = pytest.mark.django_db

INDEX = "/observatoire/"


@pytest.fixture
def data():
    return dataset()


@pytest.fixture
def team(client):
    client.force_login(UserFactory(role="equipe-projet"))
    return client


def _main(content: bytes) -> str:
    """The page's main content, less what differs on each request: the forms' CSRF tokens and
    the numbers that keep the charts' ids unique."""
    html = content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"\b([td]-[a-z]+)-\d+\b", r"\1", html)


def _participants(client, year) -> str:
    html = client.get(INDEX, {"annee": year}).content.decode()
    start = html.index('id="chiffre-participants">') + len('id="chiffre-participants">')
    return html[start : html.index("<", start)]


def test_a_warm_page_reads_the_cache_not_the_history(team, data):
    with CaptureQueriesContext(connection) as cold:
        first = team.get(INDEX, {"annee": data.year}).content
    with CaptureQueriesContext(connection) as warm:
        second = team.get(INDEX, {"annee": data.year}).content
    assert _main(second) == _main(first)
    # Sessions, the user, permissions, the fingerprint, the PDF box: the aggregates are gone.
    assert len(warm) <= len(cold) - 12, [q["sql"][:80] for q in warm]


def test_an_attendance_saved_shows_at_once(team, data):
    assert _participants(team, data.year) == "3"
    attend(data.m2, UserFactory(territory=data.haut))
    assert _participants(team, data.year) == "4"


def test_a_bulk_write_the_signals_miss_still_shows(team, data):
    assert _participants(team, data.year) == "3"
    # A bulk update sends no signal: the participations' last change is in the fingerprint.
    Participation.objects.filter(meeting=data.m2, user=data.dan).update(
        attended=True, updated_at=timezone.now()
    )
    assert _participants(team, data.year) == "4"
    # A bulk insert: their number and last id are.
    Participation.objects.bulk_create(
        [Participation(meeting=data.m3, user=UserFactory(), status="registered", attended=True)]
    )
    assert _participants(team, data.year) == "5"


def test_a_meeting_that_starts_changes_the_fingerprint(data, monkeypatch):
    upcoming = workshop(timezone.now() + timedelta(hours=2), body=data.group, status="scheduled")
    before = caching.fingerprint()
    later = upcoming.start + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert caching.fingerprint() != before


def test_a_sign_in_keeps_the_cache_a_profile_change_does_not(data):
    generation = caching.generation.current()
    data.alice.last_login = timezone.now()
    data.alice.save(update_fields=["last_login"])
    assert caching.generation.current() == generation
    data.alice.territory = data.quimper
    data.alice.save(update_fields=["territory"])
    assert caching.generation.current() > generation


def test_tagging_a_contribution_bumps_the_generation(data):
    generation = caching.generation.current()
    data.contribution.objectives.add(data.action.objective)
    assert caching.generation.current() > generation


def test_the_cache_is_per_language(team, data, settings):
    """The labels are translated before they are cached: each language has its own copy."""
    assert "Toute la démarche" in team.get(INDEX, {"annee": "tout"}).content.decode()
    team.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = team.get(INDEX, {"annee": "tout"}).content.decode()
    assert "The whole initiative" in english
    assert "Toute la démarche" not in english


def test_attendance_recorded_after_a_meeting_shows_at_once(team, data):
    """The attendance form writes in bulk (no signal): the fingerprint sees the change."""
    from apps.governance.services.meetings import attendance_record

    session = workshop(data.m3.start.replace(day=25), body=data.group)
    for person in (data.alice, data.eve):
        attend(session, person, attended=False, status=Participation.Status.INVITED)
    assert _participants(team, data.year) == "3"
    attendance_record(meeting=session, present_user_ids=[data.eve.pk], by=data.alice)
    assert _participants(team, data.year) == "4"
