"""From co-construction to the COPIL agenda and back: a proposal carries the prepared file and
becomes an agenda item; the decision in the published minutes updates the action's status
(through strategy's action_update, which announces it) and shows on the action and proposal."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.governance.models import Meeting
from apps.minutes import services as minutes_services
from apps.participation import services
from apps.participation.models import Proposal
from apps.strategy import services as strategy_services
from apps.strategy.models import PriorityAction
from apps.strategy.signals import action_status_changed
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory

from .factories import contribute, make_action, make_call, make_prioritisation, objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return UserFactory(role="equipe-projet")


@pytest.fixture
def session():
    return MeetingFactory(title="COPIL d'automne")


@pytest.fixture
def traced_action(lead):
    contribution = contribute(make_call(), UserFactory(), text="Un guichet unique")
    strategy_services.contribution_support(contribution=contribution, user=UserFactory())
    return strategy_services.action_create_from_contributions(
        contributions=[contribution], by=lead, title="Guichet d'accueil", objective=objective()
    )


def test_proposal_becomes_an_agenda_item_with_its_file(lead, session, traced_action):
    proposal = services.proposal_create(
        action=traced_action, meeting=session, by=lead, reason=Proposal.Reason.TECHNICAL_COMMITTEE
    )
    item = proposal.agenda_item
    assert item.meeting == session and traced_action.title in item.title
    assert proposal.file["supports"] == 1
    assert proposal.file["online_count"] == 1
    with pytest.raises(ValidationError, match="déjà à l'ordre du jour"):
        services.proposal_create(
            action=traced_action, meeting=session, by=lead, reason=Proposal.Reason.THRESHOLD
        )


def test_proposal_refused_for_past_or_non_copil(lead, traced_action):
    workshop = MeetingFactory(kind=Meeting.Kind.WORKSHOP, body=None)
    with pytest.raises(ValidationError, match="séance du COPIL"):
        services.proposal_create(
            action=traced_action, meeting=workshop, by=lead, reason=Proposal.Reason.THRESHOLD
        )
    past = MeetingFactory(start=timezone.now() - timedelta(days=3))
    with pytest.raises(ValidationError, match="plus à venir"):
        services.proposal_create(
            action=traced_action, meeting=past, by=lead, reason=Proposal.Reason.THRESHOLD
        )


def test_threshold_proposes_the_actions_past_it(lead, session):
    p = make_prioritisation()
    first, second, _third = p.actions.order_by("pk")
    for _ in range(3):
        services.ballot_submit(prioritisation=p, user=UserFactory(), points={first.pk: 10})
    services.ballot_submit(prioritisation=p, user=UserFactory(), points={second.pk: 5})
    services.prioritisation_close(prioritisation=p, by=lead)
    created = services.proposals_from_threshold(meeting=session, by=lead, min_points=20)
    assert [proposal.action for proposal in created] == [first]
    assert services.proposals_from_threshold(meeting=session, by=lead, min_points=20) == []
    with pytest.raises(ValidationError, match="Fixez un seuil"):
        services.proposals_from_threshold(meeting=session, by=lead)


def _publish_decision(lead, session, action, text, outcome=""):
    Meeting.objects.filter(pk=session.pk).update(
        status=Meeting.Status.HELD,
        start=timezone.now() - timedelta(days=1),
        end=timezone.now() - timedelta(days=1) + timedelta(hours=2),
    )
    session.refresh_from_db()
    minutes = minutes_services.minutes_start(meeting=session, by=lead)
    minutes = minutes_services.minutes_save(
        minutes=minutes, by=lead, base_revision=0, summary="", body="Texte",
        decisions=[minutes_services.DecisionEntry(
            text=text, priority_action_ids=[action.pk], action_outcome=outcome
        )],
    )  # fmt: skip
    minutes_services.minutes_submit(minutes=minutes, by=lead, notify=False)
    return minutes_services.minutes_publish(minutes=minutes, by=lead, notify=False)


def test_decision_flows_back_to_action_and_proposal(client, lead, session, traced_action):
    proposal = services.proposal_create(
        action=traced_action, meeting=session, by=lead, reason=Proposal.Reason.TECHNICAL_COMMITTEE
    )
    changes = []

    def receiver(sender, action, old_status, new_status, source, **kwargs):
        changes.append((action.pk, old_status, new_status, type(source).__name__))

    action_status_changed.connect(receiver)
    try:
        _publish_decision(
            lead, session, traced_action, "Le COPIL valide l'action et la finance.", "validated"
        )
    finally:
        action_status_changed.disconnect(receiver)
    proposal.refresh_from_db()
    traced_action.refresh_from_db()
    assert proposal.status == Proposal.Status.DECIDED
    assert proposal.decision_text == "Le COPIL valide l'action et la finance."
    assert traced_action.status == PriorityAction.Status.VALIDATED
    assert changes == [(traced_action.pk, "proposed", "validated", "Decision")]
    page = client.get(traced_action.get_absolute_url()).content.decode()
    assert "Le COPIL valide l&#x27;action" in page
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Décision du COPIL" in page


def test_postponed_decision_keeps_the_status(lead, session, traced_action):
    services.proposal_create(
        action=traced_action, meeting=session, by=lead, reason=Proposal.Reason.THRESHOLD
    )
    _publish_decision(
        lead, session, traced_action, "Décision reportée à la prochaine séance.", "postponed"
    )
    traced_action.refresh_from_db()
    assert traced_action.status == PriorityAction.Status.PROPOSED


def test_a_decision_without_a_stated_outcome_changes_no_status(lead, session, traced_action):
    """The status follows what the secretary states, never a guess from the wording."""
    services.proposal_create(
        action=traced_action, meeting=session, by=lead, reason=Proposal.Reason.THRESHOLD
    )
    _publish_decision(lead, session, traced_action, "Le COPIL valide l'action.")
    traced_action.refresh_from_db()
    assert traced_action.status == PriorityAction.Status.PROPOSED


def test_an_abandoning_decision_abandons_the_action(lead, session, traced_action):
    _publish_decision(lead, session, traced_action, "Non retenue cette année.", "abandoned")
    traced_action.refresh_from_db()
    assert traced_action.status == PriorityAction.Status.ABANDONED


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("stakeholder", 403), ("team", 200), ("tc", 200)]
)
def test_proposals_page_permissions(client, role, status, session):
    make_action()
    if role == "stakeholder":
        client.force_login(UserFactory())
    elif role == "team":
        client.force_login(UserFactory(role="equipe-projet"))
    elif role == "tc":
        client.force_login(UserFactory(role="comite-technique"))
    response = client.post(reverse("participation:proposals"), {"min_supports": "1"})
    assert response.status_code in ((status,) if status != 200 else (302,))


def test_members_only_session_proposal_invisible(client, lead, traced_action):
    reserved = MeetingFactory(visibility=Meeting.Visibility.MEMBERS)
    proposal = services.proposal_create(
        action=traced_action, meeting=reserved, by=lead, reason=Proposal.Reason.THRESHOLD
    )
    client.force_login(UserFactory())
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_prepared_file_never_carries_hidden_or_reserved_origins(lead, session):
    from apps.governance.models import Meeting as M
    from tests.strategy.factories import ContributionFactory

    shown = ContributionFactory(text="Origine publique")
    hidden = ContributionFactory(text="Origine masquée")
    reserved = ContributionFactory(text="Origine réservée")
    M.objects.filter(pk=reserved.meeting_id).update(visibility=M.Visibility.MEMBERS)
    action = strategy_services.action_create_from_contributions(
        contributions=[shown, hidden, reserved], by=lead, title="Trois origines",
        objective=objective(),
    )  # fmt: skip
    strategy_services.contribution_hide(contribution=hidden, by=lead, reason="Doublon")
    proposal = services.proposal_create(
        action=action, meeting=session, by=lead, reason=Proposal.Reason.THRESHOLD
    )
    texts = [c["text"] for c in proposal.file["contributions"]]
    assert texts == ["Origine publique"]


def test_a_correction_does_not_apply_a_published_decision_again(lead, session, traced_action):
    """A typo fixed in the minutes neither undoes a status the team changed since nor announces
    the decision a second time; a decision the correction adds is applied."""
    from apps.strategy.services import action_update

    version = _publish_decision(lead, session, traced_action, "Le COPIL valide.", "validated")
    traced_action.refresh_from_db()
    action_update(action=traced_action, by=lead, status=PriorityAction.Status.IN_PROGRESS)
    minutes = minutes_services.minutes_start_correction(minutes=version.minutes, by=lead)
    changes = []

    def receiver(sender, action, old_status, new_status, source, **kwargs):
        changes.append(new_status)

    action_status_changed.connect(receiver)
    try:
        minutes = minutes_services.minutes_save(
            minutes=minutes, by=lead, base_revision=minutes.revision, summary="",
            body="Texte corrigé",
            decisions=[minutes_services.DecisionEntry(
                text="Le COPIL valide.", priority_action_ids=[traced_action.pk],
                action_outcome="validated",
            )],
        )  # fmt: skip
        minutes_services.minutes_submit(minutes=minutes, by=lead, notify=False)
        minutes_services.minutes_publish(
            minutes=minutes, by=lead, erratum="Coquille corrigée.", notify=False
        )
    finally:
        action_status_changed.disconnect(receiver)
    traced_action.refresh_from_db()
    assert traced_action.status == PriorityAction.Status.IN_PROGRESS
    assert changes == []


def test_a_members_only_decision_stays_with_the_members(client, lead, session, traced_action):
    """The action's page and the proposal's page show a decision's text only to those who may
    read its minutes; a proposal to a session someone may not see is not listed to them."""
    from apps.minutes.models import Minutes

    proposal = services.proposal_create(
        action=traced_action, meeting=session, by=lead, reason=Proposal.Reason.THRESHOLD
    )
    version = _publish_decision(lead, session, traced_action, "Secret de séance.", "validated")
    Minutes.objects.filter(pk=version.minutes_id).update(visibility=Minutes.Visibility.MEMBERS)
    for reader, sees in ((None, False), (UserFactory(), False), (lead, True)):
        client.logout()
        if reader is not None:
            client.force_login(reader)
        action_page = client.get(traced_action.get_absolute_url()).content.decode()
        proposal_page = client.get(proposal.get_absolute_url()).content.decode()
        assert ("Secret de séance" in action_page) is sees
        assert ("Secret de séance" in proposal_page) is sees
    # A members-only session: its proposals are not listed to others.
    Meeting.objects.filter(pk=session.pk).update(visibility=Meeting.Visibility.MEMBERS)
    client.logout()
    assert session.title not in client.get(traced_action.get_absolute_url()).content.decode()
