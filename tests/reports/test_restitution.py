"""The restitution report of a plenary: its figures on a small dataset (hidden contributions
never count), the workshops it covers (the plenaries app's rule, as the public sees it), the
fingerprint that makes `document_for_restitution` idempotent, a query count that does not grow
with the data, and the rendered PDF read back with pdftotext."""

import subprocess
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.governance.models import Body, Meeting, Participation
from apps.plenaries.selectors import plenary_restitution
from apps.reports.models import Document
from apps.reports.restitution import restitution_data
from apps.reports.services import document_for_restitution
from apps.stakeholders.models import ActorCategory, Territory
from apps.strategy.models import Contribution, Objective, PriorityAction, Support
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory

pytestmark = pytest.mark.django_db

T = Contribution.Type
S = Meeting.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def meeting(kind, title, *, days, status=S.HELD, **fields) -> Meeting:
    start = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    fields.setdefault("body", None)
    return MeetingFactory(kind=kind, title=title, start=start, status=status, **fields)


def workshop(title, *, days, status=S.HELD, **fields) -> Meeting:
    return meeting(Meeting.Kind.WORKSHOP, title, days=days, status=status, **fields)


def attend(meeting_, *people, attended=True) -> None:
    for person in people:
        Participation.objects.create(
            meeting=meeting_,
            user=person,
            status=Participation.Status.REGISTERED,
            attended=attended,
        )


def contribute(meeting_, type_, text, *objectives, hidden=False, supporters=()) -> Contribution:
    contribution = Contribution.objects.create(
        meeting=meeting_, type=type_, text=text, is_hidden=hidden
    )
    contribution.objectives.set(objectives)
    for person in supporters:
        Support.objects.create(contribution=contribution, user=person)
    return contribution


def action(title, objective, *contributions, **fields) -> PriorityAction:
    priority = PriorityAction.objects.create(
        title=title, slug=title.lower().replace(" ", "-"), objective=objective, **fields
    )
    priority.contributions.set(contributions)
    return priority


@dataclass
class World:
    plenary: Meeting
    previous: Meeting
    w1: Meeting
    w2: Meeting
    members_only: Meeting
    c1: Contribution
    c2: Contribution
    c3: Contribution
    hidden: Contribution
    old: Contribution
    o1: Objective
    o2: Objective
    people: dict


@pytest.fixture
def world(db) -> World:
    o1, o2 = Objective.objects.order_by("position")[:2]
    qbo = Territory.objects.get(slug="quimper-bretagne-occidentale")
    cca = Territory.objects.get(slug="concarneau-cornouaille-agglomeration")
    company = ActorCategory.objects.get(slug="entreprise")
    citizen = ActorCategory.objects.get(slug="citoyen")
    u1 = UserFactory(territory=qbo, actor_category=company)
    u2 = UserFactory(territory=None, actor_category=citizen)
    u3 = UserFactory(territory=cca, actor_category=None)
    u4 = UserFactory()  # registered, did not come
    u5 = UserFactory()  # came to an older workshop only
    u6 = UserFactory(territory=qbo, actor_category=company)  # the plenary only

    previous = meeting(Meeting.Kind.PLENARY, "Plénière de partage", days=-60)
    plenary = meeting(Meeting.Kind.PLENARY, "Plénière de restitution", days=-2)
    old = workshop("Atelier d'avant", days=-90)
    w1 = workshop("Atelier mer", days=-50, place="Halle de la criée, Le Guilvinec")
    w2 = workshop("Atelier talents", days=-30)
    draft = workshop("Atelier brouillon", days=-20, status=S.DRAFT)
    cancelled = workshop("Atelier annulé", days=-25, status=S.CANCELLED)
    group = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="Groupe fermé", slug="ferme")
    members_only = workshop(
        "Atelier réservé", days=-15, body=group, visibility=Meeting.Visibility.MEMBERS
    )
    after = workshop("Atelier d'après", days=10, status=S.SCHEDULED)

    attend(old, u5)
    attend(w1, u1, u2)
    attend(w1, u4, attended=False)
    attend(w2, u1, u3)
    attend(members_only, u4)
    attend(plenary, u1, u6)
    attend(plenary, u3, attended=False)

    c1 = contribute(w1, T.NEED, "Il manque des **logements** saisonniers.", o1, supporters=[u1, u2])
    c2 = contribute(w1, T.STRENGTH, "Le littoral à moins de trente minutes.", o1, o2)
    c3 = contribute(w2, T.ACTION_IDEA, "Un kit d'accueil <script>alert('x')</script> commun.")
    hidden = contribute(w2, T.NEED, "Texte masqué injurieux.", o1, hidden=True, supporters=[u1])
    old_one = contribute(old, T.NEED, "Une contribution d'avant.", o1)
    for excluded in (draft, cancelled, members_only, after):
        contribute(excluded, T.PERCEPTION, f"Hors période : {excluded.title}.", o1)

    action("Bourse aux logements", o1, c1, old_one, progress=30)
    action("Action masquée", o1, hidden)
    action("Kit d'accueil", o2, c3, hidden, status=PriorityAction.Status.VALIDATED)
    action("Action d'avant", o2, old_one)
    return World(
        plenary=plenary, previous=previous, w1=w1, w2=w2, members_only=members_only,
        c1=c1, c2=c2, c3=c3, hidden=hidden, old=old_one, o1=o1, o2=o2,
        people={"u1": u1, "u2": u2, "u3": u3, "u6": u6},
    )  # fmt: skip


