"""Bad input reaches nobody as a 500 or as bad data: a clear French message, nothing stored.

Each case goes through the front door (the page people use), and checks what was stored."""

from datetime import date, timedelta
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from apps.governance.documents import document_add
from apps.governance.models import Meeting, MeetingDocument
from apps.stakeholders.models import ActorCategory, Territory
from apps.strategy.models import PriorityAction
from apps.working_groups.models import WorkingGroup
from tests.accounts.factories import UserFactory
from tests.copil.test_views import session_data
from tests.governance.factories import TINY_PDF, MeetingFactory
from tests.strategy.factories import PriorityActionFactory
from tests.working_groups.test_views import group_data
from tests.workshops.test_views import workshop_data

pytestmark = pytest.mark.django_db

PASSWORD = "Kerné-Iroise-2026!"
ZERO_WIDTH = "\u200b\u200b\u2060\ufeff"
# Clocks change in Europe/Paris: 2027-03-28 02:00 → 03:00, and 2027-10-31 03:00 → 02:00.
SPRING_FORWARD = date(2027, 3, 28)
FALL_BACK = date(2027, 10, 31)


def text_of(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def team(client):
    client.force_login(UserFactory(role="equipe-projet"))
    return client


def signup_data(**overrides):
    data = {
        "email": "anne.legall@example.org",
        "first_name": "Anne",
        "last_name": "Le Gall",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "",
        "actor_category": ActorCategory.objects.get(slug="entreprise").pk,
        "territory": Territory.objects.get(slug="douarnenez-communaute").pk,
        "consent": "on",
    }
    data.update(overrides)
    return data


# ------------------------------------------------------------------------------ sign-up and profile
def test_a_300_character_email_is_refused_not_cut(client):
    email = "a" * 280 + "@example.org"
    response = client.post(reverse("account_signup"), signup_data(email=email))
    assert response.status_code == 200
    assert "254 au plus" in text_of(response)
    assert not User.objects.exists()


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_name_of_zero_width_characters_is_refused(client, field):
    response = client.post(reverse("account_signup"), signup_data(**{field: ZERO_WIDTH}))
    assert response.status_code == 200
    assert "en lettres visibles" in text_of(response)
    assert not User.objects.exists()


def test_zero_width_characters_around_a_name_are_dropped(client):
    client.post(reverse("account_signup"), signup_data(first_name="\u200bAnne\u200b"))
    assert User.objects.get().first_name == "Anne"


def test_the_profile_refuses_an_invisible_name(client):
    user = UserFactory(last_name="Le Gall")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": user.first_name,
            "last_name": ZERO_WIDTH,
            "actor_category": user.actor_category_id,
            "territory": user.territory_id,
        },
    )
    assert response.status_code == 200
    assert "en lettres visibles" in text_of(response)
    user.refresh_from_db()
    assert user.last_name == "Le Gall"


# ------------------------------------------------------------------------------ uploads
@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _files_of(meeting) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "meetings" / str(meeting.pk)
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.parametrize("stem", ["c" * 246, "é" * 246], ids=["ascii", "accented"])
def test_a_250_character_file_name_is_stored_shortened(team, stem):
    meeting = MeetingFactory()
    upload = SimpleUploadedFile(stem + ".pdf", TINY_PDF, content_type="application/pdf")
    response = team.post(
        reverse("copil:document_add", args=[meeting.slug]),
        {"title": "", "file": upload, "visibility": "members"},
    )
    assert response.status_code == 302
    document = MeetingDocument.objects.get(meeting=meeting)
    assert document.file.name.endswith(".pdf")
    assert len(Path(document.file.name).name.encode()) <= 120
    assert len(document.title) <= 200
    assert document.file.read() == TINY_PDF
    assert len(_files_of(meeting)) == 1


def test_a_refused_document_leaves_no_file(team):
    meeting = MeetingFactory()
    upload = SimpleUploadedFile("ordre-du-jour.pdf", TINY_PDF, content_type="application/pdf")
    with pytest.raises(ValidationError):
        document_add(meeting=meeting, upload=upload, title="x" * 300, visibility="members", by=None)
    assert not MeetingDocument.objects.exists()
    assert _files_of(meeting) == []


# ------------------------------------------------------------------------------ long texts
@pytest.mark.parametrize("page", ["copil session", "workshop", "working group", "priority action"])
def test_an_endless_description_is_refused(team, page):
    long_text = "Une phrase de plus. " * 300  # 6,000 characters
    if page == "copil session":
        url, data = reverse("copil:session_create"), session_data(description=long_text)
        stored = Meeting.objects.all
    elif page == "workshop":
        url, data = reverse("workshops:create"), workshop_data(description=long_text)
        stored = Meeting.objects.all
    elif page == "working group":
        url, data = reverse("working_groups:create"), group_data(description=long_text)
        stored = WorkingGroup.objects.all
    else:
        action = PriorityActionFactory(description="Avant.")
        url = reverse("strategy:action_edit", args=[action.slug])
        data = {"status": action.status, "progress": "10", "description": long_text}
        stored = PriorityAction.objects.filter(description=long_text).all
    response = team.post(url, data)
    assert response.status_code == 200
    assert "comporte au plus 5000 caractères" in text_of(response)
    assert not stored().exists()


# ------------------------------------------------------------------------------ DST
def test_a_meeting_at_a_time_that_does_not_exist_is_refused(team):
    data = session_data(day=SPRING_FORWARD, start="02:30", end="03:15")
    response = team.post(reverse("copil:session_create"), data)
    assert response.status_code == 200
    page = text_of(response)
    assert "28 mars 2027, 02:30 n'existe pas" in page
    assert "meeting_end_after_start" not in page
    assert not Meeting.objects.exists()


def test_a_meeting_at_a_time_that_occurs_twice_is_refused(team):
    data = session_data(day=FALL_BACK, start="02:30", end="04:00")
    response = team.post(reverse("copil:session_create"), data)
    assert response.status_code == 200
    assert "31 octobre 2027, 02:30 existe deux fois" in text_of(response)
    assert not Meeting.objects.exists()


def test_the_nights_of_the_change_work_outside_the_odd_hour(team):
    data = session_data(day=FALL_BACK, start="01:00", end="04:00")
    assert team.post(reverse("copil:session_create"), data).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.end - meeting.start == timedelta(hours=4)  # the hour 2-3 happens twice


def test_a_registration_deadline_at_a_time_that_occurs_twice_is_refused(team):
    data = workshop_data(
        date=date(2027, 11, 10).isoformat(), registration_closes_at="2027-10-31T02:30"
    )
    response = team.post(reverse("workshops:create"), data)
    assert response.status_code == 200
    assert "existe deux fois" in text_of(response)
    assert not Meeting.objects.exists()


def test_the_other_long_texts_are_bounded_too():
    from apps.governance.forms import AgendaItemForm
    from apps.minutes.forms import MinutesForm

    agenda = AgendaItemForm({"title": "Point", "description": "x" * 2001})
    assert "description" in agenda.errors
    minutes = MinutesForm({"base_revision": "0", "guests": "x" * 3001, "visibility": "public"})
    assert "guests" in minutes.errors
