"""A mailing sent by real Celery workers on Redis: interrupted (worker killed with SIGKILL in
the middle of the send) and resumed, each person receives it exactly once."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core import outbox
from apps.core.models import OutboxMessage
from apps.mailings import services
from apps.mailings.models import Delivery, Mailing
from apps.mailings.tasks import send_batch
from cornouaille.celery import app
from tests.accounts.factories import UserFactory
from tests.conftest import reset_celery_connections, wait_for
from tests.core.faults import HangingSMTP, Worker

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker():
    """The configured Redis (database 13, flushed): tasks go there for real."""
    import redis

    url = os.environ["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/13"
    redis.Redis.from_url(url).flushdb()
    saved = (app.conf.broker_url, app.conf.task_always_eager, os.environ["CELERY_BROKER_URL"])
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url, app.conf.task_always_eager = url, False
    reset_celery_connections(app)
    yield url
    app.conf.broker_url, app.conf.task_always_eager, os.environ["CELERY_BROKER_URL"] = saved
    reset_celery_connections(app)
    redis.Redis.from_url(url).flushdb()


def start_worker(tmp_path, broker, name, email_url=None):
    mail_dir = tmp_path / f"{name}-mail"
    mail_dir.mkdir()
    worker = Worker(
        broker_url=broker,
        email_url=email_url or f"filemail:///{mail_dir}",
        log_path=tmp_path / f"{name}.log",
        extra_env={"MAILINGS_BATCH_SIZE": "5", "MAILINGS_BATCH_INTERVAL": "1"},
    )
    worker.mail_dir = mail_dir
    return worker


def test_an_interrupted_send_resumes_and_reaches_each_person_once(broker, tmp_path):
    lead = UserFactory(role="equipe-projet")
    people = [UserFactory(newsletter=True) for _ in range(30)]
    UserFactory(newsletter=False)  # never receives it
    segment = services.segment_save(by=lead, data={"name": "Tout le monde"})
    mailing = services.mailing_save(
        by=lead, subject="Lettre de novembre", body="Bonjour", segment=segment
    )

    hanging = HangingSMTP()  # the first worker's relay never answers: nothing leaves…
    first = start_worker(tmp_path, broker, "first", email_url=f"smtp://127.0.0.1:{hanging.port}")
    try:
        services.mailing_schedule(mailing=mailing, by=lead)
        # …while it promises the mailing batch by batch; it is killed in the middle.
        wait_for(lambda: Delivery.objects.filter(mailing=mailing).count() >= 10, timeout=90)
        first.kill()
    finally:
        hanging.close()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENDING
    promised = Delivery.objects.filter(mailing=mailing).count()
    assert 10 <= promised < 30

    second = start_worker(tmp_path, broker, "second")
    try:
        reset_celery_connections(app)
        # The beat jobs: the stalled mailing is restarted, the rows the killed worker held
        # are handed over again. A batch task sent twice changes nothing.
        later = timezone.now() + timedelta(minutes=10)
        assert services.stalled_or_due(now=later) == [mailing.pk]
        send_batch.delay(mailing.pk)
        send_batch.delay(mailing.pk)
        wait_for(
            lambda: Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENT).exists(),
            timeout=120,
        )
        keys = OutboxMessage.objects.filter(key__startswith=f"mailings.mailing:{mailing.pk}:")
        outbox.sweep(now=timezone.now() + outbox.LEASE + timedelta(minutes=61))

        def all_sent():
            outbox.sweep(now=timezone.now() + outbox.LEASE + timedelta(minutes=61))
            return (
                keys.count() == 30 and not keys.exclude(status=OutboxMessage.Status.SENT).exists()
            )

        wait_for(all_sent, timeout=120, interval=1)
        # (The file backend may append two messages to one file: count occurrences.)
        text = "".join(path.read_text() for path in second.mail_dir.glob("*.log"))
        for person in people:
            assert text.count(f"To: {person.email}\n") == 1, person.email
        assert text.count("Subject: Lettre de novembre") == 30
        assert Mailing.objects.get(pk=mailing.pk).recipients_count == 30
    finally:
        second.stop()
