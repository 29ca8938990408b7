"""Unit: grouping of events, email preferences, follows, digests (in-process)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.models import OutboxMessage
from apps.notifications import services
from apps.notifications.models import Follow, Notification, Preference
from apps.notifications.texts import sentence
from tests.accounts.factories import UserFactory
from tests.notifications.helpers import notifications_of, prefer
from tests.strategy.factories import PriorityActionFactory

pytestmark = pytest.mark.django_db
K = Notification.Kind


def _status_event(action, recipients, **extra):
    return services.notify(
        kind=K.ACTION_STATUS, target=action, recipients=recipients, subject=action.title,
        url=action.get_absolute_url(), detail="Nouveau statut", **extra,
    )  # fmt: skip


# ---------------------------------------------------------------------------------- grouping
def test_events_on_one_thing_within_the_window_make_one_notification():
    person, action = UserFactory(), PriorityActionFactory(title="Bourse aux logements")
    for _ in range(3):
        _status_event(action, [person.pk])
    (notification,) = notifications_of(person)
    assert notification.count == 3
    assert sentence(notification) == ("L'action « Bourse aux logements » a changé 3 fois de statut")


def test_comment_sentence_counts_the_comments():
    person, action = UserFactory(), PriorityActionFactory(title="Kit d'accueil")
    for _ in range(3):
        services.notify(
            kind=K.COMMENT_POSTED, target=action, recipients=[person.pk],
            subject=action.title, url="/x/",
        )  # fmt: skip
    assert sentence(notifications_of(person).get()) == (
        "3 nouveaux commentaires sur « Kit d'accueil »"
    )


def test_a_read_notification_or_an_old_one_is_not_added_to():
    person, action = UserFactory(), PriorityActionFactory()
    _status_event(action, [person.pk])
    services.mark_all_read(user=person)
    _status_event(action, [person.pk])
    assert notifications_of(person).count() == 2
    Notification.objects.filter(recipient=person).update(
        updated_at=timezone.now() - services.GROUPING_WINDOW - timedelta(minutes=1)
    )
    _status_event(action, [person.pk])
    assert notifications_of(person).count() == 3


def test_different_kinds_or_things_are_not_grouped():
    person = UserFactory()
    first, second = PriorityActionFactory(), PriorityActionFactory()
    _status_event(first, [person.pk])
    _status_event(second, [person.pk])
    services.notify(kind=K.ACTION_CREATED, target=first, recipients=[person.pk],
                    subject="x", url="/x/")  # fmt: skip
    assert notifications_of(person).count() == 3


def test_the_author_of_the_change_and_inactive_people_are_not_told():
    actor, gone, reader = UserFactory(), UserFactory(is_active=False), UserFactory()
    action = PriorityActionFactory()
    assert _status_event(action, [actor.pk, gone.pk, reader.pk], by=actor) == 1
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [reader.pk]


# ------------------------------------------------------------------------------- preferences
def test_default_preference_is_the_daily_digest():
    person = UserFactory()
    assert services.frequency_of(person) == Preference.Frequency.DAILY


@pytest.mark.parametrize(
    ("frequency", "email_state", "outbox_rows"),
    [
        ("immediate", "pending", 1),
        ("daily", "pending", 0),
        ("weekly", "pending", 0),
        ("none", "skipped", 0),
    ],
)
def test_each_preference_decides_the_email(frequency, email_state, outbox_rows):
    person, action = UserFactory(), PriorityActionFactory()
    prefer(person, frequency)
    _status_event(action, [person.pk])
    _status_event(action, [person.pk])  # grouped: never a second immediate email
    assert notifications_of(person).get().email == email_state
    assert OutboxMessage.objects.filter(handler=services.EMAIL_HANDLER).count() == outbox_rows


def test_immediate_email_is_sent_with_text_and_html(django_capture_on_commit_callbacks):
    person, action = UserFactory(), PriorityActionFactory(title="Fête des métiers de la mer")
    prefer(person, "immediate")
    with django_capture_on_commit_callbacks(execute=True):
        _status_event(action, [person.pk])
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert "Fête des métiers de la mer" in message.subject
    assert "/notifications/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert notifications_of(person).get().email == Notification.Email.SENT


def test_choosing_none_drops_what_waited_for_a_digest():
    person, action = UserFactory(), PriorityActionFactory()
    _status_event(action, [person.pk])
    services.preference_set(user=person, frequency="none")
    assert notifications_of(person).get().email == Notification.Email.SKIPPED


def test_an_unknown_frequency_is_refused_and_nothing_changes():
    person = UserFactory()
    with pytest.raises(ValidationError):
        services.preference_set(user=person, frequency="hourly")
    assert not Preference.objects.filter(user=person).exists()


# ----------------------------------------------------------------------------------- follows
def test_follow_once_and_unfollow():
    person, action = UserFactory(), PriorityActionFactory()
    assert services.follow(user=person, target=action) is not None
    assert services.follow(user=person, target=action) is None
    assert services.followers_of(action) == {person.pk}
    assert services.unfollow(user=person, target=action)
    assert not Follow.objects.exists()


def test_a_contribution_cannot_be_followed_by_hand():
    from tests.strategy.factories import ContributionFactory

    person = UserFactory()
    with pytest.raises(ValidationError):
        services.follow(user=person, target=ContributionFactory())


# ----------------------------------------------------------------------------------- digests
def test_digest_period_keys():
    moment = timezone.make_aware(timezone.datetime(2026, 11, 30, 8, 0))
    assert services.digest_period("daily", moment) == "2026-11-30"
    assert services.digest_period("weekly", moment) == "2026-W49"


def test_one_digest_per_person_and_period_never_empty(django_capture_on_commit_callbacks):
    daily, weekly, quiet = UserFactory(), UserFactory(), UserFactory()
    prefer(weekly, "weekly")
    action = PriorityActionFactory(title="Annuaire vivant des acteurs")
    _status_event(action, [daily.pk, weekly.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_enqueue(frequency="daily") == 1
        assert services.digests_enqueue(frequency="daily") == 0  # the beat fired twice
    (message,) = mail.outbox
    assert message.to == [daily.email]
    assert "Annuaire vivant des acteurs" in message.body
    assert "Annuaire vivant des acteurs" in message.alternatives[0][0]
    assert notifications_of(daily).get().email == Notification.Email.SENT
    assert notifications_of(weekly).get().email == Notification.Email.PENDING
    assert not notifications_of(quiet).exists()
    # Tomorrow: nothing new for the daily reader — no digest at all.
    tomorrow = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_enqueue(frequency="daily", now=tomorrow) == 0
        assert services.digests_enqueue(frequency="weekly") == 1
    assert [m.to for m in mail.outbox] == [[daily.email], [weekly.email]]


def test_what_was_read_in_the_centre_is_not_digested(django_capture_on_commit_callbacks):
    person, action = UserFactory(), PriorityActionFactory()
    _status_event(action, [person.pk])
    services.mark_all_read(user=person)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_enqueue(frequency="daily") == 0
    assert mail.outbox == []


def test_switching_to_a_digest_before_the_email_left_puts_it_in_the_digest(
    django_capture_on_commit_callbacks,
):
    from apps.core.outbox import deliver

    person, action = UserFactory(), PriorityActionFactory(title="Visites d'entreprises")
    prefer(person, "immediate")
    _status_event(action, [person.pk])
    services.preference_set(user=person, frequency="daily")
    deliver(OutboxMessage.objects.get(handler=services.EMAIL_HANDLER).pk)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_enqueue(frequency="daily") == 1
    (digest,) = mail.outbox
    assert "Visites d'entreprises" in digest.body
