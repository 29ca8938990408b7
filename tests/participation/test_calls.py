"""Calls for contributions: online contributions are strategy's typed contributions (same
moderation, supports, traceability), closed calls refuse, group-limited calls are invisible to
everyone else — pages, lists, counts, the strategy pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.participation import services
from apps.participation.visibility import can_view
from apps.strategy import services as strategy_services
from apps.strategy.models import Contribution
from tests.accounts.factories import UserFactory
from tests.governance.factories import MembershipFactory

from .factories import contribute, make_call, objective, working_group

pytestmark = pytest.mark.django_db


def test_online_contribution_is_a_strategy_contribution(stakeholder):
    call = make_call()
    contribution = contribute(call, stakeholder)
    assert isinstance(contribution, Contribution)
    assert contribution.meeting is None and contribution.source == call
    assert list(contribution.objectives.all()) == [objective()]
    # the same supports, moderation and traceability to actions as in workshops
    other = UserFactory()
    strategy_services.contribution_support(contribution=contribution, user=other)
    assert contribution.supports.count() == 1
    lead = UserFactory(role="equipe-projet")
    action = strategy_services.action_create_from_contributions(
        contributions=[contribution], by=lead, title="Guichet unique", objective=objective()
    )
    assert list(action.contributions.all()) == [contribution]
    strategy_services.contribution_hide(contribution=contribution, by=lead, reason="Hors sujet")
    contribution.refresh_from_db()
    assert contribution.is_hidden and contribution.hidden_reason == "Hors sujet"


def test_closed_call_refuses_in_french(stakeholder):
    call = make_call(open=False)
    with pytest.raises(ValidationError, match="clos depuis le"):
        contribute(call, stakeholder)
    assert not Contribution.objects.filter(meeting__isnull=True).exists()


def test_call_not_yet_open_refuses(stakeholder):
    now = timezone.now()
    call = make_call(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2))
    with pytest.raises(ValidationError, match="pas encore ouvert"):
        contribute(call, stakeholder)


def test_empty_contribution_refused(stakeholder):
    with pytest.raises(ValidationError) as error:
        contribute(make_call(), stakeholder, text="   ")
    assert "vide" in str(error.value)


def test_group_call_reserved_to_members():
    group = working_group()
    call = make_call(body=group)
    member, outsider = UserFactory(), UserFactory()
    MembershipFactory(body=group, user=member)
    contribution = contribute(call, member)
    assert contribution.restricted_to == group
    with pytest.raises(ValidationError, match="réservé aux membres"):
        contribute(call, outsider)


def test_call_form_requires_a_theme_and_a_period():
    lead = UserFactory(role="equipe-projet")
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.call_create(by=lead, title="X", question="Q", opens_at=now, closes_at=now)
    with pytest.raises(ValidationError):
        services.call_create(
            by=lead, title="X", question="Q", opens_at=now, closes_at=now + timedelta(days=1)
        )


def test_call_opened_signal_sent_in_the_transaction(django_capture_on_commit_callbacks):
    from apps.participation.signals import call_opened

    received = []

    def receiver(sender, call, **kwargs):
        from django.db import connection

        received.append((call.pk, connection.in_atomic_block))

    call_opened.connect(receiver)
    try:
        call = make_call()
    finally:
        call_opened.disconnect(receiver)
    assert received == [(call.pk, True)]


# ---------------------------------------------------------------- the permission matrix
@pytest.fixture
def group_call_world():
    group = working_group()
    call = make_call(body=group, title="Appel réservé au groupe")
    member = UserFactory()
    MembershipFactory(body=group, user=member)
    contribution = contribute(call, member, text="Une idée réservée au groupe de travail")
    open_call = make_call(title="Appel ouvert à tous")
    return {"group": group, "call": call, "member": member, "contribution": contribution,
            "open_call": open_call}  # fmt: skip


ROLES = ["anonymous", "outsider", "member", "team"]


def _client_for(client, role, world):
    if role == "outsider":
        client.force_login(UserFactory())
    elif role == "member":
        client.force_login(world["member"])
    elif role == "team":
        client.force_login(UserFactory(role="equipe-projet"))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_group_call_invisible_to_others_everywhere(client, role, group_call_world):
    world = group_call_world
    sees = role in ("member", "team")
    client = _client_for(client, role, world)
    call, contribution = world["call"], world["contribution"]
    # the call's page
    response = client.get(call.get_absolute_url())
    assert response.status_code == (200 if sees else 404)
    # the list of calls
    listing = client.get(reverse("participation:home")).content.decode()
    assert ("Appel réservé au groupe" in listing) is sees
    assert "Appel ouvert à tous" in listing
    # the contribution's page
    response = client.get(reverse("participation:contribution", args=[contribution.pk]))
    assert response.status_code == (200 if sees else 404)
    # the strategy pages and their counts
    page = client.get(objective().get_absolute_url()).content.decode()
    assert ("Une idée réservée au groupe" in page) is sees
    # commenting needs to see it
    if role != "anonymous":
        response = client.post(
            reverse("participation:comment_post"),
            {"contribution": contribution.pk, "text": "Je réagis"},
        )
        assert response.status_code == (302 if sees else 404)
    # supporting, hiding: a 404 too, never a redirect that would name the call's address
    for name in ("strategy:contribution_support", "strategy:contribution_hide"):
        response = client.post(reverse(name, args=[contribution.pk]))
        if sees:
            assert response.status_code in (302, 403)
        else:
            assert response.status_code == 404
            assert call.slug not in response.get("Location", "")


def test_can_view_predicate_for_notifications(group_call_world):
    world = group_call_world
    from django.contrib.auth.models import AnonymousUser

    assert can_view(world["member"], world["call"])
    assert not can_view(UserFactory(), world["call"])
    assert not can_view(AnonymousUser(), world["call"])
    assert can_view(AnonymousUser(), world["open_call"])
    assert not can_view(UserFactory(), world["contribution"])


def test_post_to_closed_call_page_says_why(client, stakeholder):
    call = make_call(open=False)
    client.force_login(stakeholder)
    response = client.post(call.get_absolute_url(), {"type": "need", "text": "Trop tard"})
    assert response.status_code == 400
    assert "il n&#x27;accepte plus de contributions" in response.content.decode()
    assert not Contribution.objects.filter(meeting__isnull=True).exists()


def test_contribute_through_the_page(client, stakeholder):
    call = make_call()
    client.force_login(stakeholder)
    response = client.post(
        call.get_absolute_url(), {"type": "action_idea", "text": "Un **week-end** découverte"}
    )
    contribution = Contribution.objects.get(meeting__isnull=True)
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:contribution", args=[contribution.pk])
    page = client.get(response["Location"]).content.decode()
    assert "<strong>week-end</strong>" in page


def test_call_page_constant_queries(client, stakeholder, django_assert_max_num_queries):
    call = make_call()
    for i in range(25):
        contribute(call, UserFactory(), text=f"Contribution {i}")
    client.force_login(stakeholder)
    with django_assert_max_num_queries(20):
        response = client.get(call.get_absolute_url())
    assert response.status_code == 200


def test_a_group_call_is_followed_and_announced_within_the_group(client, group_call_world):
    from apps.notifications import subjects

    world = group_call_world
    call, member, outsider = world["call"], world["member"], UserFactory()
    assert subjects.visible_ids("participation.call", member, [call.pk]) == {call.pk}
    assert subjects.visible_ids("participation.call", outsider, [call.pk]) == set()
    assert subjects.audience_of(call, {member.pk, outsider.pk}) == {member.pk}
    client.force_login(outsider)
    client.post(reverse("notifications:follow"), {"type": "participation.call", "id": call.pk})
    from apps.notifications.models import Follow

    assert not Follow.objects.filter(user=outsider).exists()
