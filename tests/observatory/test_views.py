"""The observatory's pages walked through the roles, its CSV files, and its constant query
count (the same dataset at 1× and with many more people, meetings and organisations)."""

import pytest
from django.urls import reverse

from apps.core.csvsafe import BOM, as_text, csv_text
from apps.governance.models import Body, Membership
from apps.stakeholders.models import Organisation
from tests.accounts.factories import UserFactory
from tests.observatory.helpers import attend, dataset, workshop

pytestmark = pytest.mark.django_db

INDEX = "/observatoire/"
PAGES = [INDEX, "/observatoire/?annee=tout", "/observatoire/csv/grille.csv"]
TEAM_PAGES = ["/observatoire/mix-attendus/", "/observatoire/mix-attendus/gt-test/"]


@pytest.fixture
def data():
    return dataset()


def _people():
    tc_member = UserFactory()
    Membership.objects.create(
        body=Body.objects.get(slug="comite-technique"), user=tc_member, role="member"
    )
    copil_elected = UserFactory()
    Membership.objects.create(
        body=Body.objects.get(slug="copil"), user=copil_elected, role="elected_official"
    )
    copil_partner = UserFactory()
    Membership.objects.create(
        body=Body.objects.get(slug="copil"), user=copil_partner, role="partner"
    )
    return {
        "stakeholder": (UserFactory(), False, False),
        "facilitator": (UserFactory(role="facilitateur"), False, False),
        "copil partner": (copil_partner, False, False),
        "elected official (role)": (UserFactory(role="elu"), True, False),
        "elected official (COPIL)": (copil_elected, True, False),
        "technical committee (role)": (UserFactory(role="comite-technique"), True, False),
        "technical committee (member)": (tc_member, True, False),
        "project team": (UserFactory(role="equipe-projet"), True, True),
    }


def test_anonymous_is_sent_to_login(client, data):
    for path in PAGES + TEAM_PAGES + [f"/observatoire/inviter/{data.m2.slug}/"]:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path


def test_roles_matrix(client, data):
    for label, (person, reads, manages) in _people().items():
        client.force_login(person)
        for path in PAGES:
            assert client.get(path).status_code == (200 if reads else 403), (label, path)
        for path in TEAM_PAGES:
            assert client.get(path).status_code == (200 if manages else 403), (label, path)


def test_no_personal_data_for_readers(client, data):
    client.force_login(UserFactory(role="elu"))
    page = client.get(INDEX, {"annee": data.year}).content.decode()
    for person in (data.alice, data.bob, data.carol, data.dan):
        assert person.email not in page and person.last_name not in page
    assert "Conserverie de l&#x27;Odet" in page  # organisations, not people
    assert "Mix attendus" not in page  # no management link
    csv = client.get("/observatoire/csv/organisations.csv?annee=tout").content.decode()
    assert data.alice.email not in csv


def test_page_shows_the_figures_and_their_definitions(client, data):
    client.force_login(UserFactory(role="equipe-projet"))
    response = client.get(INDEX, {"annee": data.year})
    html = response.content.decode()
    assert 'id="chiffre-participants">3<' in html
    assert "Personnes présentes à au moins une réunion" in html
    assert html.count('role="img"') >= 7
    assert "<title id=" in html and "<desc id=" in html
    assert "Produire le bilan PDF" in html  # the reports box plugged through the registry


def test_unknown_period_and_table(client, data):
    client.force_login(UserFactory(role="equipe-projet"))
    assert client.get(INDEX, {"annee": "1789"}).status_code == 200  # back to the current year
    assert client.get(INDEX, {"annee": "<script>", "page": "x"}).status_code == 200
    assert client.get("/observatoire/csv/inconnu.csv").status_code == 404


def test_csv_files_bom_and_formula_injection(client, data):
    Organisation.objects.filter(pk=data.org_a.pk).update(name='=HYPERLINK("http://x")')
    client.force_login(UserFactory(role="equipe-projet"))
    for table in ("indicateurs", "epci", "categories", "filieres", "objectifs", "annees",
                  "grille", "mois", "fidelisation", "entonnoir", "organisations"):  # fmt: skip
        response = client.get(f"/observatoire/csv/{table}.csv", {"annee": data.year})
        assert response.status_code == 200, table
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode("utf-8")
        assert text.startswith(BOM), table
    text = client.get("/observatoire/csv/organisations.csv", {"annee": data.year}).content.decode()
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6", "'+33 6"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Quimper", "Quimper"),
        (-2, "-2"),
        (None, ""),
        (True, "oui"),
    ],
)
def test_safe_cell(value, expected):
    assert as_text(value) == expected


def test_csv_text_neutralises_the_header_too():
    assert csv_text(["=x"], [["a"]]).startswith(BOM + "'=x\r\n")


def _grow(data, n: int):
    """Many more people, organisations and meetings in the focus year."""
    for index in range(n):
        organisation = Organisation.objects.create(name=f"Organisation {index}")
        meeting = workshop(data.m2.start.replace(month=4 + index % 8), body=data.group)
        for _person in range(3):
            attend(meeting, UserFactory(organisation=organisation, territory=data.haut))


def test_query_count_is_constant(client, data, django_assert_max_num_queries):
    client.force_login(UserFactory(role="equipe-projet"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(INDEX, {"annee": data.year}).status_code == 200
    _grow(data, 25)
    with django_assert_max_num_queries(len(small)):
        response = client.get(INDEX, {"annee": data.year})
    assert response.status_code == 200
    assert 'id="chiffre-participants">78<' in response.content.decode()  # 3 + 25 × 3
    with django_assert_max_num_queries(len(small)):
        assert client.get(INDEX, {"annee": data.year, "page": 2}).status_code == 200
    assert len(small) <= 30


def test_organisations_are_paginated(client, data):
    _grow(data, 25)
    client.force_login(UserFactory(role="equipe-projet"))
    html = client.get(INDEX, {"annee": data.year}).content.decode()
    assert "Page 1 sur 2" in html
    assert html.count("Organisation 1") <= 12  # one page of 20 rows, not all 27


def test_index_url_name():
    assert reverse("observatory:index") == INDEX


def test_profile_links_to_the_observatory_for_its_readers(client):
    client.force_login(UserFactory(role="elu"))
    assert "Ouvrir l'observatoire" in client.get("/profil/").content.decode()
    client.force_login(UserFactory())
    assert "Ouvrir l'observatoire" not in client.get("/profil/").content.decode()
