"""Answering a survey: signed-in and through the public link, and every kind of bad input."""

import html
from datetime import timedelta

import pytest
from django.core import signing
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from apps.surveys.models import Answer, Response, Survey
from apps.surveys.services import FORM_TOKEN_SALT, form_token
from tests.accounts.factories import UserFactory
from tests.surveys.factories import choice, make_survey, question, valid_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(survey):
    return reverse("surveys:answer", kwargs={"slug": survey.slug})


def test_anonymous_answer_is_stored_without_personal_data(client, survey):
    response = client.post(url(survey), valid_post(survey))
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", kwargs={"slug": survey.slug})
    stored = Response.objects.get()
    assert stored.user is None and stored.status == Response.Status.SUBMITTED
    assert stored.consent_at is not None
    assert stored.target_public.slug == "jeunes-et-etudiants"
    assert stored.territory.slug == "quimper-bretagne-occidentale"
    # Nothing about the person: no IP, no user agent, no email on the row.
    assert {f.name for f in Response._meta.concrete_fields}.isdisjoint(
        {"ip", "ip_address", "user_agent", "email"}
    )
    assert Answer.objects.filter(response=stored).count() == 8
    assert "Merci" in text(client.get(response["Location"]))


def test_anonymous_second_answer_from_same_browser_is_refused(client, survey):
    client.post(url(survey), valid_post(survey))
    page = client.get(url(survey))
    assert "déjà été envoyée depuis ce navigateur" in text(page)
    again = client.post(url(survey), valid_post(survey))
    assert "déjà été envoyée depuis ce navigateur" in text(again)
    assert Response.objects.count() == 1


def test_the_same_form_cannot_be_submitted_twice(client, survey):
    data = valid_post(survey)
    client.post(url(survey), data)
    client.cookies.clear()  # a cleared cookie does not let the same form through again
    second = client.post(url(survey), data)
    assert second.status_code == 409
    assert "déjà été envoyé" in text(second)
    assert Response.objects.count() == 1


def test_anonymous_rate_limit(client, survey, settings, monkeypatch):
    from apps.surveys import services

    monkeypatch.setattr(services, "ANONYMOUS_RATE", (2, 3600))
    for _ in range(2):
        client.cookies.clear()
        assert client.post(url(survey), valid_post(survey)).status_code == 302
    client.cookies.clear()
    refused = client.post(url(survey), valid_post(survey))
    assert refused.status_code == 429
    assert "Trop de réponses" in text(refused)
    assert Response.objects.count() == 2


def test_signed_in_one_answer_and_save_and_resume(client, survey):
    user = UserFactory()
    client.force_login(user)
    saved = client.post(url(survey), {**valid_post(survey), "action": "save"})
    assert saved.status_code == 302
    draft = Response.objects.get(user=user)
    assert draft.status == Response.Status.IN_PROGRESS
    page = text(client.get(url(survey)))
    assert "Une belle région." in page  # resumed
    assert client.post(url(survey), valid_post(survey)).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Response.Status.SUBMITTED
    assert "Vous avez déjà répondu" in text(client.get(url(survey)))
    assert client.post(url(survey), valid_post(survey)).status_code == 200
    assert Response.objects.filter(user=user).count() == 1


def test_one_answer_per_user_is_a_database_constraint(survey):
    from django.db import IntegrityError, transaction

    user = UserFactory()
    Response.objects.create(survey=survey, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, user=user)


def test_conditional_question_required_only_when_shown(client, survey):
    yes = choice(survey, "installer", "Oui")
    data = valid_post(survey, **{question(survey, "installer").field_name: str(yes.pk)})
    page = client.post(url(survey), data)
    assert page.status_code == 200
    assert "Cette question est obligatoire." in text(page)
    assert Response.objects.count() == 0
    data[question(survey, "pourquoi").field_name] = "Le logement."
    data["jeton"] = form_token(survey=survey)
    assert client.post(url(survey), data).status_code == 302


def test_hidden_conditional_answer_is_ignored(client, survey):
    data = valid_post(survey, **{question(survey, "pourquoi").field_name: "Ignoré"})
    client.post(url(survey), data)
    assert not Answer.objects.filter(question__code="pourquoi").exists()


