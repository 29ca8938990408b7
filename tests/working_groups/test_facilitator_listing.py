"""The working group's page honours the membership's "listed publicly" flag for facilitators
(as the COPIL page does): only the project team and the group's facilitators see the name."""

import pytest
from django.urls import reverse

from apps.governance.models import Membership
from tests.accounts.factories import UserFactory
from tests.working_groups.factories import WorkingGroupFactory, add_group_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    group = WorkingGroupFactory()
    listed = UserFactory(first_name="Soazig", last_name="Listée")
    unlisted = UserFactory(first_name="Tanguy", last_name="Discret")
    Membership.objects.create(
        body=group.body, user=listed, role=Membership.Role.FACILITATOR, publicly_listed=True
    )
    Membership.objects.create(
        body=group.body, user=unlisted, role=Membership.Role.FACILITATOR, publicly_listed=False
    )
    return group


def _page(client, group, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("working_groups:detail", args=[group.body.slug]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "stakeholder", "member"])
def test_an_unlisted_facilitator_is_not_named(client, group, who):
    user = {
        "anonymous": None,
        "stakeholder": UserFactory(),
        "member": add_group_member(group),
    }[who]
    page = _page(client, group, user)
    assert "Soazig Listée" in page
    assert "Discret" not in page
    assert "1 personne anime ce groupe sans figurer sur la liste publique" in page


@pytest.mark.parametrize("who", ["team", "facilitator"])
def test_the_team_and_the_facilitators_see_every_name(client, group, who):
    user = (
        UserFactory(role="equipe-projet")
        if who == "team"
        else Membership.objects.get(body=group.body, publicly_listed=True).user
    )
    page = _page(client, group, user)
    assert "Soazig Listée" in page and "Tanguy Discret" in page
    assert "sans figurer sur la liste publique" not in page


def test_with_only_unlisted_facilitators_the_page_does_not_say_none_yet(client):
    group = WorkingGroupFactory()
    Membership.objects.create(
        body=group.body,
        user=UserFactory(last_name="Discret"),
        role=Membership.Role.FACILITATOR,
        publicly_listed=False,
    )
    page = _page(client, group)
    assert "Discret" not in page
    assert "sera annoncée prochainement" not in page
