"""/copil/ shows the upcoming sessions and the last few; the others are in an archive by
year; visibility is filtered in the query; bounded query counts at two sizes."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.copil.selectors import PAST_SHOWN
from apps.governance.models import Meeting
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def session(days: int, **fields) -> Meeting:
    start = timezone.now() + timedelta(days=days)
    fields.setdefault("status", Meeting.Status.HELD if days < 0 else Meeting.Status.SCHEDULED)
    return MeetingFactory(start=start, end=start + timedelta(hours=2), **fields)


def test_index_shows_the_last_few_and_links_the_years():
    past = [session(-30 * (i + 1), title=f"Séance passée {i}") for i in range(8)]
    session(-800, title="Séance très ancienne")
    session(10, title="Séance à venir")
    page = Client().get("/copil/")
    overview = page.context["overview"]
    assert [m.title for m in overview.upcoming] == ["Séance à venir"]
    assert [m.pk for m in overview.past] == [m.pk for m in past[:PAST_SHOWN]]
    old_year = (timezone.now() - timedelta(days=800)).year
    assert old_year in overview.archive_years
    assert f'href="/copil/archives/{old_year}/"' in page.content.decode()


def test_archive_lists_one_year_and_hides_what_the_visitor_may_not_see():
    year = (timezone.now() - timedelta(days=800)).year
    session(-800, title="Séance publique ancienne")
    session(-801, title="Séance restreinte", visibility=Meeting.Visibility.MEMBERS)
    session(-802, title="Brouillon ancien", status=Meeting.Status.DRAFT)
    page = Client().get(f"/copil/archives/{year}/")
    assert page.status_code == 200
    titles = [m.title for m in page.context["archive"].sessions]
    assert titles == ["Séance publique ancienne"]
    team = Client()
    team.force_login(UserFactory(role="equipe-projet"))
    assert "Séance restreinte" in team.get(f"/copil/archives/{year}/").content.decode()
    assert Client().get("/copil/archives/1990/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "team"])
def test_query_counts_do_not_grow(django_assert_max_num_queries, who):
    client = Client()
    if who == "team":
        client.force_login(UserFactory(role="equipe-projet"))
    year = (timezone.now() - timedelta(days=400)).year

    def measure():
        with django_assert_max_num_queries(12):
            assert client.get("/copil/").status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(f"/copil/archives/{year}/").status_code == 200

    for index in range(3):
        session(-400 - index)
    measure()
    for index in range(3, 40):
        session(-400 - index)
        session(-10 * index)
    measure()
