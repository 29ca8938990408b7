"""The service offer, the offer / expectations matrix and a priority action from a gap."""

import html

import pytest
from django.urls import reverse

from apps.marketing.models import GapAction, ServiceOffer
from apps.marketing.selectors import offer_expectation_matrix
from apps.strategy.models import Contribution, Filiere, Objective, PriorityAction, TargetPublic
from tests.accounts.factories import UserFactory
from tests.strategy.factories import ContributionFactory
from tests.surveys.factories import demo_survey

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "stakeholder", "facilitateur", "elu", "comite-technique", "equipe-projet"]


def text(response) -> str:
    return html.unescape(response.content.decode())


def _login(client, role):
    if role != "anonymous":
        client.force_login(UserFactory(role=None if role == "stakeholder" else role))


def offer(name, *, publics=(), filieres=(), territories=(), **kw):
    from django.utils.text import slugify

    item = ServiceOffer.objects.create(name=name, slug=slugify(name), **kw)
    item.target_publics.set(publics)
    item.filieres.set(filieres)
    item.territories.set(territories)
    return item


@pytest.fixture
def data():
    jeunes = TargetPublic.objects.get(slug="jeunes-et-etudiants")
    touristes = TargetPublic.objects.get(slug="touristes-et-visiteurs")
    mer = Filiere.objects.get(slug="mer")
    tourisme = Filiere.objects.get(slug="tourisme")
    offer("Centre nautique", publics=[touristes], filieres=[mer, tourisme])
    offer("Office de tourisme", publics=[touristes], filieres=[tourisme])
    offer("Brouillon caché", publics=[jeunes], filieres=[mer], is_published=False)
    need = ContributionFactory(type=Contribution.Type.NEED, text="Des stages dans la mer")
    need.target_publics.set([jeunes])
    need.filieres.set([mer])
    survey = demo_survey(answers=200)
    return {"jeunes": jeunes, "touristes": touristes, "mer": mer, "need": need, "survey": survey}


def _cell(matrix, public, column_slug):
    row = next(r for r in matrix["rows"] if r["public"] == public)
    return next(c for c in row["cells"] if c["column_slug"] == column_slug)


def test_matrix_sets_expectations_against_offers(data):
    matrix = offer_expectation_matrix(private_surveys=True)
    jeunes_mer = _cell(matrix, data["jeunes"], "mer")
    assert jeunes_mer["needs"] == 1
    assert jeunes_mer["offers"] == 0  # the unpublished offer does not count
    assert jeunes_mer["survey"] > 0
    assert jeunes_mer["level"] >= 1  # expectation with no offer: a gap
    touristes_tourisme = _cell(matrix, data["touristes"], "tourisme")
    assert touristes_tourisme["offers"] == 2


def test_offer_list_filters_and_paginates(client, data):
    url = reverse("marketing:offers")
    body = text(client.get(url, {"public": "touristes-et-visiteurs", "filiere": "mer"}))
    assert "Centre nautique" in body and "Office de tourisme" not in body
    assert "Brouillon caché" not in text(client.get(url))
    assert client.get(url, {"public": "inconnu", "page": "abc"}).status_code == 200


