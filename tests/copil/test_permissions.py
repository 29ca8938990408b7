"""Who sees and does what on the COPIL pages, through the HTTP client.

Roles: anonymous, stakeholder, COPIL member, elected official member, elected official who is
not a member, project team. Sessions: draft, members-only, public. A session someone may not
see answers 404 (its existence does not leak); a management action on a session they may see
answers 403; in both cases nothing changes.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.governance.models import Meeting, MeetingDocument, Membership, Participation
from tests.accounts.factories import UserFactory
from tests.governance.factories import (
    TINY_PDF,
    MeetingDocumentFactory,
    MeetingFactory,
    MembershipFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "stakeholder", "member", "elected_member", "elected_outsider", "team"]
OUTSIDERS = {"anonymous", "stakeholder", "elected_outsider"}
INSIDERS = {"member", "elected_member", "team"}
SESSIONS = ["draft", "members", "public"]


def can_view(role: str, session: str) -> bool:
    if session == "draft":
        return role == "team"
    if session == "members":
        return role in INSIDERS
    return True


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(db):
    member = MembershipFactory(role=Membership.Role.MEMBER, title="Directrice").user
    elected = UserFactory(role="elu")
    MembershipFactory(
        user=elected, role=Membership.Role.ELECTED_OFFICIAL, title="Vice-président de QBO"
    )
    users = {
        "anonymous": None,
        "stakeholder": UserFactory(),
        "member": member,
        "elected_member": elected,
        "elected_outsider": UserFactory(role="elu"),
        "team": UserFactory(role="equipe-projet"),
    }
    sessions = {
        "draft": MeetingFactory(
            title="Séance brouillon secrète", slug="brouillon", status=Meeting.Status.DRAFT
        ),
        "members": MeetingFactory(
            title="Séance réservée aux membres",
            slug="reservee",
            visibility=Meeting.Visibility.MEMBERS,
        ),
        "public": MeetingFactory(title="Séance publique ouverte", slug="publique"),
    }
    for meeting in sessions.values():
        MeetingDocumentFactory(
            meeting=meeting, title="Doc public", visibility=MeetingDocument.Visibility.PUBLIC
        )
        MeetingDocumentFactory(
            meeting=meeting, title="Doc membres", visibility=MeetingDocument.Visibility.MEMBERS
        )
    return users, sessions


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


# ---------------------------------------------------------------------------- seeing things
@pytest.mark.parametrize("session", SESSIONS)
@pytest.mark.parametrize("role", ROLES)
def test_session_page(client, world, role, session):
    users, sessions = world
    meeting = sessions[session]
    response = login(client, users[role]).get(meeting.get_absolute_url())
    if can_view(role, session):
        assert response.status_code == 200
        assert meeting.title in response.content.decode()
    else:
        assert response.status_code == 404
        assert meeting.title not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_copil_listing_shows_only_the_sessions_one_may_see(client, world, role):
    users, sessions = world
    body = login(client, users[role]).get(reverse("copil:index")).content.decode()
    for session, meeting in sessions.items():
        assert (meeting.title in body) is can_view(role, session), session
        assert (meeting.get_absolute_url() in body) is can_view(role, session), session
    assert ("Programmer une séance" in body) is (role == "team")


@pytest.mark.parametrize("session", SESSIONS)
@pytest.mark.parametrize("role", ROLES)
def test_document_download(client, world, role, session):
    users, sessions = world
    meeting = sessions[session]
    public_doc = meeting.documents.get(title="Doc public")
    members_doc = meeting.documents.get(title="Doc membres")
    login(client, users[role])
    public = client.get(reverse("governance:document", kwargs={"pk": public_doc.pk}))
    members = client.get(reverse("governance:document", kwargs={"pk": members_doc.pk}))
    if not can_view(role, session):
        assert (public.status_code, members.status_code) == (404, 404)
    elif role in INSIDERS:
        assert (public.status_code, members.status_code) == (200, 200)
    else:
        assert (public.status_code, members.status_code) == (200, 403)


@pytest.mark.parametrize("role", ROLES)
def test_session_page_lists_only_the_documents_one_may_download(client, world, role):
    users, sessions = world
    body = login(client, users[role]).get(sessions["public"].get_absolute_url()).content.decode()
    assert "Doc public" in body
    assert ("Doc membres" in body) is (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_online_link_only_for_insiders(client, world, role):
    users, sessions = world
    meeting = sessions["public"]
    meeting.online_url = "https://visio.example.org/copil-secret"
    meeting.save()
    body = login(client, users[role]).get(meeting.get_absolute_url()).content.decode()
    assert ("https://visio.example.org/copil-secret" in body) is (role in INSIDERS)


def test_a_convoked_guest_sees_the_members_only_session(client, world):
    users, sessions = world
    guest = users["stakeholder"]
    ParticipationFactory(meeting=sessions["members"], user=guest)
    response = login(client, guest).get(sessions["members"].get_absolute_url())
    assert response.status_code == 200
    body = client.get(reverse("copil:index")).content.decode()
    assert sessions["members"].title in body
    assert sessions["draft"].title not in body


def test_a_refused_request_does_not_open_the_members_only_session(client, world):
    users, sessions = world
    ParticipationFactory(
        meeting=sessions["members"], user=users["stakeholder"], status=Participation.Status.REFUSED
    )
    response = login(client, users["stakeholder"]).get(sessions["members"].get_absolute_url())
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_member_names_follow_their_consent(client, world, role):
    users, _sessions = world
    discreet = MembershipFactory(publicly_listed=False, title="Maire discret").user
    body = login(client, users[role]).get(reverse("copil:index")).content.decode()
    elected = users["elected_member"]
    assert elected.get_full_name() in body
    assert "Vice-président de QBO" in body
    sees_everyone = role in INSIDERS
    assert (discreet.get_full_name() in body) is sees_everyone
    assert ("Maire discret" in body) is sees_everyone
    assert ("qui n'a pas souhaité figurer" in body) is not sees_everyone


def test_answers_table_only_for_the_project_team(client, world):
    users, sessions = world
    meeting = sessions["public"]
    ParticipationFactory(meeting=meeting, user=users["member"])
    for role in ROLES:
        client.logout()
        body = login(client, users[role]).get(meeting.get_absolute_url()).content.decode()
        assert ('id="reponses"' in body) is (role == "team"), role
        assert ("Envoyer la convocation" in body or "Convoquer les nouveaux" in body) is (
            role == "team"
        ), role


# ---------------------------------------------------------------------- management actions
def _snapshot():
    return {
        "meetings": list(
            Meeting.objects.order_by("pk").values_list(
                "pk", "title", "status", "start", "ics_sequence", "convoked_at"
            )
        ),
        "participations": list(
            Participation.objects.order_by("pk").values_list("pk", "status", "attended")
        ),
        "documents": MeetingDocument.objects.count(),
        "agenda": sorted(Meeting.objects.values_list("agenda_items__title", flat=True), key=str),
        "emails": len(mail.outbox),
    }


def _edit_data(meeting):
    day = timezone.localdate() + timedelta(days=40)
    return {
        "title": "Titre piraté",
        "date": day.isoformat(),
        "start_time": "09:00",
        "end_time": "11:00",
        "place": "Ailleurs",
        "online_url": "",
        "description": "",
        "visibility": "public",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "40",
        "agenda-0-title": "Point piraté",
        "agenda-0-ORDER": "1",
    }


ACTIONS = {
    "edit_get": ("get", "copil:session_edit", None),
    "edit_post": ("post", "copil:session_edit", _edit_data),
    "convoke": ("post", "copil:session_convoke", lambda m: {}),
    "remind": ("post", "copil:session_remind", lambda m: {}),
    "cancel_get": ("get", "copil:session_cancel", None),
    "cancel_post": ("post", "copil:session_cancel", lambda m: {"reason": "Plus de quorum"}),
    "attendance_get": ("get", "copil:session_attendance", None),
    "attendance_post": ("post", "copil:session_attendance", lambda m: {"present": []}),
    "document_get": ("get", "copil:document_add", None),
    "document_post": (
        "post",
        "copil:document_add",
        lambda m: {
            "title": "Intrus",
            "visibility": "public",
            "file": SimpleUploadedFile("intrus.pdf", TINY_PDF, "application/pdf"),
        },
    ),
}


def _prepare_for_actions(sessions, users):
    """Convoked people without an answer (remind), and a session already started (attendance)."""
    for meeting in sessions.values():
        ParticipationFactory(meeting=meeting, user=users["member"])
        meeting.start = timezone.now() - timedelta(minutes=30)
        meeting.end = timezone.now() + timedelta(hours=1)
        meeting.save()


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("session", SESSIONS)
@pytest.mark.parametrize("role", sorted(set(ROLES) - {"team"}))
def test_management_actions_are_for_the_project_team_only(
    client, world, role, session, action, django_capture_on_commit_callbacks
):
    users, sessions = world
    _prepare_for_actions(sessions, users)
    meeting = sessions[session]
    method, name, data = ACTIONS[action]
    url = reverse(name, kwargs={"slug": meeting.slug})
    before = _snapshot()
    login(client, users[role])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url) if method == "get" else client.post(url, data(meeting))
    assert response.status_code == (403 if can_view(role, session) else 404)
    assert _snapshot() == before


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("session", SESSIONS)
def test_the_project_team_may_act(client, world, session, action):
    users, sessions = world
    _prepare_for_actions(sessions, users)
    meeting = sessions[session]
    method, name, data = ACTIONS[action]
    url = reverse(name, kwargs={"slug": meeting.slug})
    login(client, users["team"])
    response = client.get(url) if method == "get" else client.post(url, data(meeting))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        # (a new date gives the session a new address: the one it has now)
        meeting.refresh_from_db()
        assert response["Location"] == meeting.get_absolute_url()


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"team"}))
def test_creating_a_session_is_for_the_project_team_only(client, world, role):
    users, _sessions = world
    url = reverse("copil:session_create")
    count = Meeting.objects.count()
    login(client, users[role])
    assert client.get(url).status_code == 403
    assert client.post(url, _edit_data(None)).status_code == 403
    assert Meeting.objects.count() == count


def test_the_project_team_may_create(client, world):
    users, _sessions = world
    login(client, users["team"])
    assert client.get(reverse("copil:session_create")).status_code == 200
    response = client.post(reverse("copil:session_create"), _edit_data(None))
    assert response.status_code == 302
    assert Meeting.objects.filter(title="Titre piraté", status=Meeting.Status.DRAFT).exists()


@pytest.mark.parametrize("session", SESSIONS)
@pytest.mark.parametrize("role", ROLES)
def test_deciding_on_a_request(client, world, role, session, django_capture_on_commit_callbacks):
    users, sessions = world
    meeting = sessions[session]
    applicant = UserFactory()
    request = ParticipationFactory(
        meeting=meeting, user=applicant, status=Participation.Status.REQUESTED, invited_at=None
    )
    login(client, users[role])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("copil:request_decide", kwargs={"pk": request.pk}), {"decision": "accept"}
        )
    request.refresh_from_db()
    if role == "team":
        assert response.status_code == 302
        assert request.status == Participation.Status.INVITED
    else:
        assert response.status_code == (403 if can_view(role, session) else 404)
        assert request.status == Participation.Status.REQUESTED
        assert mail.outbox == []


@pytest.mark.parametrize("name", ["copil:session_answer"])
def test_post_only_actions_refuse_get(client, world, name):
    users, sessions = world
    login(client, users["team"])
    response = client.get(reverse(name, kwargs={"slug": sessions["public"].slug}))
    assert response.status_code == 405
    assert sessions["public"].participations.count() == 0


@pytest.mark.parametrize("name", ["copil:session_convoke", "copil:session_remind"])
def test_sending_pages_only_preview_on_get(client, world, name):
    """GET shows the recipients and the email: nothing is sent nor saved."""
    users, sessions = world
    login(client, users["team"])
    response = client.get(reverse(name, kwargs={"slug": sessions["public"].slug}))
    assert response.status_code == 200
    assert sessions["public"].participations.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("role", sorted(OUTSIDERS))
def test_answering_or_requesting_on_a_hidden_session_is_a_404(client, world, role):
    users, sessions = world
    login(client, users[role])
    for session in ("draft", "members"):
        slug = sessions[session].slug
        answer = client.post(
            reverse("copil:session_answer", kwargs={"slug": slug}), {"status": "attending"}
        )
        ask = client.post(reverse("copil:session_request", kwargs={"slug": slug}))
        assert (answer.status_code, ask.status_code) == (404, 404)
    assert Participation.objects.count() == 0


def test_unknown_session_is_a_404_for_everyone(client, world):
    users, _sessions = world
    login(client, users["team"])
    assert client.get("/copil/seances/n-existe-pas/").status_code == 404
    assert client.post("/copil/seances/n-existe-pas/convocation/").status_code == 404
    assert client.post("/copil/demandes/999999/decision/", {"decision": "accept"}).status_code == (
        404
    )
