"""Who sees and does what on the workshop pages, through the HTTP client.

Roles: anonymous, stakeholder, member of the working group, facilitator of the group (its
membership role), facilitator named on the workshops (Facilitateurs group, not a member of
the group), project team. Workshops: a draft and a members-only one held by the group, an
open public one. A workshop someone may not see answers 404 (its existence does not leak);
an action on a workshop they may see but not manage answers 403; either way nothing changes.
"""

import pytest
from django.urls import reverse

from apps.governance.models import Meeting, Membership, Participation
from apps.workshops.rules import can_view_workshop
from apps.workshops.selectors import workshops_visible_to
from tests.accounts.factories import UserFactory
from tests.governance.factories import ParticipationFactory
from tests.working_groups.factories import WorkingGroupFactory, add_group_member
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "stakeholder", "member", "group_facilitator", "facilitator", "team"]
WORKSHOPS = ["draft", "members", "public"]
S = Participation.Status


def can_view(role: str, workshop: str) -> bool:
    if workshop == "draft":
        return role == "team"
    if workshop == "members":
        return role in {"member", "group_facilitator", "facilitator", "team"}
    return True


def can_checkin(role: str, workshop: str) -> bool:
    if role == "team":
        return True
    if role == "facilitator":
        return workshop != "draft"
    if role == "group_facilitator":
        return workshop == "members"  # the draft is hidden; the public one is not the group's
    return False


@pytest.fixture
def world(db):
    group = WorkingGroupFactory()
    named = UserFactory(role="facilitateur")
    users = {
        "anonymous": None,
        "stakeholder": UserFactory(),
        "member": add_group_member(group),
        "group_facilitator": add_group_member(group, role=Membership.Role.FACILITATOR),
        "facilitator": named,
        "team": UserFactory(role="equipe-projet"),
    }
    workshops = {
        "draft": WorkshopFactory(
            meeting__title="Atelier brouillon secret",
            meeting__slug="brouillon",
            meeting__status=Meeting.Status.DRAFT,
            meeting__body=group.body,
            meeting__capacity=10,
            facilitators=[named],
        ).meeting,
        "members": WorkshopFactory(
            meeting__title="Atelier réservé au groupe",
            meeting__slug="reserve",
            meeting__body=group.body,
            meeting__visibility=Meeting.Visibility.MEMBERS,
            meeting__capacity=10,
            facilitators=[named],
        ).meeting,
        "public": WorkshopFactory(
            meeting__title="Atelier ouvert au public",
            meeting__slug="public",
            meeting__capacity=10,
            facilitators=[named],
        ).meeting,
    }
    attendee = UserFactory()
    for meeting in workshops.values():
        ParticipationFactory(meeting=meeting, user=attendee, status=S.REGISTERED)
    return users, workshops


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def snapshot(meeting: Meeting):
    meeting = Meeting.objects.get(pk=meeting.pk)
    workshop = meeting.workshop
    return (
        meeting.title,
        meeting.status,
        meeting.capacity,
        meeting.place,
        sorted(meeting.participations.values_list("user_id", "status", "attended")),
        sorted(workshop.objectives.values_list("pk", flat=True)),
    )


# ---------------------------------------------------------------------------- seeing things
@pytest.mark.parametrize("workshop", WORKSHOPS)
@pytest.mark.parametrize("role", ROLES)
def test_workshop_page(client, world, role, workshop):
    users, workshops = world
    meeting = workshops[workshop]
    response = login(client, users[role]).get(meeting.get_absolute_url())
    if can_view(role, workshop):
        assert response.status_code == 200
        assert meeting.title in response.content.decode()
    else:
        assert response.status_code == 404
        assert meeting.title not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_programme_lists_only_what_one_may_see(client, world, role):
    users, workshops = world
    body = login(client, users[role]).get(reverse("workshops:programme")).content.decode()
    for workshop, meeting in workshops.items():
        assert (meeting.title in body) is can_view(role, workshop), workshop
        assert (meeting.get_absolute_url() in body) is can_view(role, workshop), workshop
    assert ("Programmer un atelier" in body) is (role == "team")


@pytest.mark.parametrize("role", ROLES)
def test_the_queryset_and_the_predicate_agree(world, role):
    """`workshops_visible_to` is the queryset form of `workshops.view_workshop`."""
    from django.contrib.auth.models import AnonymousUser

    users, workshops = world
    user = users[role] or AnonymousUser()
    visible = set(workshops_visible_to(user=user).values_list("pk", flat=True))
    for workshop, meeting in workshops.items():
        meeting = Meeting.objects.select_related("body", "workshop").get(pk=meeting.pk)
        assert (meeting.pk in visible) is can_view(role, workshop), workshop
        assert can_view_workshop.test(user, meeting) is can_view(role, workshop), workshop


@pytest.mark.parametrize(
    ("role", "workshop"),
    [(r, w) for r in ROLES for w in WORKSHOPS if can_view(r, w)],
)
def test_management_links_on_the_page(client, world, role, workshop):
    users, workshops = world
    meeting = workshops[workshop]
    body = login(client, users[role]).get(meeting.get_absolute_url()).content.decode()
    assert (reverse("workshops:edit", args=[meeting.slug]) in body) is (role == "team")
    assert (reverse("workshops:cancel", args=[meeting.slug]) in body) is (role == "team")
    assert (reverse("workshops:publish", args=[meeting.slug]) in body) is (
        role == "team" and workshop == "draft"
    )
    checkin_link = reverse("workshops:checkin", args=[meeting.slug]) in body
    assert checkin_link is (can_checkin(role, workshop) and workshop != "draft")


