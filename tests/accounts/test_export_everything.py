"""The RGPD export holds everything about the person, from every app (participations and
answers, memberships, contributions, supports, join requests, minutes drafted, review comments),
as JSON and as a readable page, in a constant number of queries."""

import json

import pytest
from django.urls import reverse

from apps.governance.models import Body, Participation
from apps.minutes.services import minutes_comment
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, MembershipFactory, ParticipationFactory
from tests.minutes.factories import minutes_in
from tests.strategy.factories import ContributionFactory, SupportFactory

pytestmark = pytest.mark.django_db

SECTIONS = {
    "participations",
    "memberships",
    "contributions",
    "supports",
    "join_requests",
    "minutes_drafted",
    "minutes_comments",
}


def _history(person, *, size: int, marker: str) -> None:
    for n in range(size):
        ParticipationFactory(
            user=person,
            meeting=MeetingFactory(title=f"{marker} séance {n}"),
            status=Participation.Status.EXCUSED,
            comment=f"{marker} excusé {n}",
        )
        ContributionFactory(author=person, text=f"{marker} idée {n}")
        SupportFactory(user=person, contribution=ContributionFactory(text=f"{marker} soutenue {n}"))
    MembershipFactory(
        user=person,
        title=f"{marker} vice-président",
        body=Body.objects.create(kind=Body.Kind.WORKING_GROUP, name=marker, slug=marker.lower()),
    )
    minutes = minutes_in("in_review", by=person, meeting=MeetingFactory(title=f"{marker} CR"))
    minutes_comment(minutes=minutes, by=person, text=f"{marker} relu")


@pytest.fixture
def person_client(client):
    person = UserFactory(first_name="Katell")
    client.force_login(person)
    return person, client


def test_json_export_has_every_section(person_client):
    person, client = person_client
    _history(person, size=2, marker="Mien")
    _history(UserFactory(), size=1, marker="Autrui")

    data = json.loads(client.get(reverse("accounts:export")).content)

    assert set(data) >= SECTIONS
    assert [p["comment"] for p in data["participations"]][:2] == ["Mien excusé 0", "Mien excusé 1"]
    assert data["participations"][0]["status"] == "Excusé·e"
    assert data["memberships"][0]["title"] == "Mien vice-président"
    assert {c["text"] for c in data["contributions"]} == {"Mien idée 0", "Mien idée 1"}
    assert {s["contribution"] for s in data["supports"]} == {"Mien soutenue 0", "Mien soutenue 1"}
    assert data["minutes_drafted"][0]["meeting"] == "Mien CR"
    assert data["minutes_drafted"][0]["revisions"] >= 1
    assert data["minutes_comments"][0]["text"] == "Mien relu"
    assert "Autrui" not in json.dumps(data, ensure_ascii=False)


def test_readable_page_shows_the_same(person_client):
    person, client = person_client
    _history(person, size=1, marker="Mien")
    page = client.get(reverse("accounts:my_data"))
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        "Katell",
        "Mien excusé 0",
        "Excusé·e",
        "Mien vice-président",
        "Mien idée 0",
        "Mien soutenue 0",
        "Mien CR",
        "Mien relu",
        "Participations aux réunions",
        "Comptes rendus que vous avez rédigés",
    ):
        assert expected in text
    assert reverse("accounts:my_data") in client.get(reverse("accounts:profile")).content.decode()


def test_readable_page_requires_login(client):
    response = client.get(reverse("accounts:my_data"))
    assert response.status_code == 302


@pytest.mark.parametrize("url_name", ["accounts:export", "accounts:my_data"])
def test_export_runs_a_constant_number_of_queries(
    person_client, django_assert_max_num_queries, url_name
):
    person, client = person_client
    _history(person, size=2, marker="Petit")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _history(person, size=12, marker="Grand")
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse(url_name)).status_code == 200