def bars(chart) -> dict[str, int]:
    return {bar.label: bar.value for bar in chart.bars}


# ------------------------------------------------------------------------------------ figures
class TestFigures:
    def test_the_period_is_the_plenaries_one_as_the_public_sees_it(self, world):
        data = restitution_data(meeting=world.plenary)
        assert data.previous == world.previous
        assert [w.pk for w in data.workshops] == [world.w1.pk, world.w2.pk]
        public_page = plenary_restitution(plenary=world.plenary, viewer=AnonymousUser())
        assert [w.pk for w in public_page.workshops] == [world.w1.pk, world.w2.pk]
        # One PDF for every reader: the members-only workshop stays out of it.
        assert world.members_only.pk not in [w.pk for w in data.workshops]

    def test_participation(self, world):
        figures = restitution_data(meeting=world.plenary).participation
        assert figures.workshops == 3  # u1, u2, u3 (u4 did not come, u5 came before)
        assert figures.plenary_attended == 2  # u1, u6
        assert figures.plenary_registered == 3
        assert figures.total == 4
        territories = bars(figures.by_territory)
        assert territories["Quimper Bretagne Occidentale"] == 2
        assert territories["Concarneau Cornouaille Agglomération"] == 1
        assert territories["Hors Cornouaille"] == 1
        assert territories["Douarnenez Communauté"] == 0  # every EPCI is listed
        assert sum(territories.values()) == figures.total
        categories = bars(figures.by_category)
        assert categories["Entreprise"] == 2 and categories["Citoyen"] == 1
        assert categories["Catégorie non renseignée"] == 1
        per_workshop = {bar.label: (bar.value, bar.note) for bar in figures.by_workshop.bars}
        assert per_workshop["Atelier mer"][0] == 2 and per_workshop["Atelier talents"][0] == 2
        assert per_workshop["Atelier mer"][1].startswith("(")

    def test_contributions_by_objective_then_type_without_hidden_ones(self, world):
        data = restitution_data(meeting=world.plenary)
        assert data.contribution_total == 3
        assert dict(data.type_totals)["Attente / besoin"] == 1  # the hidden one is not counted
        groups = {g.title: g for g in data.objectives}
        assert list(groups) == [world.o1.title, world.o2.title, "Sans objectif rattaché"]
        first = groups[world.o1.title]
        assert [(t.type, [c.pk for c in t.contributions]) for t in first.types] == [
            (T.NEED, [world.c1.pk]),
            (T.STRENGTH, [world.c2.pk]),
        ]
        need = first.types[0].contributions[0]
        assert need.number == 1 and need.supports == 2 and need.workshop == "Atelier mer"
        assert "<strong>logements</strong>" in need.html
        # A contribution under two objectives keeps its number.
        assert groups[world.o2.title].types[0].contributions[0].number == 2
        idea = groups["Sans objectif rattaché"].types[0].contributions[0]
        assert idea.number == 3 and "script" not in idea.html and "alert" not in idea.html
        shown = {c.pk for g in data.objectives for t in g.types for c in t.contributions}
        assert world.hidden.pk not in shown
        assert data.supports_total == 2  # supports of the hidden contribution do not count

    def test_actions_with_their_origin(self, world):
        actions = {a.title: a for a in restitution_data(meeting=world.plenary).actions}
        assert set(actions) == {"Bourse aux logements", "Kit d'accueil"}
        housing = actions["Bourse aux logements"]
        assert housing.contribution_numbers == [1] and housing.workshops == ["Atelier mer"]
        assert housing.earlier_contributions == 1 and housing.progress == 30
        kit = actions["Kit d'accueil"]
        assert kit.contribution_numbers == [3] and kit.workshops == ["Atelier talents"]
        assert kit.earlier_contributions == 0  # the hidden one is not an origin
        assert kit.status_label == "Validée"

    def test_annex(self, world):
        rows = {w.title: w for w in restitution_data(meeting=world.plenary).workshops}
        assert (rows["Atelier mer"].attended, rows["Atelier mer"].registered) == (2, 3)
        assert rows["Atelier mer"].contributions == 2
        assert rows["Atelier mer"].place == "Halle de la criée, Le Guilvinec"
        assert rows["Atelier talents"].contributions == 1  # not the hidden one

    def test_a_first_plenary_without_workshops(self, db):
        lonely = meeting(Meeting.Kind.PLENARY, "Première plénière", days=5, status=S.SCHEDULED)
        data = restitution_data(meeting=lonely)
        assert data.previous is None and data.workshops == [] and data.actions == []
        assert data.participation.total == 0 and data.contribution_total == 0


