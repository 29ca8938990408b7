"""The PDF results report: requested from the results page, rendered once per state of the
answers (in-process here; by the worker in production), downloaded by results readers only."""

import pytest
from django.urls import reverse

from apps.reports.models import Document
from apps.surveys.models import Answer
from tests.accounts.factories import UserFactory
from tests.surveys.factories import demo_survey

pytestmark = pytest.mark.django_db


def test_results_readers_get_the_pdf_once_per_state(client, django_capture_on_commit_callbacks):
    survey = demo_survey(answers=40)
    client.force_login(UserFactory(role="elu"))
    page = client.get(reverse("surveys:results", kwargs={"slug": survey.slug}))
    assert "Produire le rapport PDF" in page.content.decode()
    url = reverse("reports:survey_results_request", kwargs={"slug": survey.slug})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    document = Document.objects.get(kind=Document.Kind.SURVEY_RESULTS)
    assert document.status == Document.Status.READY and document.page_count >= 2
    client.post(url)
    assert Document.objects.filter(kind=Document.Kind.SURVEY_RESULTS).count() == 1  # same state
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # New moderation: the report is out of date, a new one can be made.
    Answer.objects.filter(question__survey=survey).exclude(text="").update(is_hidden=True)
    assert (
        "Mettre le rapport à jour"
        in client.get(reverse("surveys:results", kwargs={"slug": survey.slug})).content.decode()
    )
    client.post(url)
    assert Document.objects.filter(kind=Document.Kind.SURVEY_RESULTS).count() == 2


@pytest.mark.parametrize("role", [None, "facilitateur"])
def test_others_can_neither_request_nor_download(client, role):
    survey = demo_survey(answers=5)
    client.force_login(UserFactory(role="equipe-projet"))
    client.post(reverse("reports:survey_results_request", kwargs={"slug": survey.slug}))
    document = Document.objects.get()
    client.force_login(UserFactory(role=role))
    url = reverse("reports:survey_results_request", kwargs={"slug": survey.slug})
    assert client.post(url).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404
    assert Document.objects.count() == 1
