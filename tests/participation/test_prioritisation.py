"""Prioritisation by points: one ballot per person, never over the budget, changeable until
the close, results after the close (or live), live mode for checked-in attendees only."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.participation import services
from apps.participation.models import Ballot, BallotPoints
from apps.participation.signals import prioritisation_closed
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, register

from .factories import make_prioritisation

pytestmark = pytest.mark.django_db


def _ids(prioritisation):
    return list(prioritisation.actions.order_by("pk").values_list("pk", flat=True))


def test_vote_and_change_until_close(stakeholder):
    p = make_prioritisation()
    a, b, c = _ids(p)
    services.ballot_submit(prioritisation=p, user=stakeholder, points={a: 6, b: 4})
    services.ballot_submit(prioritisation=p, user=stakeholder, points={c: 10})
    ballot = Ballot.objects.get()
    assert ballot.total == 10
    assert list(ballot.lines.values_list("action_id", "points")) == [(c, 10)]


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ({0: 11}, "retirez-en 1"),
        ({0: 6, 1: 5}, "pour 10 disponibles"),
        ({0: -1}, "négatifs"),
    ],
)
def test_bad_ballots_refused_in_french(stakeholder, points, message):
    p = make_prioritisation()
    ids = _ids(p)
    with pytest.raises(ValidationError, match=message):
        services.ballot_submit(
            prioritisation=p, user=stakeholder, points={ids[k]: v for k, v in points.items()}
        )
    assert not Ballot.objects.exists()


def test_action_outside_the_prioritisation_refused(stakeholder):
    p = make_prioritisation()
    other = make_prioritisation(title="Autre")
    with pytest.raises(ValidationError, match="ne fait pas partie"):
        services.ballot_submit(prioritisation=p, user=stakeholder, points={_ids(other)[0]: 1})


def test_vote_after_close_refused(stakeholder):
    p = make_prioritisation()
    lead = UserFactory(role="equipe-projet")
    received = []

    def receiver(sender, prioritisation, **kwargs):
        received.append(prioritisation.pk)

    prioritisation_closed.connect(receiver)
    try:
        services.prioritisation_close(prioritisation=p, by=lead)
    finally:
        prioritisation_closed.disconnect(receiver)
    assert received == [p.pk]
    with pytest.raises(ValidationError, match="close"):
        services.ballot_submit(prioritisation=p, user=stakeholder, points={_ids(p)[0]: 1})


def test_database_refuses_second_ballot_and_over_budget(stakeholder):
    p = make_prioritisation()
    Ballot.objects.create(prioritisation=p, user=stakeholder, budget=10, total=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(prioritisation=p, user=stakeholder, budget=10, total=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(prioritisation=p, user=UserFactory(), budget=10, total=11)
    ballot = Ballot.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotPoints.objects.create(ballot=ballot, action_id=_ids(p)[0], points=0)


def test_live_mode_only_checked_in_attendees():
    plenary = MeetingFactory(kind="plenary", body=None)
    p = make_prioritisation(meeting=plenary)
    present = register(plenary, attended=True).user
    registered_only = register(plenary).user
    services.ballot_submit(prioritisation=p, user=present, points={_ids(p)[0]: 10})
    with pytest.raises(ValidationError, match="émargées"):
        services.ballot_submit(prioritisation=p, user=registered_only, points={_ids(p)[0]: 1})


def test_results_hidden_until_close_unless_live(client, stakeholder):
    p = make_prioritisation()
    services.ballot_submit(prioritisation=p, user=stakeholder, points={_ids(p)[0]: 7})
    json_url = reverse("participation:prioritisation_results_json", args=[p.slug])
    assert client.get(json_url).status_code == 403
    assert "publiés à la clôture" in client.get(p.get_absolute_url()).content.decode()
    services.prioritisation_close(prioritisation=p, by=UserFactory(role="equipe-projet"))
    data = client.get(json_url).json()
    assert data["ballots"] == 1 and data["rows"][0]["points"] == 7 and data["closed"]
    live = make_prioritisation(title="En direct", live=True)
    url = reverse("participation:prioritisation_results_json", args=[live.slug])
    assert client.get(url).status_code == 200


def test_results_broken_down_by_epci_and_category(client):
    from apps.stakeholders.models import ActorCategory, Territory

    p = make_prioritisation(live=True)
    a = _ids(p)[0]
    t1, t2 = Territory.objects.order_by("pk")[:2]
    cat = ActorCategory.objects.order_by("pk").first()
    for territory, points in ((t1, 5), (t1, 3), (t2, 2)):
        user = UserFactory(territory=territory, actor_category=cat)
        services.ballot_submit(prioritisation=p, user=user, points={a: points})
    page = client.get(p.get_absolute_url()).content.decode()
    assert t1.name in page and t2.name in page and cat.name in page
    from apps.participation.selectors import results

    data = results(prioritisation=p)
    by_name = {row["name"]: row["points"][0] for row in data["by_territory"]}
    assert by_name == {t1.name: 8, t2.name: 2}


def test_vote_through_the_page_and_bad_input(client, stakeholder):
    p = make_prioritisation()
    a, b, _c = _ids(p)
    client.force_login(stakeholder)
    response = client.post(p.get_absolute_url(), {f"points-{a}": "12"})
    assert response.status_code == 400
    assert "retirez-en 2" in response.content.decode()
    response = client.post(p.get_absolute_url(), {f"points-{a}": "abc"})
    assert response.status_code == 400 and "n&#x27;est pas un nombre" in response.content.decode()
    response = client.post(p.get_absolute_url(), {f"points-{a}": "6", f"points-{b}": "4"})
    assert response.status_code == 302
    assert Ballot.objects.get().total == 10


def test_results_page_constant_queries(client, django_assert_max_num_queries):
    p = make_prioritisation(live=True)
    ids = _ids(p)
    for i in range(40):
        services.ballot_submit(prioritisation=p, user=UserFactory(), points={ids[i % 3]: 5})
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("participation:prioritisation_results", args=[p.slug])).status_code
            == 200
        )


def test_not_open_yet(stakeholder):
    now = timezone.now()
    p = make_prioritisation(opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=1))
    with pytest.raises(ValidationError, match="pas encore ouverte"):
        services.ballot_submit(prioritisation=p, user=stakeholder, points={})
