"""Integration (PostgreSQL): the lower floors' signals reach the right people, once, through
the real services — a contribution that became an action, a new status, a COPIL decision, a new
workshop of a followed group, minutes published, a comment, a call."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.governance import services as governance
from apps.governance.models import Body, Meeting
from apps.notifications import receivers, services
from apps.notifications.models import Follow, Notification
from apps.strategy import services as strategy
from apps.strategy.models import PriorityAction
from tests.accounts.factories import UserFactory
from tests.governance.factories import copil
from tests.governance.helpers import add_member, schedule
from tests.notifications.helpers import (
    notifications_of,
    prefer,
    publish_decision,
    stand_in_comment,
)
from tests.strategy.factories import ContributionFactory, PriorityActionFactory, first_objective

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
K = Notification.Kind


@pytest.fixture
def lead():
    return UserFactory(role="equipe-projet")


def test_a_contributor_hears_their_idea_became_an_action(lead, django_capture_on_commit_callbacks):
    author = UserFactory(first_name="Katell")
    prefer(author, "immediate")
    contributions = [ContributionFactory(author=author), ContributionFactory(author=author)]
    with django_capture_on_commit_callbacks(execute=True):
        action = strategy.action_create_from_contributions(
            contributions=contributions, by=lead, title="Bourse aux logements saisonniers",
            objective=first_objective(),
        )  # fmt: skip
    notification = notifications_of(author).get()
    assert notification.kind == K.CONTRIBUTION_LINKED and notification.count == 2
    # The one email that says so, sent at once as the author chose.
    (message,) = mail.outbox
    assert message.to == [author.email]
    assert "2 de vos contributions sont à l'origine de l'action" in message.subject
    # The author and the lead who made it follow the action from now on.
    assert services.followers_of(action) == {author.pk, lead.pk}
    assert Follow.objects.get(user=author).automatic


def test_a_daily_reader_gets_it_in_the_digest_not_at_once(lead):
    author = UserFactory()
    strategy.action_create_from_contributions(
        contributions=[ContributionFactory(author=author)], by=lead, title="Kit d'accueil",
        objective=first_objective(),
    )  # fmt: skip
    assert mail.outbox == []
    assert notifications_of(author).get().email == Notification.Email.PENDING


def test_a_new_action_is_announced_to_the_objective_followers(lead):
    follower = UserFactory()
    services.follow(user=follower, target=first_objective())
    strategy.action_create_from_contributions(
        contributions=[ContributionFactory()], by=lead, title="Fête des métiers de la mer",
        objective=first_objective(),
    )  # fmt: skip
    assert notifications_of(follower).get().kind == K.ACTION_CREATED


def test_a_status_change_reaches_followers_and_contributors(lead):
    author, follower, bystander = UserFactory(), UserFactory(), UserFactory()
    action = strategy.action_create_from_contributions(
        contributions=[ContributionFactory(author=author)], by=lead, title="Kit d'accueil",
        objective=first_objective(),
    )  # fmt: skip
    services.follow(user=follower, target=action)
    strategy.action_update(action=action, by=lead, status=PriorityAction.Status.IN_PROGRESS)
    strategy.action_update(action=action, by=lead, progress=30)  # not a status: nothing
    for person in (author, follower):
        assert notifications_of(person).filter(kind=K.ACTION_STATUS).get().count == 1
    assert not notifications_of(bystander).exists()
    assert not notifications_of(lead).filter(kind=K.ACTION_STATUS).exists()  # who did it


def test_a_status_decided_by_minutes_is_said_with_the_decision(lead):
    follower = UserFactory()
    action = PriorityActionFactory()
    services.follow(user=follower, target=action)
    minutes = publish_decision(lead, action, text="Le COPIL finance l'action.")
    decision = minutes.decisions.get()
    Notification.objects.all().delete()
    strategy.action_update(
        action=action, by=lead, source=decision, status=PriorityAction.Status.VALIDATED
    )
    notification = notifications_of(follower).get()
    assert notification.kind == K.ACTION_DECIDED
    assert "Validée" in notification.detail and "finance" in notification.detail


def test_copil_decisions_flow_back_to_the_action_followers(lead):
    follower, outsider = UserFactory(), UserFactory()
    action = PriorityActionFactory(title="Marque partagée")
    services.follow(user=follower, target=action)
    publish_decision(lead, action, text="Le COPIL retient la marque partagée.")
    notification = notifications_of(follower).get()
    assert notification.kind == K.ACTION_DECIDED
    assert "retient la marque partagée" in notification.detail
    assert notification.url.endswith("#decisions")
    assert not notifications_of(outsider).exists()


def test_a_members_only_decision_reaches_members_only(lead):
    member, outsider = UserFactory(), UserFactory()
    add_member(copil(), member)
    action = PriorityActionFactory()
    for person in (member, outsider):
        services.follow(user=person, target=action)
    publish_decision(lead, action, text="Décision réservée.", visibility="members")
    assert notifications_of(member).filter(kind=K.ACTION_DECIDED).exists()
    assert not notifications_of(outsider).exists()


def test_minutes_published_reach_the_body_followers_without_a_second_email_to_members(lead):
    member, follower = UserFactory(), UserFactory()
    add_member(copil(), member)
    for person in (member, follower):
        services.follow(user=person, target=copil())
        prefer(person, "immediate")
    publish_decision(lead, PriorityActionFactory(), text="Adopté.")
    assert notifications_of(follower).get().email == Notification.Email.PENDING
    # The member was emailed by the minutes themselves: in the centre, not emailed twice.
    assert notifications_of(member).get().email == Notification.Email.SKIPPED


def test_a_new_workshop_of_a_followed_group_is_announced(lead):
    group = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="GT Mer", slug="gt-mer")
    follower = UserFactory()
    services.follow(user=follower, target=group)
    start = timezone.now() + timedelta(days=10)
    meeting = governance.meeting_create(
        kind=Meeting.Kind.WORKSHOP, body=group, created_by=lead, title="Atelier de la mer",
        start=start, end=start + timedelta(hours=2), place="Douarnenez",
    )  # fmt: skip
    assert not notifications_of(follower).exists()  # a draft is nobody's news
    governance.meeting_publish(meeting=meeting, by=lead)
    notification = notifications_of(follower).get()
    assert notification.kind == K.MEETING_PUBLISHED
    assert notification.subject == "Atelier de la mer" and "GT Mer" in notification.detail


def test_a_copil_session_convoked_is_announced_once(lead):
    follower = UserFactory()
    services.follow(user=follower, target=copil())
    meeting = schedule(by=lead, title="COPIL d'hiver")
    governance.meeting_convoke(meeting=meeting, by=lead)
    governance.meeting_convoke(meeting=meeting, by=lead)  # new members later: not news again
    assert notifications_of(follower).get().subject == "COPIL d'hiver"


def test_comments_on_my_contribution_are_grouped():
    author, commenter = UserFactory(), UserFactory()
    contribution = ContributionFactory(author=author)
    for _ in range(3):
        receivers.on_comment_posted(stand_in_comment(contribution, commenter))
    receivers.on_comment_posted(stand_in_comment(contribution, author))  # one's own: no news
    notification = notifications_of(author).get()
    assert notification.kind == K.COMMENT_POSTED and notification.count == 3
    assert not notifications_of(commenter).exists()


def test_a_call_opened_reaches_the_objective_followers():
    follower = UserFactory()
    services.follow(user=follower, target=first_objective())
    call = PriorityActionFactory(title="Appel : la saison d'automne")  # any model with a URL
    call.objective = first_objective()
    receivers.on_call_opened(call)
    assert notifications_of(follower).get().kind == K.CALL_OPENED
