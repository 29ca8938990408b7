"""PostgreSQL, real threads with their own connections released together: simultaneous
submissions by one person make ONE ballot, never over the budget."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from apps.participation import services
from apps.participation.models import Ballot, BallotPoints
from tests.accounts.factories import UserFactory

from .factories import make_prioritisation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(function, arguments):
    barrier = threading.Barrier(len(arguments))
    errors, results = [], []

    def worker(argument):
        try:
            barrier.wait(timeout=30)
            results.append(function(argument))
        except ValidationError as exc:
            errors.append(exc)
        except Exception as exc:  # noqa: BLE001 - the test must see every failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return results, errors


def test_simultaneous_submissions_make_one_ballot_within_budget():
    p = make_prioritisation(points=10)
    a, b, c = p.actions.order_by("pk").values_list("pk", flat=True)
    voter = UserFactory()
    distributions = [{a: 10}, {b: 10}, {c: 10}, {a: 5, b: 5}, {b: 3, c: 7}, {a: 1, c: 9}] * 2

    results, errors = _run_together(
        lambda points: services.ballot_submit(prioritisation=p, user=voter, points=points),
        distributions,
    )

    assert errors == []
    assert len(results) == len(distributions)
    ballot = Ballot.objects.get(prioritisation=p, user=voter)
    lines = BallotPoints.objects.filter(ballot=ballot)
    assert lines.aggregate(s=Sum("points"))["s"] == ballot.total == 10
    assert {r.pk for r in results} == {ballot.pk}


def test_many_voters_at_once_each_one_ballot():
    p = make_prioritisation(points=10)
    a = p.actions.order_by("pk").values_list("pk", flat=True)[0]
    voters = [UserFactory() for _ in range(12)]
    submissions = voters + voters  # everybody clicks twice

    _results, errors = _run_together(
        lambda user: services.ballot_submit(prioritisation=p, user=user, points={a: 10}),
        submissions,
    )

    assert errors == []
    assert Ballot.objects.filter(prioritisation=p).count() == 12
    assert (
        BallotPoints.objects.filter(ballot__prioritisation=p).aggregate(s=Sum("points"))["s"] == 120
    )


def test_close_and_votes_race_no_vote_after_close():
    p = make_prioritisation(points=10)
    a = p.actions.order_by("pk").values_list("pk", flat=True)[0]
    lead = UserFactory(role="equipe-projet")
    voters = [UserFactory() for _ in range(8)]

    def act(who):
        if who == "close":
            return services.prioritisation_close(prioritisation=p, by=lead)
        return services.ballot_submit(prioritisation=p, user=who, points={a: 10})

    _results, errors = _run_together(act, ["close", *voters])
    p.refresh_from_db()
    assert all(isinstance(e, ValidationError) for e in errors)
    # every ballot stored was written before the close
    assert all(b.updated_at <= p.closed_at for b in Ballot.objects.filter(prioritisation=p))
