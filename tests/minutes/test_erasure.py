"""An erased person leaves the published minutes: the frozen copy, the search text, the pages and
the PDF name « Personne anonymisée » instead (the choice documented on the privacy page)."""

import subprocess

import pytest
from django.urls import reverse

from apps.accounts.services import user_erase
from apps.core.templatetags.typography import french_spacing
from apps.governance.models import Participation
from apps.minutes.models import MinutesRevision, MinutesVersion
from apps.minutes.services import ActionItemEntry, minutes_save
from apps.reports.models import Document
from tests.accounts.factories import UserFactory
from tests.governance.factories import ParticipationFactory
from tests.minutes.factories import held_meeting, minutes_in
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LABEL = "Personne anonymisée"


def _published_naming(project_lead, erased, kept):
    meeting = held_meeting()
    ParticipationFactory(meeting=meeting, user=erased, status=Participation.Status.ATTENDING)
    ParticipationFactory(meeting=meeting, user=kept, status=Participation.Status.ATTENDING)
    minutes = minutes_in(
        "draft",
        by=project_lead,
        meeting=meeting,
        body="Maël Kerguelen présente le bilan des ateliers.",
    )
    minutes_save(
        minutes=minutes,
        by=project_lead,
        base_revision=minutes.revision,
        summary=minutes.summary,
        body=minutes.body,
        visibility=minutes.visibility,
        action_items=[ActionItemEntry(what="Envoyer le bilan", owner_id=erased.pk)],
    )
    from apps.minutes.services import minutes_publish, minutes_submit

    minutes_submit(minutes=minutes, by=project_lead)
    minutes_publish(minutes=minutes, by=project_lead, notify=False)
    return minutes.versions.get()


@pytest.fixture
def people(db):
    erased = UserFactory(
        first_name="Maël",
        last_name="Kerguelen",
        organisation=OrganisationFactory(name="Conserverie Kerguelen"),
    )
    kept = UserFactory(
        first_name="Anne", last_name="Le Goff", organisation=OrganisationFactory(name="Ty Coz")
    )
    return erased, kept


def test_the_frozen_copy_and_the_search_text_lose_the_name(
    project_lead, people, django_capture_on_commit_callbacks
):
    erased, kept = people
    version = _published_naming(project_lead, erased, kept)
    assert "Kerguelen" in str(version.content) + version.body

    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=erased)

    version = MinutesVersion.objects.get(pk=version.pk)
    frozen = str(version.content) + version.body + version.summary + version.search_text
    assert "Kerguelen" not in frozen
    assert {"name": LABEL, "organisation": "", "user_id": None} in version.content["present"]
    assert {"name": "Anne Le Goff", "organisation": "Ty Coz", "user_id": kept.pk} in (
        version.content["present"]
    )
    assert version.content["action_items"][0]["owner"] == LABEL
    assert version.body == f"{LABEL} présente le bilan des ateliers."
    # The working copy, its revisions and its history do not keep the name either.
    minutes = version.minutes
    minutes.refresh_from_db()
    assert "Kerguelen" not in minutes.body
    assert not MinutesRevision.objects.filter(body__contains="Kerguelen").exists()
    assert not minutes.history.filter(body__contains="Kerguelen").exists()

    page = project_lead_client(project_lead).get(version.get_absolute_url())
    assert page.status_code == 200
    assert "Kerguelen" not in page.content.decode()
    assert LABEL in page.content.decode()
    assert "Anne Le Goff" in page.content.decode()


def test_the_pdf_is_rendered_again_without_the_name(
    project_lead, people, django_capture_on_commit_callbacks, tmp_path
):
    erased, kept = people
    with django_capture_on_commit_callbacks(execute=True):
        version = _published_naming(project_lead, erased, kept)
    document = Document.objects.get(minutes_version=version)
    assert document.status == Document.Status.READY
    old_name = document.file.name
    assert "Kerguelen" in _pdf_text(document, tmp_path)

    with django_capture_on_commit_callbacks(execute=True):  # eager: renders in-process
        user_erase(user=erased)

    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert document.file.name != old_name
    assert not document.file.storage.exists(old_name)  # the copy that named them is gone
    text = _pdf_text(document, tmp_path)
    assert "Kerguelen" not in text
    assert LABEL in text
    assert "Anne Le Goff" in text


def test_a_version_frozen_before_ids_were_kept_is_matched_by_name(project_lead, people):
    """Versions published before this change hold names only: the name of a participant of
    that meeting is replaced; a namesake in another meeting's version is not touched."""
    erased, kept = people
    version = _published_naming(project_lead, erased, kept)
    legacy = {
        **version.content,
        "present": [
            {"name": p["name"], "organisation": p["organisation"]}
            for p in (version.content["present"])
        ],
    }
    MinutesVersion.objects.filter(pk=version.pk).update(content=legacy)

    user_erase(user=erased)

    version.refresh_from_db()
    assert {"name": LABEL, "organisation": "", "user_id": None} in version.content["present"]
    assert {"name": "Anne Le Goff", "organisation": "Ty Coz"} in version.content["present"]


def test_erasing_someone_absent_from_the_minutes_changes_no_version(project_lead, people):
    erased, kept = people
    version = _published_naming(project_lead, erased, kept)
    before = MinutesVersion.objects.values().get(pk=version.pk)
    bystander = UserFactory(first_name="Yann", last_name="Tanguy")

    user_erase(user=bystander)

    assert MinutesVersion.objects.values().get(pk=version.pk) == before


def project_lead_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _pdf_text(document, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    with document.file.open("rb") as handle:
        path.write_bytes(handle.read())
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_erase_page_and_the_privacy_page_say_so(client):
    user = UserFactory()
    client.force_login(user)
    erase_page = client.get(reverse("accounts:erase")).content.decode()
    assert french_spacing("remplacés par « Personne anonymisée »") in erase_page
    privacy = client.get(reverse("privacy")).content.decode()
    assert "Personne anonymisée" in privacy
