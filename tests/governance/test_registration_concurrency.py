"""PostgreSQL: concurrent sign-ups never overbook, and concurrent cancellations promote exactly
as many people as seats they free — real threads, each with its own database connection,
released together by a barrier."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from apps.governance import services
from apps.governance.models import Meeting, Participation
from apps.governance.services import registration
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
S = Participation.Status
SEATS = 10
PEOPLE = 50


def _run_together(function, arguments):
    """Call `function(arg)` for every argument in its own thread, all released at once."""
    barrier = threading.Barrier(len(arguments))
    errors, results = [], []

    def worker(argument):
        try:
            barrier.wait(timeout=30)
            results.append(function(argument))
        except Exception as exc:  # noqa: BLE001 - reported below, the test must see them all
            errors.append(repr(exc))
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=worker, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return results, errors


@pytest.fixture
def full_workshop():
    lead = UserFactory(role="equipe-projet")
    start = timezone.now() + timedelta(days=7)
    meeting = services.meeting_create(
        kind=Meeting.Kind.WORKSHOP, body=None, created_by=lead,
        title="Atelier très demandé", start=start, end=start + timedelta(hours=2),
        place="Le Chapeau Rouge, Quimper", capacity=SEATS,
    )  # fmt: skip
    services.meeting_publish(meeting=meeting, by=lead)
    return meeting


def test_fifty_simultaneous_registrations_for_ten_seats(full_workshop):
    people = [UserFactory() for _ in range(PEOPLE)]

    results, errors = _run_together(
        lambda user: registration.registration_create(meeting=full_workshop, user=user), people
    )

    assert errors == []
    assert len(results) == PEOPLE
    rows = list(full_workshop.participations.order_by("queued_at", "pk"))
    statuses = [row.status for row in rows]
    assert statuses.count(S.REGISTERED) == SEATS
    assert statuses.count(S.WAITLISTED) == PEOPLE - SEATS
    # In arrival order: whoever got the lock first got a seat.
    assert statuses == [S.REGISTERED] * SEATS + [S.WAITLISTED] * (PEOPLE - SEATS)
    registered_ids = [r.pk for r in rows if r.status == S.REGISTERED]
    waiting_ids = [r.pk for r in rows if r.status == S.WAITLISTED]
    assert max(registered_ids) < min(waiting_ids)


def test_concurrent_cancellations_promote_exactly_as_many(full_workshop):
    people = [UserFactory() for _ in range(30)]
    for user in people:
        registration.registration_create(meeting=full_workshop, user=user)
    seats = list(full_workshop.participations.filter(status=S.REGISTERED).order_by("queued_at"))
    waiting = list(
        full_workshop.participations.filter(status=S.WAITLISTED).order_by("queued_at", "pk")
    )
    leaving = seats[:6]

    results, errors = _run_together(
        lambda seat: registration.registration_cancel(participation=seat, by=seat.user), leaving
    )

    assert errors == []
    promoted = sorted(p.pk for batch in results for p in batch)
    assert len(promoted) == len(leaving)
    assert promoted == sorted(p.pk for p in waiting[: len(leaving)])
    assert full_workshop.participations.filter(status=S.REGISTERED).count() == SEATS
    assert full_workshop.participations.filter(status=S.CANCELLED).count() == len(leaving)
    assert full_workshop.participations.filter(status=S.WAITLISTED).count() == 20 - len(leaving)


def test_concurrent_registrations_of_the_same_person_create_one_row(full_workshop):
    user = UserFactory()
    results, errors = _run_together(
        lambda _: registration.registration_create(meeting=full_workshop, user=user), range(8)
    )
    assert len(results) == 1
    assert len(errors) == 7 and all("déjà inscrit" in e for e in errors)
    assert full_workshop.participations.filter(user=user).count() == 1