def test_ranking_is_stored_with_ranks(client, survey):
    rank = question(survey, "priorites")
    emploi, logement = (
        choice(survey, "priorites", "Emploi"),
        choice(survey, "priorites", "Logement"),
    )
    data = valid_post(
        survey, **{f"{rank.field_name}_{emploi.pk}": "2", f"{rank.field_name}_{logement.pk}": "1"}
    )
    assert client.post(url(survey), data).status_code == 302
    assert dict(Answer.objects.filter(question=rank).values_list("choice__label", "rank")) == {
        "Emploi": 2,
        "Logement": 1,
    }


BAD_INPUTS = {
    "required skipped": (
        lambda s: {question(s, "attractivite").field_name: None},
        "Cette question est obligatoire.",
    ),
    "scale out of range": (lambda s: {question(s, "attractivite").field_name: "6"}, "de 1 à 5"),
    "scale not a number": (
        lambda s: {question(s, "recommandation").field_name: "dix"},
        "de 0 à 10",
    ),
    "foreign choice": (
        lambda s: {question(s, "public").field_name: str(choice(s, "mots", "Mer").pk)},
        "Ce choix n'appartient pas à la question.",
    ),
    "too many words": (
        lambda s: {
            question(s, "mots").field_name: [
                str(choice(s, "mots", label).pk)
                for label in ("Mer", "Isolée", "Dynamique", "Festive")
            ]
        },
        "au plus 3",
    ),
    "duplicate rank": (
        lambda s: {
            f"{question(s, 'priorites').field_name}_{choice(s, 'priorites', 'Emploi').pk}": "1",
            f"{question(s, 'priorites').field_name}_{choice(s, 'priorites', 'Logement').pk}": "1",
        },
        "qu'une fois",
    ),
    "no consent": (lambda s: {"consentement": None}, "consentement"),
    "tampered token": (lambda s: {"jeton": form_token(survey=s)[:-3] + "abc"}, "altéré"),
    "token of another survey": (
        lambda s: {"jeton": signing.dumps({"s": s.pk + 999, "k": "x"}, salt=FORM_TOKEN_SALT)},
        "ne correspond pas",
    ),
    "no token": (lambda s: {"jeton": None}, "altéré"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_stores_nothing_and_says_why_in_french(client, survey, case):
    overrides, expected = BAD_INPUTS[case]
    response = client.post(url(survey), valid_post(survey, **overrides(survey)))
    assert response.status_code in (200, 400)
    assert expected in text(response)
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_expired_token(client, survey, monkeypatch):
    data = valid_post(survey)
    later = timezone.now() + timedelta(hours=13)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    response = client.post(url(survey), data)
    assert response.status_code == 400
    assert "expiré" in text(response)
    assert Response.objects.count() == 0


def test_answer_after_closing_is_refused(client, survey):
    data = valid_post(survey)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    response = client.post(url(survey), data, follow=True)
    assert "close depuis" in text(response)
    assert Response.objects.count() == 0


def test_service_refuses_after_closing_even_with_a_valid_form(survey):
    from django.core.exceptions import ValidationError

    from apps.surveys.answering import parse_answers
    from apps.surveys.services import response_save

    survey.closes_at = timezone.now() - timedelta(seconds=1)
    questions = list(survey.questions.all())
    with pytest.raises(ValidationError, match="close depuis"):
        response_save(
            survey=survey,
            user=None,
            questions=questions,
            parsed=parse_answers(questions, QueryDict(), check_required=False),
            submission_key="k",
            consent=True,
            final=True,
        )
    assert Response.objects.count() == 0


def test_not_yet_open(client):
    survey = make_survey(opens_at=timezone.now() + timedelta(days=2))
    page = client.get(url(survey))
    assert "ouvrira le" in text(page)


def test_draft_is_never_reachable_by_its_public_link(client):
    survey = make_survey(status=Survey.Status.DRAFT)
    assert client.get(url(survey)).status_code == 404
    assert client.post(url(survey), valid_post(survey)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url(survey)).status_code == 404
    client.force_login(UserFactory(role="equipe-projet"))
    preview = client.get(url(survey))
    assert preview.status_code == 200 and "Aperçu" in text(preview)
    client.post(url(survey), valid_post(survey))
    assert Response.objects.count() == 0


def test_signed_in_only_survey_sends_outsiders_to_login(client):
    survey = make_survey(allow_anonymous=False)
    response = client.get(url(survey))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_answer_page_query_count_is_constant(client, survey, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get(url(survey)).status_code == 200
