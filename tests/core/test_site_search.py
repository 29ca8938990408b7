"""Site-wide search (/recherche/): every app's provider, within what the person searching may
see — drafts, hidden contributions, members-only meetings and minutes never leak."""

import pytest
from django.urls import reverse

from apps.core import search
from apps.core.templatetags.typography import french_spacing
from apps.governance.models import Meeting
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, MembershipFactory, ParticipationFactory
from tests.minutes.factories import minutes_in
from tests.stakeholders.factories import OrganisationFactory
from tests.strategy.factories import ContributionFactory, PriorityActionFactory
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db
WORD = "goémon"


@pytest.fixture
def corpus(project_lead):
    """One row of each kind, visible or not, all matching WORD."""
    public_workshop = WorkshopFactory(meeting__title=f"Atelier {WORD} et algues").meeting
    members_only = MeetingFactory(
        title=f"COPIL restreint {WORD}", visibility=Meeting.Visibility.MEMBERS
    )
    draft = MeetingFactory(title=f"Séance brouillon {WORD}", status=Meeting.Status.DRAFT)
    ContributionFactory(meeting=public_workshop, text=f"Valoriser le {WORD} de Plouguerneau")
    ContributionFactory(
        meeting=public_workshop, text=f"Propos masqué sur le {WORD}", is_hidden=True
    )
    hidden_workshop = WorkshopFactory(
        meeting__title="Atelier brouillon", meeting__status=Meeting.Status.DRAFT
    ).meeting
    ContributionFactory(meeting=hidden_workshop, text=f"Contribution d'un brouillon {WORD}")
    PriorityActionFactory(title=f"Filière {WORD} : une marque collective")
    OrganisationFactory(name=f"Coopérative du {WORD}", listed_in_directory=True)
    OrganisationFactory(name=f"Société discrète du {WORD}", listed_in_directory=False)
    minutes_in("published", by=project_lead, body=f"Le COPIL soutient la filière {WORD}.")
    minutes_in(
        "published",
        by=project_lead,
        body=f"Arbitrage confidentiel sur le {WORD}.",
        visibility="members",
    )
    minutes_in("draft", by=project_lead, body=f"Brouillon sur le {WORD}.")
    return {"members_only": members_only, "draft": draft}


def _titles(user, q=WORD):
    return {kind: [result.title for result in results] for kind, results in search.search(q, user)}


def _flat(found):
    return " | ".join(title for titles in found.values() for title in titles)


def test_anonymous_sees_public_rows_only(corpus):
    from django.contrib.auth.models import AnonymousUser

    found = _titles(AnonymousUser())
    flat = _flat(found)
    assert set(found) == {
        "Réunions",
        "Comptes rendus",
        "Actions prioritaires",
        "Contributions",
        "Organisations",
    }
    assert "Atelier goémon et algues" in flat
    assert "Valoriser le goémon" in flat
    assert "Filière goémon" in flat and "Coopérative du goémon" in flat
    assert len(found["Comptes rendus"]) == 1
    for secret in ("COPIL restreint", "brouillon", "masqué", "Société discrète"):
        assert secret not in flat


def test_a_member_finds_the_members_only_rows(corpus):
    member = UserFactory()
    MembershipFactory(user=member)  # the COPIL
    flat_found = _titles(member)
    assert "COPIL restreint goémon" in _flat(flat_found)
    assert len(flat_found["Comptes rendus"]) == 2
    assert "Séance brouillon" not in _flat(flat_found)
    assert "masqué" not in _flat(flat_found)


def test_someone_convoked_finds_the_meeting(corpus):
    guest = UserFactory()
    ParticipationFactory(meeting=corpus["members_only"], user=guest)
    assert "COPIL restreint goémon" in _flat(_titles(guest))


def test_the_project_team_sees_drafts_and_hidden_contributions(corpus, project_lead):
    flat = _flat(_titles(project_lead))
    assert "Séance brouillon goémon" in flat and "COPIL restreint" in flat
    assert "Propos masqué" in flat
    # Unpublished minutes are not "found" (the reading room lists published versions).
    assert "Brouillon sur le" not in flat


def test_the_page_groups_results_and_links_them(client, corpus):
    response = client.get(reverse("search"), {"q": WORD})
    page = response.content.decode()
    assert response.status_code == 200
    assert french_spacing("résultats pour « goémon »") in page
    for heading in ("Réunions", "Comptes rendus", "Actions prioritaires", "Contributions"):
        assert heading in page
    workshop = Meeting.objects.get(title__startswith="Atelier goémon")
    assert workshop.get_absolute_url() in page
    assert "COPIL restreint" not in page


@pytest.mark.parametrize(
    "q", ["", "a", "   ", "\x00", "x" * 500, "' OR 1=1 --", '"goémon" -algues']
)
def test_odd_queries_never_fail(client, corpus, q):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200


def test_a_one_letter_query_asks_for_more(client):
    page = client.get(reverse("search"), {"q": "a"}).content.decode()
    assert "Saisissez au moins 2 caractères." in page


def test_no_result_says_so(client, db):
    page = client.get(reverse("search"), {"q": "zzqxw"}).content.decode()
    assert french_spacing("Aucun résultat pour « zzqxw »") in page


def test_results_are_bounded_per_kind(project_lead):
    for n in range(search.DEFAULT_LIMIT + 5):
        PriorityActionFactory(title=f"Action {WORD} {n}")
    found = _titles(project_lead)
    assert len(found["Actions prioritaires"]) == search.DEFAULT_LIMIT


def test_constant_queries_whatever_the_data(client, project_lead, django_assert_max_num_queries):
    def add(first, last):
        for i in range(first, last):
            workshop = WorkshopFactory(meeting__title=f"Atelier {WORD} {i}").meeting
            ContributionFactory(meeting=workshop, text=f"Idée {WORD} {i}")
            PriorityActionFactory(title=f"Action {WORD} {i}")
            OrganisationFactory(name=f"Asso {WORD} {i}", listed_in_directory=True)
            minutes_in("published", by=project_lead, body=f"Compte rendu {WORD} {i}")

    add(0, 1)
    client.force_login(project_lead)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("search"), {"q": WORD})
    add(1, 7)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("search"), {"q": WORD})


def test_the_header_has_a_search_box_on_every_page(client, db):
    page = client.get(reverse("home")).content.decode()
    assert 'role="search"' in page and f'action="{reverse("search")}"' in page
    assert '<label for="recherche-site"' in page
