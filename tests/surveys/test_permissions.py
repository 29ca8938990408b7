"""Who may open which survey page: a matrix of roles × pages (deny by default)."""

import pytest
from django.urls import reverse

from apps.surveys.models import Survey
from tests.accounts.factories import UserFactory
from tests.surveys.factories import make_survey

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "stakeholder", "facilitateur", "elu", "comite-technique", "equipe-projet"]
LOGIN = 302

# page -> expected status per role, in ROLES order
MATRIX = {
    "list": ("surveys:list", None, [200, 200, 200, 200, 200, 200]),
    "answer": ("surveys:answer", "ouverte", [200, 200, 200, 200, 200, 200]),
    "answer_draft": ("surveys:answer", "brouillon", [404, 404, 404, 404, 404, 200]),
    "results": ("surveys:results", "ouverte", [LOGIN, 403, 403, 200, 200, 200]),
    "results_draft": ("surveys:results", "brouillon", [404, 404, 404, 404, 404, 403]),
    "results_public": ("surveys:results", "publique", [200, 200, 200, 200, 200, 200]),
    "export_csv": ("surveys:export_csv", "ouverte", [LOGIN, 403, 403, 403, 403, 200]),
    "export_xlsx": ("surveys:export_xlsx", "ouverte", [LOGIN, 403, 403, 403, 403, 200]),
    "free_texts": ("surveys:free_texts", "ouverte", [LOGIN, 403, 403, 403, 403, 200]),
    "team": ("surveys:team", None, [LOGIN, 403, 403, 403, 403, 200]),
}


@pytest.fixture
def surveys():
    make_survey(slug="ouverte")
    make_survey(slug="brouillon", status=Survey.Status.DRAFT)
    make_survey(slug="publique", results_public=True)


def _login(client, role):
    if role == "anonymous":
        return None
    user = UserFactory(role=None if role == "stakeholder" else role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", MATRIX)
def test_matrix(client, surveys, role, page):
    name, slug, expected = MATRIX[page]
    _login(client, role)
    url = reverse(name, kwargs={"slug": slug}) if slug else reverse(name)
    response = client.get(url)
    assert response.status_code == expected[ROLES.index(role)], (page, role)
    if response.status_code == LOGIN:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES[:-1])
def test_only_the_team_publishes(client, role):
    survey = make_survey(slug="brouillon", status=Survey.Status.DRAFT)
    _login(client, role)
    response = client.post(reverse("surveys:publish", kwargs={"slug": survey.slug}))
    assert response.status_code in (302, 403)
    survey.refresh_from_db()
    assert survey.is_draft


def test_team_publishes_and_the_public_link_starts_working(client):
    survey = make_survey(slug="brouillon", status=Survey.Status.DRAFT)
    client.force_login(UserFactory(role="equipe-projet"))
    client.post(reverse("surveys:publish", kwargs={"slug": survey.slug}))
    survey.refresh_from_db()
    assert not survey.is_draft
    client.logout()
    assert client.get(reverse("surveys:answer", kwargs={"slug": survey.slug})).status_code == 200


def test_publish_refuses_an_unanswerable_survey(client):
    survey = Survey.objects.create(title="Vide", slug="vide", privacy_notice="")
    client.force_login(UserFactory(role="equipe-projet"))
    response = client.post(reverse("surveys:publish", kwargs={"slug": survey.slug}), follow=True)
    assert "aucune question" in response.content.decode()
    survey.refresh_from_db()
    assert survey.is_draft


def test_free_text_hidden_from_public_results(client):
    survey = make_survey(slug="publique", results_public=True)
    from tests.surveys.factories import valid_post

    client.post(reverse("surveys:answer", kwargs={"slug": survey.slug}), valid_post(survey))
    client.cookies.clear()
    page = client.get(reverse("surveys:results", kwargs={"slug": survey.slug})).content.decode()
    assert "Une belle région." not in page
    client.force_login(UserFactory(role="elu"))
    page = client.get(reverse("surveys:results", kwargs={"slug": survey.slug})).content.decode()
    assert "Une belle région." in page


def test_the_team_builds_surveys_in_the_admin(client):
    survey = make_survey(slug="brouillon", status=Survey.Status.DRAFT)
    question = survey.questions.get(code="mots")
    client.force_login(UserFactory(role="equipe-projet"))
    for url in (
        reverse("admin:surveys_survey_changelist"),
        reverse("admin:surveys_survey_add"),
        reverse("admin:surveys_survey_change", args=[survey.pk]),
        reverse("admin:surveys_question_change", args=[question.pk]),
        reverse("admin:marketing_serviceoffer_add"),
        reverse("admin:strategy_targetpublic_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_a_stakeholder_has_no_builder(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:surveys_survey_changelist"))
    assert response.status_code == 302


def test_publish_refuses_a_condition_on_a_later_question():
    from django.core.exceptions import ValidationError

    from apps.surveys.services import survey_publish

    survey = make_survey(slug="brouillon", status=Survey.Status.DRAFT)
    early = survey.questions.get(code="public")
    early.show_if_choice = survey.questions.get(code="installer").choices.first()
    early.save()
    with pytest.raises(ValidationError, match="placée avant"):
        survey_publish(survey=survey, by=None)


def test_reserved_slug_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Survey(title="x", slug="gestion", privacy_notice="x").full_clean()
