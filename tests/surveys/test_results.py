"""Results: aggregated in the database, filters, barometer waves, exports, moderation."""

import csv
import html
import io

import pytest
from django.urls import reverse

from apps.strategy.models import Contribution, TargetPublic
from apps.surveys.models import Answer, Barometer, Response
from apps.surveys.selectors import ResultFilters, survey_results
from tests.accounts.factories import UserFactory
from tests.surveys.factories import demo_survey, make_survey, valid_post

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def team(client):
    user = UserFactory(role="equipe-projet")
    client.force_login(user)
    return user


def _item(results, code):
    return next(i for i in results["items"] if i["question"].code == code)


def test_aggregates_match_python_counts():
    survey = demo_survey(answers=120)
    results = survey_results(survey=survey, filters=ResultFilters(), with_texts=True)
    assert results["counts"]["submitted"] == 120
    attractivite = _item(results, "attractivite")
    numbers = list(
        Answer.objects.filter(question__survey=survey, question__code="attractivite").values_list(
            "number", flat=True
        )
    )
    assert attractivite["mean"] == round(sum(numbers) / len(numbers), 1)
    assert sum(row["count"] for row in attractivite["rows"]) == 120
    words = _item(results, "mots")
    assert words["respondents"] == 120
    nps = _item(results, "recommandation")
    assert -100 <= nps["nps"] <= 100
    ranking = _item(results, "priorites")
    assert ranking["rows"][0]["avg_rank"] <= ranking["rows"][-1]["avg_rank"]
    assert len(_item(results, "message")["texts"]) <= 5


def test_filter_by_public_restricts_every_figure():
    survey = demo_survey(answers=150)
    public = TargetPublic.objects.get(slug="habitants")
    expected = Response.objects.filter(survey=survey, target_public=public).count()
    results = survey_results(survey=survey, filters=ResultFilters(public=public), with_texts=False)
    assert results["counts"]["selected"] == expected
    assert _item(results, "attractivite")["respondents"] == expected


def test_results_page_filters_and_shows_chart_and_table(client, team):
    survey = demo_survey(answers=60)
    page = client.get(
        reverse("surveys:results", kwargs={"slug": survey.slug}),
        {"public": "habitants", "epci": "hors", "age": "nonsense"},
    )
    assert page.status_code == 200
    body = text(page)
    assert "<svg" in body and 'role="img"' in body and "<table" in body
    assert "filtre appliqué" in body


@pytest.mark.postgres
@pytest.mark.parametrize("answers", [10, 300])
def test_results_page_query_count_is_constant(client, team, answers, django_assert_max_num_queries):
    survey = demo_survey(answers=answers)
    with django_assert_max_num_queries(22):
        response = client.get(
            reverse("surveys:results", kwargs={"slug": survey.slug}), {"public": "habitants"}
        )
    assert response.status_code == 200


def test_barometer_compares_waves_by_code(client, team):
    barometer = Barometer.objects.create(name="Image", slug="image")
    from datetime import timedelta

    from django.utils import timezone

    old = demo_survey(
        slug="vague-1",
        answers=40,
        seed=1,
        barometer=barometer,
        wave_label="2025",
        opens_at=timezone.now() - timedelta(days=400),
    )
    new = demo_survey(slug="vague-2", answers=40, seed=2, barometer=barometer, wave_label="2026")
    page = client.get(reverse("surveys:results", kwargs={"slug": new.slug}))
    body = text(page)
    assert "Évolution d'une vague à l'autre" in body
    assert "2025" in body and "2026" in body
    from apps.surveys.selectors import barometer_comparison

    comparison = barometer_comparison(survey=new, filters=ResultFilters())
    assert [w.pk for w in comparison["waves"]] == [old.pk, new.pk]
    codes = {block["question"].code for block in comparison["blocks"]}
    assert {"attractivite", "recommandation", "mots"} <= codes