# -------------------------------------------------------------------------------- fingerprint
class TestFingerprint:
    def test_same_data_same_document(self, world, django_capture_on_commit_callbacks):
        assert (
            restitution_data(meeting=world.plenary).fingerprint
            == restitution_data(meeting=world.plenary).fingerprint
        )
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            first = document_for_restitution(meeting=world.plenary)
            second = document_for_restitution(meeting=world.plenary)
        assert first.pk == second.pk and len(callbacks) == 1
        assert Document.objects.filter(meeting=world.plenary).count() == 1

    def test_a_change_outside_the_report_keeps_the_document(self, world):
        first = document_for_restitution(meeting=world.plenary)
        contribute(world.members_only, T.NEED, "Encore une, dans l'atelier réservé.", world.o1)
        assert document_for_restitution(meeting=world.plenary).pk == first.pk

    @pytest.mark.parametrize(
        "change",
        [
            "new_contribution",
            "support",
            "hide",
            "edit_text",
            "move_objective",
            "attendance",
            "action_progress",
            "territory",
        ],
    )
    def test_changed_data_gives_a_new_document(self, world, change):
        first = document_for_restitution(meeting=world.plenary)
        before = restitution_data(meeting=world.plenary).fingerprint
        c1, u3 = world.c1, world.people["u3"]
        if change == "new_contribution":
            contribute(world.w2, T.SERVICE, "Un nouveau service.", world.o2)
        elif change == "support":
            Support.objects.create(contribution=world.c2, user=u3)
        elif change == "hide":
            world.c2.is_hidden = True
            world.c2.save()
        elif change == "edit_text":
            c1.text = "Il manque des logements à l'année."
            c1.save()
        elif change == "move_objective":  # same counts, other objective, no timestamp
            c1.objectives.set([world.o2])
        elif change == "attendance":
            Participation.objects.filter(meeting=world.w2, user=u3).update(attended=False)
        elif change == "action_progress":
            PriorityAction.objects.filter(title="Kit d'accueil").update(progress=80)
        elif change == "territory":
            type(u3).objects.filter(pk=u3.pk).update(territory=None)
        assert restitution_data(meeting=world.plenary).fingerprint != before
        second = document_for_restitution(meeting=world.plenary)
        assert second.pk != first.pk
        assert Document.objects.filter(meeting=world.plenary).count() == 2


# ------------------------------------------------------------------------------ query count
def _more_data(world, *, workshops: int, contributions: int) -> None:
    people = [UserFactory() for _ in range(12)]
    for index in range(workshops):
        extra = workshop(f"Atelier supplémentaire {index}", days=-40 + index)
        attend(extra, *people)
        cited = []
        for number in range(contributions):
            cited.append(
                contribute(
                    extra,
                    list(T)[number % len(T)],
                    f"Contribution {index}-{number}",
                    world.o1 if number % 2 else world.o2,
                    supporters=people[: number % 5],
                )
            )
        action(f"Action supplémentaire {index}", world.o1, *cited[:3])


def test_query_count_does_not_grow_with_the_data(world):
    with CaptureQueriesContext(connection) as small:
        restitution_data(meeting=world.plenary)
    _more_data(world, workshops=4, contributions=15)
    with CaptureQueriesContext(connection) as large:
        data = restitution_data(meeting=world.plenary)
    assert data.contribution_total == 3 + 4 * 15 and len(data.actions) == 2 + 4
    assert len(large) == len(small)
    assert len(small) <= 20


# ------------------------------------------------------------------------------------- PDF
def test_the_report_renders_with_charts_and_blocks(
    world, tmp_path, django_capture_on_commit_callbacks
):
    data = restitution_data(meeting=world.plenary)
    html = render_to_string("reports/pdf/restitution.html", {"report": data})
    assert html.count("<svg") == 3 + 2 * 2  # participation; types and statuses per objective
    assert '<title id="chart-epci-title">Participant·es par EPCI</title>' in html
    assert "<table" in html and html.count("<table") == 1  # only the annex is a table
    assert html.count('class="contribution"') == 4  # c2 under two objectives

    with django_capture_on_commit_callbacks(execute=True):
        document = document_for_restitution(meeting=world.plenary)
    document.refresh_from_db()
    assert document.status == Document.Status.READY, document.error
    path = tmp_path / "restitution.pdf"
    path.write_bytes(document.file.read())
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Rapport de restitution",
        "Plénière de restitution",
        "Participant·es par EPCI",
        "Hors Cornouaille",
        "Il manque des logements saisonniers.",
        "Bourse aux logements",
        "Annexe",
        "Halle de la criée, Le Guilvinec",
        f"page 1 / {document.page_count}",
    ):
        assert expected in text, expected
    for absent in ("Texte masqué", "alert", "Action masquée", "Atelier réservé", "Hors période"):
        assert absent not in text, absent
    info = subprocess.run(
        ["/usr/bin/pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Rapport de restitution — Plénière de restitution" in info
