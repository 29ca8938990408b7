"""Prioritisation by ranking: each person ranks the actions (all or some); a ranking is stored
as Borda points (among n actions, first = n points), so the results, their breakdowns, the
projection screen and the COPIL threshold are the same code as for points."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from apps.participation import services
from apps.participation.models import Ballot, BallotPoints, Prioritisation
from apps.participation.selectors import results
from tests.accounts.factories import UserFactory

from .factories import make_action, make_prioritisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranking():
    return make_prioritisation(
        method=Prioritisation.Method.RANKING,
        actions=[make_action(f"Action {i}") for i in range(4)],
        live=True,
    )


def _ids(prioritisation):
    return list(prioritisation.actions.order_by("pk").values_list("pk", flat=True))


def _lines(ballot):
    return dict(BallotPoints.objects.filter(ballot=ballot).values_list("action_id", "points"))


def test_a_ranking_becomes_borda_points(ranking):
    a, b, c, d = _ids(ranking)
    voter = UserFactory()
    ballot = services.ballot_submit(
        prioritisation=ranking, user=voter, ranks={c: 1, a: 2, d: 3, b: 4}
    )
    assert _lines(ballot) == {c: 4, a: 3, d: 2, b: 1}
    assert ballot.total == ballot.budget == 10
    # Some actions only, with a gap: the order is kept, the gap is not (ranks 1 and 3 → 1, 2).
    ballot = services.ballot_submit(prioritisation=ranking, user=voter, ranks={b: 3, d: 1, a: None})
    assert _lines(ballot) == {d: 4, b: 3} and ballot.total == 7
    assert Ballot.objects.filter(prioritisation=ranking, user=voter).count() == 1


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ({0: 1, 1: 1}, "Deux actions ont le rang 1 : chaque rang ne sert qu'une fois."),
        ({0: 5}, "Un rang va de 1 à 4 (reçu : 5)."),
        ({0: 0}, "Un rang va de 1 à 4 (reçu : 0)."),
    ],
)
def test_bad_rankings_are_refused_in_french(ranking, ranks, message):
    ids = _ids(ranking)
    with pytest.raises(ValidationError) as error:
        services.ballot_submit(
            prioritisation=ranking, user=UserFactory(), ranks={ids[k]: v for k, v in ranks.items()}
        )
    assert error.value.messages == [message]
    assert not Ballot.objects.exists()


def test_the_method_decides_what_a_ballot_holds(ranking):
    with pytest.raises(ValidationError, match="indiquez un rang par action"):
        services.ballot_submit(
            prioritisation=ranking, user=UserFactory(), points={_ids(ranking)[0]: 3}
        )
    points = make_prioritisation(title="Par points")
    with pytest.raises(ValidationError, match="indiquez des points"):
        services.ballot_submit(
            prioritisation=points, user=UserFactory(), ranks={_ids(points)[0]: 1}
        )


def test_creation_rules():
    with pytest.raises(ValidationError) as error:
        make_prioritisation(
            method=Prioritisation.Method.RANKING,
            actions=[make_action(f"Action {i}") for i in range(services.MAX_RANKED + 1)],
        )
    assert "au plus" in str(error.value)
    with pytest.raises(ValidationError) as error:
        make_prioritisation(method="vote-secret")
    assert "répartition de points ou le classement" in str(error.value)


def test_results_rank_by_borda_and_break_down(ranking):
    a, b, c, d = _ids(ranking)
    for ranks in ({a: 1, b: 2}, {a: 1, c: 2}, {b: 1, a: 2, c: 3, d: 4}):
        services.ballot_submit(prioritisation=ranking, user=UserFactory(), ranks=ranks)
    data = results(prioritisation=ranking)
    assert [(row["action"].pk, row["points"]) for row in data["rows"]] == [
        (a, 11), (b, 7), (c, 5), (d, 1)
    ]  # fmt: skip
    assert data["ballots"] == 3


def test_rank_through_the_page(client, ranking):
    a, b, c, d = _ids(ranking)
    client.force_login(UserFactory())
    page = client.get(ranking.get_absolute_url()).content.decode()
    assert "Classez les actions" in page and f'name="rang-{a}"' in page
    assert "méthode de Borda" in page  # the results say how a rank counts
    assert "0 action classée." in page  # French: 0 is singular
    assert page.count("<h1") == 1 and page.count('type="submit" class="btn btn-primary"') == 1
    response = client.post(ranking.get_absolute_url(), {f"rang-{a}": "1", f"rang-{b}": "1"})
    assert response.status_code == 400
    assert "chaque rang ne sert qu&#x27;une fois" in response.content.decode()
    response = client.post(ranking.get_absolute_url(), {f"rang-{a}": "premier"})
    assert response.status_code == 400 and "n&#x27;est pas un rang" in response.content.decode()
    assert not Ballot.objects.exists()
    response = client.post(ranking.get_absolute_url(), {f"rang-{c}": "1", f"rang-{a}": "2"})
    assert response.status_code == 302
    page = client.get(ranking.get_absolute_url()).content.decode()
    # The ballot is shown back as ranks.
    assert '<option value="1" selected>' in page.split(f'id="rang-{c}"')[1].split("</select>")[0]
    assert '<option value="2" selected>' in page.split(f'id="rang-{a}"')[1].split("</select>")[0]
    assert "2 actions classées" in page


def test_the_team_opens_a_ranking(client):
    actions = [make_action(f"Action {i}") for i in range(3)]
    client.force_login(UserFactory(role="equipe-projet"))
    response = client.post(
        reverse("participation:prioritisation_create"),
        {
            "title": "Classement des actions 2027",
            "actions": [a.pk for a in actions],
            "method": "ranking",
            "points": "",
            "opens_at": "2026-01-01T09:00",
            "closes_at": "2036-01-01T09:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Prioritisation.objects.get().is_ranking
    # Points are still required for a distribution of points.
    response = client.post(
        reverse("participation:prioritisation_create"),
        {"title": "Par points", "actions": [a.pk for a in actions], "method": "points",
         "points": "", "opens_at": "2026-01-01T09:00", "closes_at": "2036-01-01T09:00"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "entre 1 et 100 points" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_rankings_by_one_person_make_one_ballot():
    ranking = make_prioritisation(
        method=Prioritisation.Method.RANKING, actions=[make_action(f"A{i}") for i in range(3)]
    )
    a, b, c = _ids(ranking)
    voter = UserFactory()
    orders = [{a: 1, b: 2, c: 3}, {c: 1, b: 2, a: 3}, {b: 1}, {a: 1, c: 2}] * 3
    barrier = threading.Barrier(len(orders))
    errors = []

    def vote(ranks):
        try:
            barrier.wait(timeout=30)
            services.ballot_submit(prioritisation=ranking, user=voter, ranks=ranks)
        except Exception as exc:  # noqa: BLE001 - the test must see every failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(ranks,)) for ranks in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    ballot = Ballot.objects.get(prioritisation=ranking, user=voter)
    lines = _lines(ballot)
    assert sum(lines.values()) == ballot.total <= ballot.budget == 6
    assert sorted(lines.values(), reverse=True) == list(range(3, 3 - len(lines), -1))
