"""Hidden, private and draft things never reach who may not see them — when the notification
is written, and again when it is shown or emailed."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.notifications import receivers, services
from apps.notifications.models import Notification
from apps.strategy import services as strategy
from tests.accounts.factories import UserFactory
from tests.notifications.helpers import client_for, notifications_of, prefer, stand_in_comment
from tests.strategy.factories import ContributionFactory, PriorityActionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
K = Notification.Kind


@pytest.fixture
def hidden_contribution():
    lead = UserFactory(role="equipe-projet")
    author = UserFactory()
    contribution = ContributionFactory(author=author)
    strategy.contribution_hide(contribution=contribution, by=lead, reason="Hors sujet")
    return contribution, author, lead


def test_a_hidden_contributions_event_reaches_moderators_only(hidden_contribution):
    contribution, author, lead = hidden_contribution
    follower = UserFactory()
    recipients = [author.pk, follower.pk, lead.pk]
    for label in ("comment",):
        services.notify(
            kind=K.COMMENT_POSTED, target=contribution, recipients=recipients,
            subject=label, url="/x/",
        )  # fmt: skip
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [lead.pk]


def test_a_comment_on_a_hidden_contribution_tells_its_author_nothing(hidden_contribution):
    contribution, author, _lead = hidden_contribution
    receivers.on_comment_posted(stand_in_comment(contribution, UserFactory()))
    assert not notifications_of(author).exists()


def test_a_members_only_workshops_contribution_stays_with_the_insiders():
    from apps.governance.models import Body, Meeting
    from tests.workshops.factories import WorkshopFactory

    body = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="GT fermé", slug="gt-ferme")
    meeting = WorkshopFactory(
        meeting__body=body, meeting__visibility=Meeting.Visibility.MEMBERS
    ).meeting
    contribution = ContributionFactory(meeting=meeting)
    outsider = UserFactory()
    services.notify(
        kind=K.COMMENT_POSTED, target=contribution,
        recipients=[outsider.pk, contribution.author_id], subject="x", url="/x/",
    )  # fmt: skip
    assert not notifications_of(outsider).exists()


def test_a_thing_hidden_since_leaves_the_centre_and_the_counter():
    author = UserFactory()
    contribution = ContributionFactory(author=author)
    receivers.on_comment_posted(stand_in_comment(contribution, UserFactory()))
    client = client_for(author)
    page = client.get(reverse("notifications:centre")).content.decode()
    assert "Nouveau commentaire" in page
    strategy.contribution_hide(
        contribution=contribution, by=UserFactory(role="equipe-projet"), reason="Doublon"
    )
    page = client.get(reverse("notifications:centre")).content.decode()
    assert "Nouveau commentaire" not in page
    assert notifications_of(author).get().read_at is not None  # no longer counted unread
    # …and its link no longer leads there.
    response = client.get(reverse("notifications:open", args=[notifications_of(author).get().pk]))
    assert response.url == reverse("notifications:centre")


def test_no_email_about_a_thing_hidden_before_the_worker_ran(
    django_capture_on_commit_callbacks,
):
    author, lead = UserFactory(), UserFactory(role="equipe-projet")
    prefer(author, "immediate")
    contribution = ContributionFactory(author=author)
    receivers.on_comment_posted(stand_in_comment(contribution, UserFactory()))
    strategy.contribution_hide(contribution=contribution, by=lead, reason="Propos injurieux")
    from apps.core.models import OutboxMessage
    from apps.core.outbox import deliver

    deliver(OutboxMessage.objects.get().pk)
    assert mail.outbox == []
    assert notifications_of(author).get().email == Notification.Email.SKIPPED


def test_nor_in_a_digest(django_capture_on_commit_callbacks):
    author, lead = UserFactory(), UserFactory(role="equipe-projet")
    contribution = ContributionFactory(author=author)
    receivers.on_comment_posted(stand_in_comment(contribution, UserFactory()))
    strategy.contribution_hide(contribution=contribution, by=lead, reason="Propos injurieux")
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_enqueue(frequency="daily")
    assert mail.outbox == []  # never an empty digest either


# -------------------------------------------------------------------------- the pages' doors
def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("notifications:centre", "notifications:preferences", "notifications:follows",
                 "my_ideas:list"):  # fmt: skip
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(reverse("notifications:mark_all_read"))
    assert "/accounts/login/" in response.url


def test_someone_elses_notification_is_not_found():
    owner, other = UserFactory(), UserFactory()
    action = PriorityActionFactory()
    services.notify(kind=K.ACTION_STATUS, target=action, recipients=[owner.pk],
                    subject="x", url=action.get_absolute_url())  # fmt: skip
    notification = notifications_of(owner).get()
    client = client_for(other)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert (
        client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code == 404
    )
    assert notifications_of(owner).get().read_at is None


def test_only_followable_visible_things_can_be_followed():
    person = UserFactory()
    client = client_for(person)
    contribution = ContributionFactory()
    for data in (
        {"type": "strategy.contribution", "id": contribution.pk},
        {"type": "accounts.user", "id": person.pk},
        {"type": "strategy.priorityaction", "id": 999999},
        {"type": "strategy.priorityaction", "id": "abc"},
    ):
        response = client.post(reverse("notifications:follow"), data, follow=True)
        assert response.status_code == 200
        assert "ne peut pas être suivi" in response.content.decode()
    assert not services.followers_of(contribution)


def test_an_external_next_address_is_ignored():
    person, action = UserFactory(), PriorityActionFactory()
    response = client_for(person).post(
        reverse("notifications:follow"),
        {"type": "strategy.priorityaction", "id": action.pk, "next": "https://evil.example/"},
    )
    assert response.url == reverse("notifications:follows")
    assert services.followers_of(action) == {person.pk}