# ------------------------------------------------------------------------ managing workshops
@pytest.mark.parametrize("role", ROLES)
def test_create(client, world, role):
    users, _workshops = world
    login(client, users[role])
    before = Meeting.objects.count()
    page = client.get(reverse("workshops:create"))
    response = client.post(
        reverse("workshops:create"),
        {
            "title": "Atelier pirate",
            "date": "2099-01-01",
            "start_time": "10:00",
            "end_time": "12:00",
            "place": "Quimper",
        },
    )
    if role == "team":
        assert page.status_code == 200
        assert response.status_code == 302
        assert Meeting.objects.count() == before + 1
    else:
        assert page.status_code == 403
        assert response.status_code == 403
        assert Meeting.objects.count() == before


def _expected(role: str, workshop: str, allowed: bool) -> int:
    if not can_view(role, workshop):
        return 404
    return 0 if allowed else 403


@pytest.mark.parametrize("workshop", WORKSHOPS)
@pytest.mark.parametrize("role", ROLES)
def test_edit(client, world, role, workshop):
    users, workshops = world
    meeting = workshops[workshop]
    before = snapshot(meeting)
    login(client, users[role])
    url = reverse("workshops:edit", args=[meeting.slug])
    page = client.get(url)
    response = client.post(
        url,
        {
            "title": "Titre piraté",
            "date": "2099-01-01",
            "start_time": "10:00",
            "end_time": "12:00",
            "place": "Ailleurs",
            "capacity": "1",
        },
    )
    expected = _expected(role, workshop, role == "team")
    if expected:
        assert page.status_code == expected
        assert response.status_code == expected
        assert snapshot(meeting) == before
    else:
        assert page.status_code == 200
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert (meeting.title, meeting.capacity) == ("Titre piraté", 1)


@pytest.mark.parametrize("workshop", WORKSHOPS)
@pytest.mark.parametrize("role", ROLES)
def test_publish(client, world, role, workshop):
    users, workshops = world
    meeting = workshops[workshop]
    before = snapshot(meeting)
    response = login(client, users[role]).post(reverse("workshops:publish", args=[meeting.slug]))
    expected = _expected(role, workshop, role == "team")
    if expected:
        assert response.status_code == expected
        assert snapshot(meeting) == before
    else:
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.SCHEDULED


@pytest.mark.parametrize("workshop", WORKSHOPS)
@pytest.mark.parametrize("role", ROLES)
def test_cancel(client, world, role, workshop):
    users, workshops = world
    meeting = workshops[workshop]
    before = snapshot(meeting)
    login(client, users[role])
    url = reverse("workshops:cancel", args=[meeting.slug])
    page = client.get(url)
    response = client.post(url, {"reason": "Test", "confirm": "1"})
    expected = _expected(role, workshop, role == "team")
    if expected:
        assert page.status_code == expected
        assert response.status_code == expected
        assert snapshot(meeting) == before
    else:
        assert page.status_code == 200
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED


# ------------------------------------------------------------------------------------- check-in
@pytest.mark.parametrize("workshop", WORKSHOPS)
@pytest.mark.parametrize("role", ROLES)
def test_checkin(client, world, role, workshop):
    users, workshops = world
    meeting = workshops[workshop]
    row = meeting.participations.get()
    walker = UserFactory()
    before = snapshot(meeting)
    login(client, users[role])
    page = client.get(reverse("workshops:checkin", args=[meeting.slug]))
    toggle = client.post(
        reverse("workshops:checkin_toggle", args=[meeting.slug, row.pk]), {"attended": "1"}
    )
    walk_in = client.post(
        reverse("workshops:checkin_walk_in", args=[meeting.slug]), {"user": walker.pk}
    )
    if not can_view(role, workshop):
        assert {page.status_code, toggle.status_code, walk_in.status_code} == {404}
        assert snapshot(meeting) == before
    elif not can_checkin(role, workshop):
        assert {page.status_code, toggle.status_code, walk_in.status_code} == {403}
        assert snapshot(meeting) == before
    elif workshop == "draft":
        # The team sees the draft, but a draft takes no check-in: a message, nothing changes.
        assert {page.status_code, toggle.status_code, walk_in.status_code} == {302}
        assert snapshot(meeting) == before
    else:
        assert page.status_code == 200
        assert toggle.status_code == 302 and walk_in.status_code == 302
        row.refresh_from_db()
        assert row.attended is True
        assert meeting.participations.get(user=walker).walk_in


@pytest.mark.parametrize("role", ["anonymous", "stakeholder", "member"])
def test_checkin_json_is_refused_too(client, world, role):
    users, workshops = world
    meeting = workshops["public"]
    row = meeting.participations.get()
    response = login(client, users[role]).post(
        reverse("workshops:checkin_toggle", args=[meeting.slug, row.pk]),
        {"attended": "1"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.attended is None


def test_a_facilitator_of_another_workshop_may_not_check_in(client, world):
    users, workshops = world
    other = UserFactory(role="facilitateur")
    WorkshopFactory(facilitators=[other])
    meeting = workshops["public"]
    response = login(client, other).get(reverse("workshops:checkin", args=[meeting.slug]))
    assert response.status_code == 403


def test_a_past_member_no_longer_sees_the_members_only_workshop(client, world):
    from datetime import timedelta

    from django.utils import timezone

    users, workshops = world
    meeting = workshops["members"]
    member = users["member"]
    Membership.objects.filter(user=member).update(
        since=timezone.localdate() - timedelta(days=30),
        until=timezone.localdate() - timedelta(days=1),
    )
    assert login(client, member).get(meeting.get_absolute_url()).status_code == 404
