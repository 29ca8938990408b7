"""The outbox: every side effect a state change promises is a row written in the SAME
transaction as the change, then delivered by a worker — idempotently.

    outbox.enqueue("governance.meeting_notice", key=f"…:{participation.pk}", payload={...})

- The row commits with the change or not at all: a rolled-back change promises nothing.
- After the commit, the row is handed to Celery (`core.deliver_outbox`). If the broker is down
  the request still succeeds: the row stays pending and the beat job `core.sweep_outbox`
  hands it over again once the broker is back (and takes back rows a killed worker left
  "sending" for longer than the lease).
- `key` names the side effect (recipient, reason, object, version): the same key is never
  written twice, and a row is delivered until it is sent — a task Celery delivers twice finds
  it sent (or locked by the other worker) and does nothing. A worker killed in the middle of
  an SMTP conversation is the one window where a message may be sent again: the lease, not a
  duplicate key, decides, and the email had most likely not left.
- Failures are retried with a growing delay; after `max_attempts` the row stays "failed" with
  its error, visible and re-sendable in the admin.

Handlers live in the apps that own the side effect and are registered in their
`AppConfig.ready()` (`outbox.register(name, function)`): core never imports them.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # a "sending" row older than this was left by a killed worker
HANDOVER_GRACE = timedelta(minutes=2)  # a dispatched row not started by then is handed again
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)]


@dataclass(frozen=True)
class Handler:
    function: object
    max_attempts: int


_handlers: dict[str, Handler] = {}


def register(name: str, function, *, max_attempts: int = 5) -> None:
    _handlers[name] = Handler(function, max_attempts)


def enqueue(name: str, *, key: str, payload: dict) -> OutboxMessage | None:
    """Promise a side effect in the current transaction; None when `key` was already promised."""
    if name not in _handlers:
        raise LookupError(f"No outbox handler registered as {name!r}")
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(handler=name, key=key[:255], payload=payload)
    except IntegrityError:
        return None  # promised already: the same side effect is never written twice
    transaction.on_commit(lambda: dispatch(message.pk))
    return message


def dispatch(message_id: int) -> bool:
    """Hand one row to Celery. A broker outage is logged, never raised: the sweeper retries."""
    from .tasks import deliver_outbox

    try:
        deliver_outbox.apply_async((message_id,))
    except Exception as error:  # noqa: BLE001 - any broker failure leaves the row pending
        logger.warning(
            "Outbox %s not handed to the broker (%s): the sweeper will retry.", message_id, error
        )
        return False
    OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).update(
        dispatched_at=timezone.now()
    )
    return True


def _claim(message_id: int) -> OutboxMessage | None:
    """Take the row for this worker (committed before sending), or None if there is nothing to
    do: sent, failed for good, or being sent by another worker within its lease."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        )
        done = (OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED)
        if message is None or message.status in done:
            return None
        if message.status == OutboxMessage.Status.SENDING and message.started_at > now - LEASE:
            return None
        message.status = OutboxMessage.Status.SENDING
        message.started_at = now
        message.attempts += 1
        message.save(update_fields=["status", "started_at", "attempts"])
    return message


def deliver(message_id: int) -> str:
    """Worker side: run the row's handler once; record the outcome. Returns the new status."""
    message = _claim(message_id)
    if message is None:
        return "skipped"
    handler = _handlers.get(message.handler)
    try:
        if handler is None:
            raise LookupError(f"No outbox handler registered as {message.handler!r}")
        handler.function(message.payload)
    except Exception as error:  # noqa: BLE001 - recorded on the row, retried or marked failed
        max_attempts = handler.max_attempts if handler else 1
        failed = message.attempts >= max_attempts
        delay = BACKOFF[min(message.attempts - 1, len(BACKOFF) - 1)]
        outcome = " — given up, re-send from the admin" if failed else f" — retry in {delay}"
        logger.warning(
            "Outbox %s (%s) attempt %s/%s failed: %s%s",
            *(message.pk, message.key, message.attempts, max_attempts, error, outcome),
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=timezone.now() + delay,
            dispatched_at=None,
        )
        return "failed" if failed else "pending"
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENT, done_at=timezone.now(), last_error=""
    )
    return "sent"


def sweep(*, now=None, limit: int = 500) -> int:
    """Beat job: hand over again what was never handed, not started in time, due for a retry,
    or left "sending" by a killed worker. Returns how many rows were handed over."""
    now = now or timezone.now()
    S = OutboxMessage.Status
    OutboxMessage.objects.filter(status=S.SENDING, started_at__lt=now - LEASE).update(
        status=S.PENDING, dispatched_at=None
    )
    due = (
        OutboxMessage.objects.filter(status=S.PENDING, next_attempt_at__lte=now)
        .exclude(dispatched_at__gte=now - HANDOVER_GRACE)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(dispatch(pk) for pk in list(due))


def resend(message_ids) -> int:
    """The project team re-sends failed (or stuck) rows from the admin; sent ones stay sent."""
    S = OutboxMessage.Status
    ids = list(
        OutboxMessage.objects.filter(pk__in=message_ids)
        .exclude(status=S.SENT)
        .values_list("pk", flat=True)
    )
    OutboxMessage.objects.filter(pk__in=ids).update(
        status=S.PENDING, attempts=0, next_attempt_at=timezone.now(), dispatched_at=None
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: dispatch(pk))
    return len(ids)
