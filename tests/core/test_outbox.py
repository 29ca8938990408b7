"""The outbox's rules, in-process: one row per key, nothing outlives a rollback, sent rows
are never sent again, failed rows wait for the team, stuck rows are taken back."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from apps.core import outbox
from apps.core.mail import queue_email
from apps.core.models import OutboxMessage

S = OutboxMessage.Status
pytestmark = pytest.mark.django_db


def _message(to="awen@example.org"):
    return EmailMessage(subject="Objet", body="Texte", from_email="site@example.org", to=[to])


def test_the_same_key_is_promised_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(_message(), key="k1")
        queue_email(_message(), key="k1")
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().status == S.SENT


def test_a_rolled_back_change_promises_nothing(django_capture_on_commit_callbacks):
    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        queue_email(_message(), key="k2")
        raise Boom
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_a_sent_row_is_not_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(_message(), key="k3")
    row = OutboxMessage.objects.get()
    assert outbox.deliver(row.pk) == "skipped"
    assert outbox.resend([row.pk]) == 0
    assert len(mail.outbox) == 1


def test_a_failing_handler_is_retried_later_then_given_up():
    calls = []

    def broken(payload):
        calls.append(payload)
        raise OSError("relais indisponible")

    outbox.register("tests.broken", broken, max_attempts=2)
    row = outbox.enqueue("tests.broken", key="k4", payload={"n": 1})
    assert outbox.deliver(row.pk) == "pending"
    row.refresh_from_db()
    assert row.attempts == 1 and "relais indisponible" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert outbox.deliver(row.pk) == "failed"
    assert outbox.deliver(row.pk) == "skipped"  # failed rows wait for the team
    assert len(calls) == 2
    assert outbox.resend([row.pk]) == 1
    row.refresh_from_db()
    assert row.status == S.PENDING and row.attempts == 0


def test_a_row_left_sending_is_taken_back_after_the_lease():
    outbox.register("tests.noop", lambda payload: None)
    row = outbox.enqueue("tests.noop", key="k5", payload={})
    OutboxMessage.objects.filter(pk=row.pk).update(
        status=S.SENDING, started_at=timezone.now() - timedelta(minutes=1)
    )
    assert outbox.deliver(row.pk) == "skipped"  # another worker holds it
    outbox.sweep()
    assert OutboxMessage.objects.get(pk=row.pk).status == S.SENDING
    outbox.sweep(now=timezone.now() + outbox.LEASE)
    assert OutboxMessage.objects.get(pk=row.pk).status == S.SENT  # in-process hand-over


def test_an_unknown_handler_is_refused_at_once():
    with pytest.raises(LookupError):
        outbox.enqueue("tests.nobody", key="k6", payload={})
