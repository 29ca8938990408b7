"""The strategy floor announces its changes (for notifications and the contributor's loop)."""

import pytest

from apps.strategy import services, signals
from apps.strategy.models import PriorityAction
from tests.strategy.factories import ContributionFactory, ObjectiveFactory, PriorityActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    events = []

    def listen(signal_name):
        def receiver(sender, **kwargs):
            events.append((signal_name, kwargs))

        return receiver

    linked = listen("linked")
    status = listen("status")
    signals.contributions_linked_to_action.connect(linked)
    signals.action_status_changed.connect(status)
    yield events
    signals.contributions_linked_to_action.disconnect(linked)
    signals.action_status_changed.disconnect(status)


def test_creating_an_action_announces_its_origin_contributions(heard):
    contributions = ContributionFactory.create_batch(2)
    action = services.action_create_from_contributions(
        contributions=contributions,
        by=None,
        title="Une carte des circuits courts",
        objective=ObjectiveFactory(),
    )
    assert heard == [
        (
            "linked",
            {
                "signal": signals.contributions_linked_to_action,
                "action": action,
                "contributions": contributions,
                "by": None,
                "created": True,
            },
        )
    ]


def test_linking_announces_only_the_newly_linked_contributions(heard):
    old, new = ContributionFactory.create_batch(2)
    action = PriorityActionFactory()
    action.contributions.add(old)
    services.action_link_contributions(action=action, contributions=[old, new], by=None)
    services.action_link_contributions(action=action, contributions=[old, new], by=None)
    assert [(name, kwargs["contributions"], kwargs["created"]) for name, kwargs in heard] == [
        ("linked", [new], False)
    ]


def test_a_status_change_is_announced_once_with_its_source(heard):
    action = PriorityActionFactory(status=PriorityAction.Status.PROPOSED)
    services.action_update(action=action, by=None, progress=10)
    assert heard == []
    services.action_update(
        action=action, by=None, source="copil", status=PriorityAction.Status.VALIDATED
    )
    ((name, kwargs),) = heard
    assert (name, kwargs["old_status"], kwargs["new_status"], kwargs["source"]) == (
        "status",
        PriorityAction.Status.PROPOSED,
        PriorityAction.Status.VALIDATED,
        "copil",
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == (PriorityAction.Status.VALIDATED, 10)
