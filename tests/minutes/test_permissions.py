"""Who sees and does what with minutes, through the HTTP client.

Roles: anonymous, stakeholder, elected official who is not a COPIL member, elected official
member of the COPIL, the COPIL's secretary (drafter), a technical committee member (reviewer
of COPIL minutes), project team. Minutes: draft, in review, published public, published
members-only. Pages: the minutes page, a version page, the edit form, the reading room; and
the workflow actions. Minutes someone may neither read nor see in draft answer 404 (their
existence does not leak); nothing changes on a refused action.
"""

import pytest
from django.urls import reverse

from apps.governance.models import Meeting, Membership
from apps.minutes.models import Minutes, MinutesComment
from apps.minutes.selectors import published_minutes
from tests.accounts.factories import UserFactory
from tests.governance.factories import MembershipFactory
from tests.minutes.factories import held_meeting, minutes_in, technical_committee
from tests.minutes.helpers import client_for

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "stakeholder",
    "elected_outsider",
    "elected_member",
    "secretary",
    "reviewer",
    "team",
]
STATES = ["draft", "in_review", "public", "members"]
MEMBERS = {"elected_member", "secretary", "team"}  # read members-only COPIL minutes
DRAFTERS = {"secretary", "team"}


def can_read(role: str, state: str) -> bool:
    if state not in ("public", "members"):
        return False
    return state == "public" or role in MEMBERS


def sees_working_copy(role: str, state: str) -> bool:
    """The project team and the drafter always; reviewers while the minutes are in review."""
    return role in DRAFTERS or (role == "reviewer" and state == "in_review")


def visible(role: str, state: str) -> bool:
    return can_read(role, state) or sees_working_copy(role, state)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def users(db):
    elected = UserFactory(role="elu")
    MembershipFactory(user=elected, role=Membership.Role.ELECTED_OFFICIAL)
    reviewer = UserFactory(role="comite-technique")
    MembershipFactory(user=reviewer, body=technical_committee())
    return {
        "anonymous": None,
        "stakeholder": UserFactory(),
        "elected_outsider": UserFactory(role="elu"),
        "elected_member": elected,
        "secretary": MembershipFactory(role=Membership.Role.SECRETARY).user,
        "reviewer": reviewer,
        "team": UserFactory(role="equipe-projet"),
    }


@pytest.fixture
def world(users):
    team = users["team"]
    return {
        "draft": minutes_in(
            "draft", by=team, meeting=held_meeting(title="CR brouillon secret"), body="Secret 1"
        ),
        "in_review": minutes_in(
            "in_review", by=team, meeting=held_meeting(title="CR en relecture"), body="Secret 2"
        ),
        "public": minutes_in(
            "published", by=team, meeting=held_meeting(title="CR public"), body="Texte public"
        ),
        "members": minutes_in(
            "published",
            by=team,
            meeting=held_meeting(title="CR des membres"),
            body="Texte réservé",
            visibility=Minutes.Visibility.MEMBERS,
        ),
    }


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


# ------------------------------------------------------------------------------------ pages
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_minutes_page(users, world, role, state):
    minutes = world[state]
    response = client_for(users[role]).get(minutes.get_absolute_url())
    if not visible(role, state):
        assert response.status_code == 404
        assert minutes.meeting.title not in response.content.decode()
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert (response.context["version"] is not None) == can_read(role, state)
    assert ('id="copie-de-travail"' in body) == sees_working_copy(role, state)
    assert ("Modifier</a>" in body) == (role in DRAFTERS and state in ("draft", "in_review"))
    assert ("Publier</button>" in body) == (role == "team" and state == "in_review")
    assert ('id="commenter"' in body) == (state == "in_review" and role in DRAFTERS | {"reviewer"})
    assert ("Corriger</button>" in body) == (role == "team" and state in ("public", "members"))


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_version_page(users, world, role, state):
    minutes = world[state]
    url = reverse("minutes:version", kwargs={"pk": minutes.pk, "number": 1})
    response = client_for(users[role]).get(url)
    assert response.status_code == (200 if can_read(role, state) else 404)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_edit_page(users, world, role, state):
    minutes = world[state]
    response = client_for(users[role]).get(reverse("minutes:edit", kwargs={"pk": minutes.pk}))
    if not visible(role, state):
        assert response.status_code == 404
    elif role in DRAFTERS and state in ("draft", "in_review"):
        assert response.status_code == 200
    elif sees_working_copy(role, state):  # told why, back on the minutes page
        assert response.status_code == 302
        assert response.url == minutes.get_absolute_url()
    elif role == "anonymous":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_reading_room_lists_what_the_rule_allows(users, world, role):
    user = users[role]
    response = client_for(user).get(reverse("minutes:reading_room"))
    assert response.status_code == 200
    listed = {row.minutes_id for row in response.context["rows"]}
    expected = {world[state].pk for state in STATES if can_read(role, state)}
    assert listed == expected
    # the SQL filter of the reading room agrees with the rule, for every minutes
    from django.contrib.auth.models import AnonymousUser

    viewer = user or AnonymousUser()
    ruled = {
        m.pk
        for m in world.values()
        if m.versions.exists() and viewer.has_perm("minutes.read_minutes", m)
    }
    assert {v.minutes_id for v in published_minutes(viewer=viewer)} == ruled == expected
    body = response.content.decode()
    for state in STATES:
        assert (world[state].meeting.title in body) == can_read(role, state)


