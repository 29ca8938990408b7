"""The observatory's figures against a small dataset computed by hand (see helpers.py)."""

import pytest

from apps.observatory import selectors
from tests.observatory.helpers import dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return dataset()


def _values(rows):
    return {row.label: row.value for row in rows}


def test_headlines(data):
    period = selectors.year_period(data.year)
    figures = {h.key: h.value for h in selectors.headlines(period)}
    # alice, carol (m2), bob (m3); dan registered but absent; carol at the cancelled m4 ignored
    assert figures["participants"] == 3
    assert figures["organisations"] == 2
    # confirmed: alice, carol, dan (m2), alice, bob (m3) = 5 ; attended 4
    assert figures["attendance"] == "80 %"
    assert figures["contributions"] == 1  # the hidden one does not count
    assert figures["actions"] == 1


def test_previous_year_and_whole_process(data):
    assert {h.key: h.value for h in selectors.headlines(selectors.year_period(data.previous))}[
        "participants"
    ] == 2
    everything = {h.key: h.value for h in selectors.headlines(selectors.all_period())}
    assert everything["participants"] == 3  # alice, bob, carol: each once over the years


def test_breakdowns_and_grid(data):
    period = selectors.year_period(data.year)
    ref = selectors.reference()
    territories = _values(selectors.by_territory(period, ref))
    assert territories["Quimper Bretagne Occidentale"] == 2
    assert territories["Haut Pays Bigouden"] == 1
    assert territories["Hors Cornouaille"] == 0
    categories = _values(selectors.by_category(period, ref))
    assert categories["Entreprise"] == 1
    assert categories["Professionnel du tourisme"] == 2
    grid = dict(selectors.coverage_grid(period, ref).rows)
    cells = {cell["category"]: cell for cell in grid["Quimper Bretagne Occidentale"]}
    assert cells["Entreprise"]["value"] == 1 and cells["Entreprise"]["state"] == "thin"
    assert cells["Région"]["state"] == "empty"
    assert {c["category"]: c["value"] for c in grid["Haut Pays Bigouden"]}[
        "Professionnel du tourisme"
    ] == 1
    assert _values(selectors.by_year()) == {str(data.previous): 2, str(data.year): 3}


def test_months_new_and_returning(data):
    months = selectors.months(selectors.year_period(data.year))
    assert len(months) == 1  # February only (the cancelled March meeting is ignored)
    february = months[0]
    assert (february.total, february.new, february.returning) == (3, 1, 2)  # carol is new


def test_the_whole_process_is_counted_by_quarter(data):
    """A long period stays a short chart: by quarter beyond three years (decided from the
    period alone: the same queries whatever the data)."""
    whole = selectors.all_period()
    assert selectors.is_quarterly(whole) and not selectors.is_quarterly(
        selectors.year_period(data.year)
    )
    quarters = selectors.months(whole)
    # m1 (March of the previous year: alice, bob), m2 + m3 (February: alice, carol, bob).
    assert [(q.month.month, q.total, q.new, q.returning) for q in quarters] == [
        (1, 2, 2, 0),
        (1, 3, 1, 2),
    ]
    assert quarters[0].label == f"T1 {data.previous}"
    assert quarters[1].long_label == f"1er trimestre {data.year}"


def test_retention(data):
    rows = {r.year: r for r in selectors.retention()}
    assert rows[data.previous].came == 2
    assert rows[data.previous].came_back == 2  # alice and bob came back
    assert rows[data.previous].rate == 100
    assert rows[data.year].came == 3 and rows[data.year].came_back == 0


def test_funnel_overall_and_per_organisation(data):
    period = selectors.year_period(data.year)
    assert [r.value for r in selectors.funnel(period)] == [2, 4, 3, 1, 1]
    page = selectors.funnel_by_organisation(period, 1)
    rows = {row["organisation__name"]: row for row in page}
    odet = rows["Conserverie de l'Odet"]
    assert (odet["invited"], odet["registered"], odet["attended"]) == (0, 2, 2)
    assert (odet["contributed"], odet["carries_action"]) == (1, 1)
    dunes = rows["Camping des Dunes"]
    assert (dunes["registered"], dunes["attended"], dunes["contributed"]) == (1, 1, 0)
    assert list(rows) == ["Conserverie de l'Odet", "Camping des Dunes"]  # by attendance


def test_invitation_outcomes(data):
    outcome = selectors.invitation_outcomes(selectors.year_period(data.year))
    assert (outcome.sent, outcome.registered, outcome.attended) == (2, 1, 0)


def test_walk_ins_without_account_count_once_each(data):
    from apps.governance.models import Participation

    for name in ("Anne Guéguen", "Yann Le Bris"):
        Participation.objects.create(
            meeting=data.m2, user=None, guest_name=name, guest_territory=data.haut,
            status=Participation.Status.ATTENDING, attended=True, walk_in=True,
        )  # fmt: skip
    figures = {h.key: h.value for h in selectors.headlines(selectors.year_period(data.year))}
    assert figures["participants"] == 5


def test_by_filiere_and_objective(data):
    from apps.strategy.models import Filiere, Objective

    filiere = Filiere.objects.first()
    objective = Objective.objects.first()
    data.contribution.filieres.add(filiere)  # a contribution of m2: alice and carol attended
    data.contribution.objectives.add(objective)
    period = selectors.year_period(data.year)
    filieres = _values(selectors.by_filiere(period))
    assert filieres[str(filiere)] == 2
    assert sum(filieres.values()) == 2
    assert _values(selectors.by_objective(period))[str(objective)] == 2
    assert _values(selectors.by_filiere(selectors.year_period(data.previous)))[str(filiere)] == 0
