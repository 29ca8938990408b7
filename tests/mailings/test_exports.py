"""The team's exports: CSV (UTF-8 with BOM, formulas neutralised, streamed) and XLSX, logged."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.csvsafe import safe_cell
from apps.mailings.exports import EXPORTS
from apps.mailings.models import ExportLog
from apps.minutes.models import ActionItem, Decision
from tests.accounts.factories import UserFactory
from tests.governance.factories import register
from tests.minutes.factories import held_meeting, minutes_in
from tests.strategy.factories import ContributionFactory, PriorityActionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_neutralises_every_formula_prefix(value):
    assert safe_cell(value) == "'" + value


def test_safe_cell_leaves_the_rest():
    assert safe_cell("Quimper") == "Quimper"
    assert safe_cell(3) == 3 and safe_cell(None) is None


@pytest.fixture
def data(project_lead):
    evil = UserFactory(first_name='=HYPERLINK("http://x")', last_name="@Riou", newsletter=True)
    UserFactory(is_active=False, last_name="Effacée")
    meeting = held_meeting()
    register(meeting, evil, attended=True)
    ContributionFactory(author=evil, text="-1 idée", filieres=[])
    PriorityActionFactory(title="+ Label mer")
    minutes = minutes_in("draft", by=project_lead, meeting=meeting)
    Decision.objects.create(minutes=minutes, text="=cmd|' /C calc'!A0")
    ActionItem.objects.create(minutes=minutes, what="-envoyer le relevé", owner=evil)
    return evil


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


@pytest.mark.parametrize("key", list(EXPORTS))
def test_each_export_as_csv_and_xlsx(
    client, project_lead, data, key, django_assert_max_num_queries
):
    client.force_login(project_lead)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("exports:download", args=[key, "csv"]))
        rows = _csv(response)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"{key}-" in response["Content-Disposition"]
    assert len(rows) >= 2
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (key, cell)
    response = client.get(reverse("exports:download", args=[key, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)
    assert list(ExportLog.objects.filter(export=key).values_list("file_format", "user")) == [
        ("xlsx", project_lead.pk), ("csv", project_lead.pk),
    ]  # fmt: skip


def test_participants_export_keeps_out_erased_people(client, project_lead, data):
    client.force_login(project_lead)
    rows = _csv(client.get(reverse("exports:download", args=["participants", "csv"])))
    names = [row[0] for row in rows]
    assert "'@Riou" in names and "Effacée" not in names


def test_export_page_shows_the_log(client, project_lead, data):
    client.force_login(project_lead)
    client.get(reverse("exports:download", args=["actions", "csv"]))
    page = client.get(reverse("exports:index")).content.decode()
    assert "Journal des exports" in page and "actions" in page


def test_unknown_export_is_a_404(client, project_lead):
    client.force_login(project_lead)
    assert client.get(reverse("exports:download", args=["personne", "csv"])).status_code == 404
    assert client.get(reverse("exports:download", args=["actions", "pdf"])).status_code == 404
    assert not ExportLog.objects.exists()


def test_query_count_does_not_grow_with_rows(client, project_lead, django_assert_max_num_queries):
    client.force_login(project_lead)
    for _ in range(30):
        ContributionFactory(filieres=[])
    with django_assert_max_num_queries(12):
        _csv(client.get(reverse("exports:download", args=["contributions", "csv"])))


def test_registrations_of_one_meeting(client, project_lead, data):
    from apps.governance.models import Participation

    client.force_login(project_lead)
    meeting = Participation.objects.get(user=data).meeting
    other = held_meeting(days_ago=30)
    register(other, UserFactory(last_name="Ailleurs"))
    url = reverse("exports:download", args=["inscriptions", "csv"])
    rows = _csv(client.get(url, {"reunion": meeting.slug}))
    assert len(rows) == 2 and rows[1][0] == meeting.title
    assert ExportLog.objects.get().detail == meeting.slug
    assert client.get(url, {"reunion": "inconnue"}).status_code == 404
