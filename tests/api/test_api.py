"""The open-data API: only what is public, no person anywhere, paginated, filtered, ETag,
throttled, constant queries; its schema and documentation; /donnees-ouvertes/."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.governance.models import Body, Meeting
from apps.minutes.models import Minutes
from apps.strategy.models import PriorityAction
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, register
from tests.minutes.factories import held_meeting, minutes_in
from tests.strategy.factories import ContributionFactory, PriorityActionFactory

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = [
    "/api/v1/reunions/", "/api/v1/instances/", "/api/v1/comptes-rendus/", "/api/v1/objectifs/",
    "/api/v1/defis/", "/api/v1/actions/", "/api/v1/participation/",
]  # fmt: skip

# Field names that would hold a person (or their account) — none may appear, anywhere.
PERSONAL = {
    "email", "first_name", "last_name", "user", "users", "author", "owner", "created_by",
    "published_by", "captured_by", "members", "memberships", "participants", "participations",
    "password", "phone", "calendar_token", "proxy", "proxy_name", "guests", "territory",
    "organisation", "actor_category", "name_from_profile", "walk_in", "comment", "online_url",
}  # fmt: skip


@pytest.fixture
def world(project_lead):
    """Public and non-public things side by side."""
    secret_person = UserFactory(
        first_name="Secretine", last_name="Personnelle", email="secret@example.org"
    )
    public = held_meeting(title="COPIL public")
    register(public, secret_person, attended=True)
    MeetingFactory(title="Brouillon caché", status=Meeting.Status.DRAFT, slug="brouillon-cache")
    MeetingFactory(
        title="Séance réservée", visibility=Meeting.Visibility.MEMBERS, slug="seance-reservee"
    )
    minutes_in("published", by=project_lead, meeting=public, summary="Résumé public")
    minutes_in(
        "published", by=project_lead, meeting=held_meeting(days_ago=20, title="Autre"),
        summary="Résumé réservé", visibility=Minutes.Visibility.MEMBERS,
    )  # fmt: skip
    minutes_in(
        "draft", by=project_lead, meeting=held_meeting(days_ago=30), summary="Résumé brouillon"
    )
    contribution = ContributionFactory(author=secret_person, text="Idée de Secretine")
    PriorityActionFactory(title="Label mer", contributions=[contribution])
    return secret_person


SECRETS = (
    "Secretine", "Personnelle", "secret@example.org", "Brouillon caché", "Séance réservée",
    "Résumé réservé", "Résumé brouillon", "Idée de",
)  # fmt: skip


def walk(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield path + "." + key, key, item
            yield from walk(item, path + "." + key)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, path + "[]")


def test_no_personal_field_in_the_schema(client):
    schema = client.get("/api/v1/schema/").json()
    components = schema["components"]["schemas"]
    for name, component in components.items():
        for field in component.get("properties", {}):
            assert field not in PERSONAL, f"{name}.{field}"
    assert {path for path in schema["paths"] if "{" not in path} == set(LIST_ENDPOINTS)
    assert all(set(methods) <= {"get", "parameters"} for methods in schema["paths"].values())


def test_no_personal_data_and_nothing_hidden_in_any_endpoint(client, world):
    for url in LIST_ENDPOINTS:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, (url, secret)
        for _path, key, _value in walk(response.json()):
            assert key not in PERSONAL, (url, key)
    meetings = client.get("/api/v1/reunions/").json()["results"]
    assert "COPIL public" in [m["title"] for m in meetings]
    assert client.get("/api/v1/reunions/brouillon-cache/").status_code == 404
    assert client.get("/api/v1/reunions/seance-reservee/").status_code == 404
    minutes = client.get("/api/v1/comptes-rendus/").json()["results"]
    assert [m["summary"] for m in minutes] == ["Résumé public"]
    action = client.get("/api/v1/actions/").json()["results"][0]
    assert action["contributions_count"] == 1 and action["origin_meetings_count"] == 1


def test_filters_and_pagination(client, world):
    today = timezone.localdate()
    response = client.get("/api/v1/reunions/", {"from": (today + timedelta(days=1)).isoformat()})
    assert "COPIL public" not in [m["title"] for m in response.json()["results"]]
    response = client.get("/api/v1/reunions/", {"to": today.isoformat(), "kind": "copil"})
    titles = [m["title"] for m in response.json()["results"]]
    assert titles[-2:] == ["Autre", "COPIL public"]  # by date
    assert client.get("/api/v1/reunions/", {"body": "copil"}).json()["count"] == 3
    assert client.get("/api/v1/reunions/", {"body": "comite-technique"}).json()["count"] == 0
    bad = client.get("/api/v1/reunions/", {"from": "hier"})
    assert bad.status_code == 400 and "AAAA-MM-JJ" in bad.content.decode()
    assert client.get("/api/v1/actions/", {"status": "done"}).json()["count"] == 0
    assert client.get("/api/v1/actions/", {"status": "in_progress"}).json()["count"] == 1
    assert client.get("/api/v1/participation/", {"year": "deux"}).status_code == 400
    paged = client.get("/api/v1/objectifs/", {"page_size": 2}).json()
    assert len(paged["results"]) == 2 and paged["next"]
    assert client.get("/api/v1/objectifs/", {"page": 99}).status_code == 404
    assert (
        client.get("/api/v1/instances/").json()["count"]
        == Body.objects.exclude(kind=Body.Kind.PROJECT_TEAM).count()
    )


def test_participation_is_counts_only(client, world):
    figures = client.get("/api/v1/participation/").json()["results"]
    assert figures and all(
        set(row)
        == {"year", "kind", "meetings", "registrations", "attendances", "unique_participants"}
        for row in figures
    )


def test_etag_and_conditional_get(client, world):
    first = client.get("/api/v1/actions/")
    etag = first["ETag"]
    assert etag and "max-age" in first["Cache-Control"]
    assert client.get("/api/v1/actions/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    PriorityAction.objects.update(status=PriorityAction.Status.DONE)
    assert client.get("/api/v1/actions/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_throttled(client, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    AnonRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"}
    try:
        cache.clear()
        codes = [client.get("/api/v1/objectifs/").status_code for _ in range(4)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [200, 200, 200, 429]


def test_read_only(client):
    for url in LIST_ENDPOINTS:
        assert client.post(url, {}).status_code in (403, 405)
        assert client.delete(url).status_code in (403, 405)


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_constant_queries_per_page(client, project_lead, url, django_assert_max_num_queries):
    for n in range(12):
        meeting = held_meeting(days_ago=40 + n, slug=f"seance-{n}", title=f"Séance {n}")
        register(meeting, attended=True)
        minutes_in("published", by=project_lead, meeting=meeting)
        PriorityActionFactory(contributions=[ContributionFactory()])
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200


def test_docs_page_and_open_data_page(client, world):
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert (
        "/api/v1/reunions/" in html
        and "<script" not in html.split("</footer>")[0].split("<main")[1]
    )
    page = client.get("/donnees-ouvertes/").content.decode()
    for link in ("/api/v1/docs/", "/api/v1/schema/", "/calendrier.ics",
                 "/donnees-ouvertes/reunions.csv", "Licence Ouverte"):  # fmt: skip
        assert link in page
    home = client.get("/").content.decode()
    assert reverse("api:open_data") in home  # the footer links it


@pytest.mark.parametrize("name", ["reunions", "actions", "participation"])
def test_open_data_csv(client, world, name):
    response = client.get(f"/donnees-ouvertes/{name}.csv")
    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeff")
    for secret in ("Secretine", "secret@example.org", "Brouillon caché", "Séance réservée"):
        assert secret not in content
    assert client.get("/donnees-ouvertes/personnes.csv").status_code == 404


def test_schema_is_valid_json_openapi(client):
    schema = json.loads(client.get(reverse("api:schema")).content)
    assert schema["openapi"].startswith("3.")


def test_participation_figures_are_cached_and_follow_a_check_in(client, world):
    """Cached per filter; a participation saved (a check-in) changes the figures at once."""
    meeting = Meeting.objects.get(title="COPIL public")
    year = timezone.localtime(meeting.start).year

    def attended():
        rows = client.get("/api/v1/participation/", {"year": year}).json()["results"]
        return sum(row["attendances"] for row in rows)

    before = attended()
    assert attended() == before  # served from the cache
    register(meeting, UserFactory(), attended=True)
    assert attended() == before + 1
    assert client.get("/api/v1/participation/", {"year": "99999999"}).status_code == 400


def test_participation_figures_follow_a_bulk_attendance_correction(client, world):
    """The attendance sheet is saved in bulk (no signal): the participations' last change is
    in the cache key."""
    from apps.governance.models import Participation

    meeting = Meeting.objects.get(title="COPIL public")
    year = timezone.localtime(meeting.start).year

    def attended():
        rows = client.get("/api/v1/participation/", {"year": year}).json()["results"]
        return sum(row["attendances"] for row in rows)

    row = register(meeting, UserFactory(), attended=False)
    before = attended()
    Participation.objects.filter(pk=row.pk).update(attended=True, updated_at=timezone.now())
    assert attended() == before + 1
