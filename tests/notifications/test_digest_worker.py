"""The digests leave through a real Celery worker on Redis, once per person and period — also
when the beat fires twice, when Celery delivers a task twice, and when a worker is killed in
the middle of sending a digest."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core import outbox
from apps.core.models import OutboxMessage
from apps.core.tasks import deliver_outbox
from apps.notifications import services
from apps.notifications.models import Notification
from apps.strategy import services as strategy
from apps.strategy.models import PriorityAction
from cornouaille.celery import app
from tests.accounts.factories import UserFactory
from tests.conftest import reset_celery_connections, wait_for
from tests.core.faults import HangingSMTP
from tests.core.test_faults import broker, mails, redis_server, workers  # noqa: F401
from tests.notifications.helpers import prefer
from tests.strategy.factories import PriorityActionFactory

S = OutboxMessage.Status
pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _news_for(*people):
    lead = UserFactory(role="equipe-projet")
    action = PriorityActionFactory(title="Fête des métiers de la mer")
    for person in people:
        services.follow(user=person, target=action)
    strategy.action_update(action=action, by=lead, status=PriorityAction.Status.DONE)
    return action


def _digests(*workers_, email):
    return [m for m in mails(*workers_) if f"To: {email}" in m]


def test_the_worker_sends_one_digest_per_person_and_period(broker, workers):  # noqa: F811
    worker = workers(broker.url)
    reader, weekly = UserFactory(first_name="Katell"), UserFactory()
    prefer(weekly, "weekly")
    _news_for(reader, weekly)

    assert services.digests_enqueue(frequency="daily") == 1
    assert services.digests_enqueue(frequency="daily") == 0  # the beat fired twice
    row = OutboxMessage.objects.get(handler=services.DIGEST_HANDLER)
    for _ in range(2):  # what Celery may do after a lost acknowledgement
        deliver_outbox.apply_async((row.pk,))
    wait_for(lambda: OutboxMessage.objects.filter(pk=row.pk, status=S.SENT).exists(), timeout=60)
    time.sleep(2)  # leave the redelivered copies time to run (and skip)
    (digest,) = _digests(worker, email=reader.email)
    assert "Fête des métiers de la mer" in digest and "text/html" in digest
    assert not _digests(worker, email=weekly.email)  # weekly: not today
    assert Notification.objects.get(recipient=reader).email == Notification.Email.SENT
    # Nothing new since: the next days send nothing, never an empty digest.
    assert services.digests_enqueue(frequency="daily", now=timezone.now() + timedelta(days=1)) == 0


def test_a_worker_killed_while_sending_a_digest_never_doubles_it(broker, workers):  # noqa: F811
    hanging = HangingSMTP()
    reader = UserFactory()
    _news_for(reader)
    try:
        stuck = workers(broker.url, email_url=f"smtp://127.0.0.1:{hanging.port}", name="stuck")
        assert services.digests_enqueue(frequency="daily") == 1
        row = OutboxMessage.objects.get(handler=services.DIGEST_HANDLER)
        # The worker is talking to the silent SMTP server…
        wait_for(lambda: OutboxMessage.objects.filter(pk=row.pk, status=S.SENDING).exists())
        stuck.kill()  # …and dies without a word: its transaction rolls back.
    finally:
        hanging.close()
    assert Notification.objects.get(recipient=reader).email == Notification.Email.PENDING
    # The beat runs again after the restart: the same period is never promised twice.
    assert services.digests_enqueue(frequency="daily") == 0

    good = workers(broker.url, name="good")
    reset_celery_connections(app)
    assert outbox.sweep(now=timezone.now() + outbox.LEASE + timedelta(seconds=1)) == 1
    wait_for(lambda: OutboxMessage.objects.filter(pk=row.pk, status=S.SENT).exists(), timeout=60)
    time.sleep(1)
    assert len(_digests(good, email=reader.email)) == 1
    assert Notification.objects.get(recipient=reader).email == Notification.Email.SENT
    assert OutboxMessage.objects.filter(handler=services.DIGEST_HANDLER).count() == 1
