"""Faults on real processes: nothing a change promised is lost or doubled.

- The broker (a throw-away Redis) is down: registering, publishing minutes and asking for a
  report still succeed; the emails, notices and the PDF wait in the database and leave once
  the broker is back (the sweepers hand them over), each exactly once.
- Celery delivers a task twice: the email is sent once.
- A worker is killed (SIGKILL) in the middle of an SMTP conversation: the row is taken back
  after its lease and sent once by another worker.
- An SMTP server that accepts and never answers: the send times out (EMAIL_TIMEOUT), the row
  is retried later with the error recorded; a refusing server exhausts the attempts, the row
  stays failed and the project team re-sends it from the admin.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from apps.core import outbox
from apps.core.models import OutboxMessage
from apps.governance.models import Participation
from apps.reports.models import Document
from apps.reports.services import documents_sweep_stuck
from cornouaille.celery import app
from tests.accounts.factories import UserFactory
from tests.conftest import reset_celery_connections, wait_for
from tests.core.faults import HangingSMTP, ThrowawayRedis, Worker, free_port
from tests.governance.helpers import add_member
from tests.minutes.factories import minutes_in
from tests.workshops.factories import WorkshopFactory

S = OutboxMessage.Status

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_server():
    server = ThrowawayRedis().start()
    yield server
    server.stop()


@pytest.fixture
def broker(redis_server):
    """Tasks go to the throw-away Redis for real (not in-process) during the test."""
    import os

    saved = (app.conf.broker_url, app.conf.task_always_eager, os.environ["CELERY_BROKER_URL"])
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    os.environ["CELERY_BROKER_URL"] = redis_server.url
    app.conf.broker_url, app.conf.task_always_eager = redis_server.url, False
    reset_celery_connections(app)
    yield redis_server
    app.conf.broker_url, app.conf.task_always_eager, os.environ["CELERY_BROKER_URL"] = saved
    reset_celery_connections(app)


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(broker_url, *, email_url=None, name="worker"):
        outbox_dir = tmp_path / f"{name}-mail"
        outbox_dir.mkdir(exist_ok=True)
        worker = Worker(
            broker_url=broker_url,
            email_url=email_url or f"filemail:///{outbox_dir}",
            log_path=tmp_path / f"{name}.log",
        )
        worker.outbox_dir = outbox_dir
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def mails(*workers) -> list[str]:
    return [p.read_text() for w in workers for p in sorted(w.outbox_dir.glob("*.log"))]


def _verified_client(client, user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    client.force_login(user)
    return client


# ----------------------------------------------------------------------------- broker outage
def test_a_broker_outage_delays_side_effects_and_loses_none(client, broker, workers):
    lead = UserFactory(role="equipe-projet")
    person = UserFactory()
    workshop = WorkshopFactory(meeting__capacity=10).meeting
    minutes = minutes_in("in_review", by=lead)
    members = [add_member(minutes.meeting.body).user for _ in range(3)]

    broker.stop()  # the broker is down from here on

    _verified_client(client, person)
    response = client.post(reverse("governance:register", args=[workshop.slug]))
    assert response.status_code == 302  # the user is told it worked: it did
    assert Participation.objects.filter(meeting=workshop, user=person).exists()

    _verified_client(client, lead)
    response = client.post(reverse("minutes:publish", args=[minutes.pk]))
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == minutes.Status.PUBLISHED
    document = Document.objects.get(minutes_version__minutes=minutes)
    assert document.status == Document.Status.PENDING

    promised = OutboxMessage.objects.filter(status=S.PENDING).count()
    assert promised >= 1 + len(members)  # the registration + the members' notices
    assert not OutboxMessage.objects.exclude(status=S.PENDING).exists()

    broker.start()  # back, empty: nothing was queued while it was down
    worker = workers(broker.url)
    reset_celery_connections(app)
    assert outbox.sweep() == promised
    later = timezone.now() + timedelta(minutes=11)
    assert documents_sweep_stuck(now=later) == 1

    wait_for(lambda: not OutboxMessage.objects.exclude(status=S.SENT).exists(), timeout=60)
    wait_for(
        lambda: Document.objects.filter(pk=document.pk, status=Document.Status.READY).exists(),
        timeout=90,
    )
    sent = mails(worker)
    assert len(sent) == OutboxMessage.objects.count()  # each promise kept once
    assert sum(f"To: {person.email}" in m for m in sent) == 1
    for member in members:
        assert sum(f"To: {member.email}" in m for m in sent) == 1

    # A second sweep after everything went out hands nothing over again.
    assert outbox.sweep() == 0
    assert len(mails(worker)) == len(sent)


# ---------------------------------------------------------------------------- redelivery
def test_a_task_delivered_twice_sends_once(broker, workers):
    worker = workers(broker.url)
    lead = UserFactory(role="equipe-projet")
    minutes = minutes_in("in_review", by=lead)
    member = add_member(minutes.meeting.body).user
    from apps.minutes import services as svc

    svc.minutes_publish(minutes=minutes, by=lead)
    row = OutboxMessage.objects.get(key__contains=f":u{member.pk}")
    from apps.core.tasks import deliver_outbox

    for _ in range(3):  # what Celery may do after a lost acknowledgement
        deliver_outbox.apply_async((row.pk,))
    wait_for(lambda: OutboxMessage.objects.filter(pk=row.pk, status=S.SENT).exists())
    wait_for(lambda: "deliver_outbox" in worker.log_path.read_text(), timeout=10)
    import time

    time.sleep(2)  # leave the redelivered copies time to run (and skip)
    assert sum(f"To: {member.email}" in m for m in mails(worker)) == 1


# ------------------------------------------------------------------- killed worker, hung SMTP
def test_a_worker_killed_mid_send_is_replaced_and_sends_once(broker, workers):
    hanging = HangingSMTP()
    try:
        stuck_worker = workers(
            broker.url, email_url=f"smtp://127.0.0.1:{hanging.port}", name="stuck"
        )
        lead = UserFactory(role="equipe-projet")
        minutes = minutes_in("in_review", by=lead)
        member = add_member(minutes.meeting.body).user
        from apps.minutes import services as svc

        svc.minutes_publish(minutes=minutes, by=lead)
        row = OutboxMessage.objects.get(key__contains=f":u{member.pk}")
        # The worker is talking to the silent SMTP server…
        wait_for(lambda: OutboxMessage.objects.filter(pk=row.pk, status=S.SENDING).exists())
        stuck_worker.kill()  # …and dies without a word.
        assert OutboxMessage.objects.get(pk=row.pk).status == S.SENDING
    finally:
        hanging.close()

    good_worker = workers(broker.url, name="good")
    reset_celery_connections(app)
    # Within the lease nothing is taken back; after it, the sweeper hands the row over again.
    assert outbox.sweep() == 0
    assert outbox.sweep(now=timezone.now() + outbox.LEASE + timedelta(seconds=1)) == 1
    wait_for(lambda: OutboxMessage.objects.filter(pk=row.pk, status=S.SENT).exists(), timeout=60)
    assert sum(f"To: {member.email}" in m for m in mails(good_worker)) == 1


def test_a_silent_smtp_server_times_out_and_the_row_is_retried(broker, workers):
    hanging = HangingSMTP()
    try:
        worker = workers(broker.url, email_url=f"smtp://127.0.0.1:{hanging.port}", name="slow")
        lead = UserFactory(role="equipe-projet")
        minutes = minutes_in("in_review", by=lead)
        member = add_member(minutes.meeting.body).user
        from apps.minutes import services as svc

        svc.minutes_publish(minutes=minutes, by=lead)
        row = OutboxMessage.objects.get(key__contains=f":u{member.pk}")
        failed_once = wait_for(
            lambda: (
                OutboxMessage.objects.filter(pk=row.pk, status=S.PENDING, attempts=1)
                .exclude(last_error="")
                .first()
            ),
            timeout=30,
        )
        assert "timed out" in failed_once.last_error.lower()
        assert failed_once.next_attempt_at > timezone.now()  # retried later, not hammered
        assert "WARNING" in worker.log_path.read_text()
    finally:
        hanging.close()


# ---------------------------------------------------------- refusing SMTP, re-send by the team
def test_a_refusing_smtp_server_exhausts_the_attempts_then_the_team_resends(client):
    lead = UserFactory(role="equipe-projet")
    minutes = minutes_in("in_review", by=lead)
    member = add_member(minutes.meeting.body).user
    from apps.minutes import services as svc

    closed_port = free_port()  # nothing listens there: connection refused
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": closed_port,
        "EMAIL_TIMEOUT": 2,
    }
    with override_settings(**smtp):
        svc.minutes_publish(minutes=minutes, by=lead)  # delivered in-process: refused
        row = OutboxMessage.objects.get(key__contains=f":u{member.pk}")
        while OutboxMessage.objects.get(pk=row.pk).status == S.PENDING:
            outbox.deliver(row.pk)
    row.refresh_from_db()
    assert row.status == S.FAILED
    assert row.attempts == 5
    assert "refused" in row.last_error.lower()
    assert outbox.sweep(now=timezone.now() + timedelta(days=1)) == 0  # failed: not by itself

    # The project team sees it in the admin and re-sends it once the relay works again.
    admin = UserFactory(role="equipe-projet", is_superuser=True, is_staff=True)
    client.force_login(admin)
    listing = client.get(reverse("admin:core_outboxmessage_changelist") + "?status__exact=failed")
    assert listing.status_code == 200 and row.key in listing.content.decode()
    mail.outbox.clear()
    response = client.post(
        reverse("admin:core_outboxmessage_changelist"),
        {"action": "resend", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == S.SENT  # in-process delivery after the admin's commit
    assert [m.to for m in mail.outbox] == [[member.email]]