@pytest.mark.postgres
@pytest.mark.parametrize("answers", [20, 400])
def test_matrix_and_cell_query_counts_are_constant(client, answers, django_assert_max_num_queries):
    demo_survey(answers=answers, slug=f"s{answers}")
    client.force_login(UserFactory(role="equipe-projet"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("marketing:matrix")).status_code == 200
    with django_assert_max_num_queries(24):
        url = reverse("marketing:cell", args=["jeunes-et-etudiants", "mer"])
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(client, data, role):
    _login(client, role)
    assert client.get(reverse("marketing:offers")).status_code == 200
    assert client.get(reverse("marketing:matrix")).status_code == 200
    cell = client.get(reverse("marketing:cell", args=["jeunes-et-etudiants", "mer"]))
    assert cell.status_code == 200
    assert ("Créer une action prioritaire" in text(cell)) == (role == "equipe-projet")
    assert client.get(reverse("marketing:cell", args=["inconnu", "mer"])).status_code == 404
    assert client.get(reverse("marketing:cell", args=["habitants", "nope"])).status_code == 404


@pytest.mark.parametrize("role", ROLES[:-1])
def test_only_the_team_creates_an_action_from_a_gap(client, data, role):
    _login(client, role)
    response = client.post(
        reverse("marketing:cell", args=["jeunes-et-etudiants", "mer"]),
        {"title": "Stages", "objective": Objective.objects.first().pk},
    )
    assert response.status_code in (302, 403)
    assert not PriorityAction.objects.exists()


def test_team_creates_an_action_prefilled_with_evidence(client, data):
    client.force_login(UserFactory(role="equipe-projet"))
    url = reverse("marketing:cell", args=["jeunes-et-etudiants", "mer"])
    page = text(client.get(url))
    assert "Répondre aux attentes des jeunes et étudiants — Mer" in page
    assert "Des stages dans la mer" in page
    # Missing objective: refused, nothing stored.
    refused = client.post(url, {"title": "Stages mer", "contributions": [data["need"].pk]})
    assert refused.status_code == 400
    assert not PriorityAction.objects.exists()
    response = client.post(
        url,
        {
            "title": "Stages d'été dans la mer",
            "description": "Écart relevé.",
            "objective": Objective.objects.first().pk,
            "contributions": [data["need"].pk],
        },
    )
    action = PriorityAction.objects.get()
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert list(action.contributions.all()) == [data["need"]]
    assert list(action.target_publics.all()) == [data["jeunes"]]
    assert action.filiere == data["mer"]
    gap = GapAction.objects.get(action=action)
    assert gap.evidence["needs"] == [data["need"].pk] and gap.evidence["respondents"] > 0


def test_strategy_pages_still_answer(client):
    assert client.get(reverse("strategy:overview")).status_code == 200
    assert client.get("/strategie/actions/").status_code == 200


def test_contribution_form_ties_publics(client):
    from apps.governance.models import Participation
    from tests.governance.factories import register
    from tests.workshops.factories import WorkshopFactory

    workshop = WorkshopFactory()
    person = UserFactory()
    register(workshop.meeting, person)
    client.force_login(person)
    jeunes = TargetPublic.objects.get(slug="jeunes-et-etudiants")
    response = client.post(
        reverse("strategy:contribution_add", kwargs={"slug": workshop.meeting.slug}),
        {
            "type": "need",
            "text": "Des logements pour les apprentis",
            "filieres": [Filiere.objects.first().pk],
            "target_publics": [jeunes.pk],
        },
    )
    assert response.status_code == 302
    assert list(Contribution.objects.get().target_publics.all()) == [jeunes]
    assert Participation.objects.filter(user=person).exists()


def test_strategy_overview_links_to_the_offer_and_the_matrix(client):
    body = text(client.get(reverse("strategy:overview")))
    assert reverse("marketing:offers") in body and reverse("marketing:matrix") in body
    assert reverse("surveys:list") in body


def test_action_page_lists_its_publics(client):
    from tests.strategy.factories import PriorityActionFactory

    action = PriorityActionFactory()
    action.target_publics.set([TargetPublic.objects.get(slug="habitants")])
    body = text(client.get(action.get_absolute_url()))
    assert "Publics cibles" in body and "Habitants de Cornouaille" in body


def test_the_public_matrix_counts_only_surveys_with_public_results(data):
    from apps.surveys.models import Survey

    private = offer_expectation_matrix(private_surveys=False)
    assert _cell(private, data["jeunes"], "mer")["survey"] == 0
    assert _cell(private, data["jeunes"], "mer")["needs"] == 1  # workshop speech is public
    Survey.objects.filter(pk=data["survey"].pk).update(results_public=True)
    public = offer_expectation_matrix(private_surveys=False)
    assert _cell(public, data["jeunes"], "mer")["survey"] > 0
