"""Creating an action that repeats an existing one (same title, or contributions that already
found one action) warns and asks to confirm, or to cite the contributions in that action."""

import pytest
from django.urls import reverse

from apps.strategy.models import Objective, PriorityAction
from apps.strategy.selectors import duplicate_actions
from tests.strategy.factories import ContributionFactory, PriorityActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client, project_lead):
    client.force_login(project_lead)
    return client


def _data(contributions, title, **extra):
    objective = Objective.objects.order_by("position").first()
    return {
        "contributions": ",".join(str(c.pk) for c in contributions),
        "title": title,
        "objective": str(objective.pk),
        **extra,
    }


def test_selector_finds_same_title_and_actions_citing_every_contribution():
    first, second, other = ContributionFactory.create_batch(3)
    both = PriorityActionFactory(title="Guichet unique", contributions=[first, second])
    PriorityActionFactory(title="Une autre", contributions=[first])  # cites only one
    same_title = PriorityActionFactory(title="Maison des saisonniers", contributions=[other])

    assert duplicate_actions(contributions=[first, second]) == [both]
    assert duplicate_actions(contributions=[second]) == [both]
    assert duplicate_actions(contributions=[other], title="  maison  des SAISONNIERS ") == [
        same_title
    ]
    assert duplicate_actions(contributions=[first, second, other]) == []


def test_same_title_warns_and_creates_nothing_until_confirmed(team_client):
    existing = PriorityActionFactory(title="Guichet unique d'accueil")
    contribution = ContributionFactory()
    url = reverse("strategy:action_create")

    response = team_client.post(url, _data([contribution], "guichet unique d'accueil"))

    assert response.status_code == 200
    assert list(response.context["duplicates"]) == [existing]
    body = response.content.decode()
    assert 'id="doublon"' in body and existing.get_absolute_url() in body
    assert 'name="confirm_duplicate"' in body  # the button that confirms
    assert f'name="action" value="{existing.pk}"' in body  # or cite them in that action
    assert 'value="guichet unique d&#x27;accueil"' in body  # what was typed is kept
    assert PriorityAction.objects.count() == 1

    confirmed = team_client.post(
        url, _data([contribution], "guichet unique d'accueil", confirm_duplicate="1")
    )
    assert confirmed.status_code == 302
    assert PriorityAction.objects.count() == 2


def test_contributions_already_founding_one_action_warn_on_arrival_and_on_creation(
    team_client,
):
    first, second = ContributionFactory.create_batch(2)
    existing = PriorityActionFactory(title="Réseau des ambassadeurs", contributions=[first, second])
    url = reverse("strategy:action_create")

    arrival = team_client.get(f"{url}?contributions={first.pk},{second.pk}")
    assert list(arrival.context["duplicates"]) == [existing]
    assert "Ces contributions ont déjà donné une action." in arrival.content.decode()
    assert 'name="confirm_duplicate"' not in arrival.content.decode()

    response = team_client.post(url, _data([first, second], "Ambassadeurs du territoire"))
    assert response.status_code == 200 and PriorityAction.objects.count() == 1

    # « Rattacher plutôt » cites them in the existing action: nothing new is created.
    linked = team_client.post(
        reverse("strategy:action_link"),
        {"contributions": f"{first.pk},{second.pk}", "action": str(existing.pk)},
    )
    assert linked.status_code == 302 and PriorityAction.objects.count() == 1


def test_a_new_action_from_new_contributions_is_created_at_once(team_client):
    PriorityActionFactory(title="Guichet unique")
    contribution = ContributionFactory()
    response = team_client.post(
        reverse("strategy:action_create"), _data([contribution], "Maison des saisonniers")
    )
    assert response.status_code == 302
    assert PriorityAction.objects.filter(title="Maison des saisonniers").exists()


def test_the_warning_costs_a_constant_number_of_queries(team_client, django_assert_max_num_queries):
    contributions = ContributionFactory.create_batch(5)
    for n in range(4):
        PriorityActionFactory(title=f"Action {n}", contributions=contributions)
    url = reverse("strategy:action_create")
    with django_assert_max_num_queries(30) as captured:
        team_client.post(url, _data(contributions, "Action 1"))
    few = len(captured.captured_queries)
    for n in range(4, 20):
        PriorityActionFactory(title=f"Action {n}", contributions=contributions)
    with django_assert_max_num_queries(few):
        response = team_client.post(url, _data(contributions, "Action 1"))
    assert len(response.context["duplicates"]) == 20