def test_csv_export_neutralises_formulas(client, team):
    survey = make_survey()
    client.logout()
    for payload in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "ok"):
        client.cookies.clear()
        data = valid_post(survey)
        data[survey.questions.get(code="commentaire").field_name] = payload
        assert (
            client.post(reverse("surveys:answer", kwargs={"slug": survey.slug}), data).status_code
            == 302
        )
    client.force_login(team)
    response = client.get(reverse("surveys:export_csv", kwargs={"slug": survey.slug}))
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert len(rows) == 6
    column = [i for i, h in enumerate(rows[0]) if h.startswith("commentaire")][0]
    assert sorted(row[column] for row in rows[1:]) == sorted(
        ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "ok"]
    )


def test_neutralise_every_formula_prefix():
    from apps.surveys.exports import neutralise

    for value in ("=1", "+1", "-1", "@A", "\tx", "\rx"):
        assert neutralise(value) == "'" + value
    assert neutralise("Quimper") == "Quimper"
    assert neutralise(3) == 3


def test_xlsx_export(client, team):
    from openpyxl import load_workbook

    survey = demo_survey(answers=30)
    Answer.objects.filter(question__survey=survey, question__code="message").update(text="=1+1")
    response = client.get(reverse("surveys:export_xlsx", kwargs={"slug": survey.slug}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 31
    values = {cell for row in rows for cell in row if isinstance(cell, str)}
    assert "=1+1" not in values
    assert all(not v.startswith("=") for v in values)


def test_moderation_hides_free_text_from_results(client, team):
    survey = demo_survey(answers=40)
    answer = Answer.objects.filter(question__survey=survey).exclude(text="").order_by("-pk")[0]
    url = reverse("surveys:answer_hide", kwargs={"pk": answer.pk})
    assert client.post(url, {"reason": ""}).status_code == 302
    answer.refresh_from_db()
    assert not answer.is_hidden  # no reason, nothing changed
    client.post(url, {"reason": "Propos injurieux"})
    answer.refresh_from_db()
    assert answer.is_hidden and answer.hidden_reason == "Propos injurieux"
    results = survey_results(survey=survey, filters=ResultFilters(), with_texts=True)
    shown = [t["pk"] for item in results["items"] for t in item.get("texts", [])]
    assert answer.pk not in shown
    page = client.get(reverse("surveys:free_texts", kwargs={"slug": survey.slug}))
    assert "Propos injurieux" in text(page)


def test_answer_becomes_a_contribution_with_the_link_kept(client, team):
    from tests.workshops.factories import WorkshopFactory

    workshop = WorkshopFactory()
    survey = demo_survey(answers=40)
    answer = Answer.objects.filter(question__survey=survey).exclude(text="").first()
    url = reverse("surveys:answer_to_contribution", kwargs={"pk": answer.pk})
    response = client.post(url, {"meeting": workshop.meeting.pk, "type": "need", "filieres": []})
    assert response.status_code == 302
    # No objective nor filière: refused by the strategy service, nothing created.
    assert Contribution.objects.count() == 0
    client.post(url, {"meeting": workshop.meeting.pk, "type": "need", "objectives": [1]})
    contribution = Contribution.objects.get()
    assert contribution.text == answer.text
    assert contribution.survey_answer_link.answer == answer
    if answer.response.target_public_id:
        assert list(contribution.target_publics.all()) == [answer.response.target_public]
    client.post(url, {"meeting": workshop.meeting.pk, "type": "need", "objectives": [1]})
    assert Contribution.objects.count() == 1


def test_account_erasure_keeps_answers_anonymised():
    from apps.accounts.services import user_erase

    user = UserFactory()
    survey = demo_survey(answers=5, users=[user])
    other = demo_survey(slug="autre")
    Response.objects.create(survey=other, user=user)  # in progress
    user_erase(user=user)
    assert Response.objects.filter(user=user).count() == 0
    assert Response.objects.filter(survey=survey).count() == 5
    assert not Response.objects.filter(survey=other).exists()


def test_privacy_page_lists_what_surveys_collect(client):
    body = text(client.get(reverse("privacy")))
    assert "Les enquêtes" in body and "ni adresse IP" in body
