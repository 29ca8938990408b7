"""PostgreSQL: the same person sending the form from two tabs at once, or the same public form
replayed in parallel, stores exactly one response — real threads, one connection each."""

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from apps.surveys.answering import parse_answers
from apps.surveys.models import Answer, Response
from apps.surveys.services import response_save
from tests.accounts.factories import UserFactory
from tests.governance.test_registration_concurrency import _run_together
from tests.surveys.factories import make_survey, valid_post

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _submit(survey, user, key):
    questions = list(survey.questions.prefetch_related("choices").select_related("show_if_choice"))
    data = QueryDict(mutable=True)
    for name, value in valid_post(survey).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    try:
        return response_save(
            survey=survey,
            user=user,
            questions=questions,
            parsed=parse_answers(questions, data),
            submission_key=key,
            consent=True,
            final=True,
        ).pk
    except ValidationError as error:
        return "refused: " + " ".join(error.messages)


def test_one_person_two_tabs_one_response():
    survey = make_survey()
    user = UserFactory()
    results, errors = _run_together(lambda _i: _submit(survey, user, ""), list(range(8)))
    assert errors == []
    assert sum(1 for r in results if isinstance(r, int)) == 1
    assert all("déjà répondu" in r for r in results if isinstance(r, str))
    response = Response.objects.get(survey=survey)
    assert response.user == user
    assert Answer.objects.filter(response=response).count() == 8


def test_one_public_form_replayed_in_parallel_one_response():
    survey = make_survey()
    results, errors = _run_together(lambda _i: _submit(survey, None, "same-key"), list(range(8)))
    assert errors == []
    assert sum(1 for r in results if isinstance(r, int)) == 1
    assert Response.objects.filter(survey=survey).count() == 1
