"""The organisation field no longer embeds every organisation: a bounded suggestions
endpoint fills its <datalist> (progressive enhancement; the form works without it)."""

import pytest
from django.test import Client

from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/acteurs/organisations/suggestions/"


def results(q: str) -> list[str]:
    response = Client().get(URL, {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_suggestions_are_bounded_and_put_prefix_matches_first():
    OrganisationFactory(name="Atelier de la conserverie")
    OrganisationFactory(name="Conserverie de Douarnenez")
    for index in range(15):
        OrganisationFactory(name=f"Conserverie test {index:02d}")
    found = results("conserv")
    assert len(found) == 10
    assert found[0] == "Conserverie de Douarnenez"
    assert "Atelier de la conserverie" not in found  # prefix matches fill the ten first
    assert results("c") == []  # two characters at least
    assert results("") == []
    assert results("<script>") == []


def test_signup_page_embeds_no_organisation(django_assert_max_num_queries):
    for index in range(30):
        OrganisationFactory(name=f"Organisation {index}")
    page = Client().get("/accounts/signup/").content.decode()
    assert "Organisation 1" not in page
    assert 'data-suggest-url="/acteurs/organisations/suggestions/"' in page
    assert 'list="id_organisation_name-options"' in page or "-options" in page
    assert "accounts/suggest" in page


def test_query_count_is_constant(django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        results("org")