# ------------------------------------------------------------------------------------ actions
def _post(users, role, name, minutes, data=None):
    return client_for(users[role]).post(
        reverse(f"minutes:{name}", kwargs={"pk": minutes.pk}), data or {}
    )


def _assert_refused(response, role, state, minutes):
    if not visible(role, state):
        assert response.status_code == 404
    elif sees_working_copy(role, state):
        assert response.status_code == 302
        assert response.url == minutes.get_absolute_url()
    elif role == "anonymous":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_submit(users, world, role):
    minutes = world["draft"]
    response = _post(users, role, "submit", minutes)
    minutes.refresh_from_db()
    if role in DRAFTERS:
        assert minutes.status == Minutes.Status.IN_REVIEW
    else:
        _assert_refused(response, role, "draft", minutes)
        assert minutes.status == Minutes.Status.DRAFT


@pytest.mark.parametrize("role", ROLES)
def test_comment(users, world, role):
    minutes = world["in_review"]
    response = _post(users, role, "comment", minutes, {"text": "Une remarque"})
    if role in DRAFTERS | {"reviewer"}:
        assert response.status_code == 302
        assert MinutesComment.objects.filter(minutes=minutes, author=users[role]).exists()
    else:
        _assert_refused(response, role, "in_review", minutes)
        assert not MinutesComment.objects.filter(minutes=minutes).exists()


@pytest.mark.parametrize("role", ROLES)
def test_return_to_draft(users, world, role):
    minutes = world["in_review"]
    response = _post(users, role, "return", minutes)
    minutes.refresh_from_db()
    if role == "team":
        assert minutes.status == Minutes.Status.DRAFT
    else:
        _assert_refused(response, role, "in_review", minutes)
        assert minutes.status == Minutes.Status.IN_REVIEW


@pytest.mark.parametrize("role", ROLES)
def test_publish(users, world, role):
    minutes = world["in_review"]
    response = _post(users, role, "publish", minutes)
    minutes.refresh_from_db()
    if role == "team":
        assert minutes.status == Minutes.Status.PUBLISHED
        assert minutes.versions.count() == 1
    else:
        _assert_refused(response, role, "in_review", minutes)
        assert minutes.status == Minutes.Status.IN_REVIEW
        assert not minutes.versions.exists()


@pytest.mark.parametrize("state", ["public", "members"])
@pytest.mark.parametrize("role", ROLES)
def test_correct(users, world, role, state):
    minutes = world[state]
    response = _post(users, role, "correct", minutes)
    minutes.refresh_from_db()
    if role == "team":
        assert minutes.status == Minutes.Status.DRAFT
    else:
        _assert_refused(response, role, state, minutes)
        assert minutes.status == Minutes.Status.PUBLISHED


@pytest.mark.parametrize("role", ROLES)
def test_save_by_post(users, world, role):
    """Saving by a hand-made POST follows the edit page's rules."""
    minutes = world["in_review"]
    data = {
        "base_revision": str(minutes.revision),
        "body": "Réécrit",
        "visibility": "public",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }
    response = client_for(users[role]).post(
        reverse("minutes:edit", kwargs={"pk": minutes.pk}), data
    )
    minutes.refresh_from_db()
    if role in DRAFTERS:
        assert response.status_code == 302
        assert minutes.body == "Réécrit"
    else:
        _assert_refused(response, role, "in_review", minutes)
        assert minutes.body == "Secret 2"


@pytest.mark.parametrize("meeting_visibility", ["public", "members"])
@pytest.mark.parametrize("role", ROLES)
def test_start(users, role, meeting_visibility):
    meeting = held_meeting(visibility=meeting_visibility)
    response = client_for(users[role]).post(reverse("minutes:start", kwargs={"slug": meeting.slug}))
    started = Minutes.objects.filter(meeting=meeting).first()
    if role in DRAFTERS:
        assert response.status_code == 302
        assert response.url == reverse("minutes:edit", kwargs={"pk": started.pk})
        return
    assert started is None
    sees_meeting = meeting_visibility == Meeting.Visibility.PUBLIC or role in MEMBERS
    if not sees_meeting:
        assert response.status_code == 404
    elif role == "anonymous":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == 403


def test_start_on_an_unknown_or_draft_meeting_is_a_404(users):
    draft = held_meeting(status=Meeting.Status.DRAFT)
    for slug in ("inconnue", draft.slug):
        response = client_for(users["secretary"]).post(
            reverse("minutes:start", kwargs={"slug": slug})
        )
        assert response.status_code == 404
    assert not Minutes.objects.exists()
