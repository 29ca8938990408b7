"""Plenaries through the front door: the list, a plenary's page, the project team's forms
(schedule with programme, edit, capacity, publish, cancel), registration and the waiting list
through governance's shared views, the restitution figures, who may do what, query counts."""

import html
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from apps.governance.models import Body, Meeting, Participation
from apps.plenaries.selectors import plenary_restitution
from apps.strategy.models import Contribution, Objective, PriorityAction
from tests.accounts.factories import UserFactory
from tests.governance.factories import AgendaItemFactory, MeetingFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
T = Contribution.Type
S = Participation.Status


def plenary(title="Plénière de printemps", *, days=30, **fields) -> Meeting:
    return MeetingFactory(
        kind=Meeting.Kind.PLENARY,
        body=None,
        title=title,
        start=(timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0),
        **fields,
    )


def workshop(title, *, days, status=Meeting.Status.HELD, body=None, **fields) -> Meeting:
    return MeetingFactory(
        kind=Meeting.Kind.WORKSHOP,
        body=body,
        title=title,
        start=(timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0),
        status=status,
        **fields,
    )


def contribute(meeting, type_, *objectives, hidden=False, text="Une idée") -> Contribution:
    contribution = Contribution.objects.create(
        meeting=meeting, type=type_, text=text, is_hidden=hidden
    )
    contribution.objectives.set(objectives)
    return contribution


def action(title, objective, *contributions, status=PriorityAction.Status.PROPOSED):
    created = PriorityAction.objects.create(
        title=title, slug=slugify(title), objective=objective, status=status
    )
    created.contributions.set(contributions)
    return created


def objective(slug) -> Objective:
    return Objective.objects.get(slug=slug)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def url(name, meeting=None):
    return reverse(f"plenaries:{name}", kwargs={"slug": meeting.slug} if meeting else None)


@pytest.fixture
def team_client(client, project_lead):
    client.force_login(project_lead)
    return client


# ------------------------------------------------------------------------------ the pages
class TestPages:
    def test_list_shows_upcoming_and_past_never_drafts_to_the_public(self, client, project_lead):
        plenary("Plénière à venir", days=20)
        plenary("Plénière passée", days=-40, status=Meeting.Status.HELD)
        plenary("Plénière brouillon", days=50, status=Meeting.Status.DRAFT)
        plenary("Plénière annulée", days=10, status=Meeting.Status.CANCELLED)
        MeetingFactory(title="Un COPIL", start=timezone.now() + timedelta(days=3))
        response = client.get(url("list"))
        assert [m.title for m in response.context["plenaries"].upcoming] == [
            "Plénière annulée",
            "Plénière à venir",
        ]
        assert [m.title for m in response.context["plenaries"].past] == ["Plénière passée"]
        body = text_of(response)
        assert "Plénière brouillon" not in body
        assert "Un COPIL" not in body
        assert "Programmer une plénière" not in body
        client.force_login(project_lead)
        body = text_of(client.get(url("list")))
        assert "Plénière brouillon" in body
        assert "Programmer une plénière" in body

    def test_detail_shows_date_place_programme_and_registration_box(self, client, stakeholder):
        meeting = plenary(
            description="Restitution des ateliers de l'année.",
            place="Pôle Max Jacob, Quimper",
            online_url="https://visio.example.org/pleniere",
            capacity=120,
        )
        AgendaItemFactory(meeting=meeting, position=2, title="Les actions prioritaires")
        AgendaItemFactory(meeting=meeting, position=1, title="Accueil des participants")
        response = client.get(meeting.get_absolute_url())
        assert response.status_code == 200
        assert meeting.get_absolute_url() == f"/plenieres/{meeting.slug}/"
        body = text_of(response)
        assert "Restitution des ateliers de l'année." in body
        assert "Pôle Max Jacob, Quimper" in body
        assert body.index("Accueil des participants") < body.index("Les actions prioritaires")
        assert "120 places restantes sur 120." in body
        assert "Connectez-vous pour vous inscrire" in body
        assert "https://visio.example.org/pleniere" not in body
        assert "Ce que restitue cette plénière" in body
        client.force_login(stakeholder)
        body = text_of(client.get(meeting.get_absolute_url()))
        assert reverse("governance:register", kwargs={"slug": meeting.slug}) in body
        assert "Je m'inscris" in body
        assert "https://visio.example.org/pleniere" not in body
        ParticipationFactory(meeting=meeting, user=stakeholder, status=S.REGISTERED)
        body = text_of(client.get(meeting.get_absolute_url()))
        assert "Vous êtes inscrit·e." in body
        assert "https://visio.example.org/pleniere" in body

    def test_unknown_plenary_and_other_kinds_are_404(self, client):
        copil_session = MeetingFactory()
        assert client.get("/plenieres/nexiste-pas/").status_code == 404
        assert client.get(f"/plenieres/{copil_session.slug}/").status_code == 404


# --------------------------------------------------------------------------- registration
class TestRegistration:
    def register(self, client, user, meeting, capture):
        client.force_login(user)
        with capture(execute=True):
            return client.post(
                reverse("governance:register", kwargs={"slug": meeting.slug}), follow=True
            )

    def test_capacity_then_waiting_list_then_promotion(
        self, client, django_capture_on_commit_callbacks
    ):
        meeting = plenary(capacity=2)
        first, second, third = UserFactory(), UserFactory(), UserFactory()
        for user in (first, second):
            response = self.register(client, user, meeting, django_capture_on_commit_callbacks)
            assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
            assert "Votre inscription est confirmée" in messages_of(response)[0]
        response = self.register(client, third, meeting, django_capture_on_commit_callbacks)
        assert "liste d'attente" in messages_of(response)[0]
        body = text_of(response)
        assert "Complet" in body
        assert "Vous êtes sur la liste d'attente (position 1)" in body
        statuses = dict(meeting.participations.values_list("user_id", "status"))
        assert statuses == {first.pk: S.REGISTERED, second.pk: S.REGISTERED, third.pk: S.WAITLISTED}
        mail.outbox.clear()

        client.force_login(first)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("governance:unregister", kwargs={"slug": meeting.slug}), follow=True
            )
        assert messages_of(response) == ["Votre inscription est annulée : votre place est libérée."]
        statuses = dict(meeting.participations.values_list("user_id", "status"))
        assert statuses[third.pk] == S.REGISTERED
        assert statuses[first.pk] == S.CANCELLED
        assert {m.to[0] for m in mail.outbox} == {first.email, third.email}
        promoted = next(m for m in mail.outbox if m.to == [third.email])
        assert f"/plenieres/{meeting.slug}/" in promoted.body

    def test_a_draft_takes_no_registration_and_does_not_leak(
        self, client, stakeholder, django_capture_on_commit_callbacks
    ):
        meeting = plenary(status=Meeting.Status.DRAFT, capacity=10)
        client.force_login(stakeholder)
        response = client.post(reverse("governance:register", kwargs={"slug": meeting.slug}))
        assert response.status_code == 404
        assert not meeting.participations.exists()

    def test_after_the_deadline(self, client, stakeholder, django_capture_on_commit_callbacks):
        meeting = plenary(registration_closes_at=timezone.now() - timedelta(hours=1))
        response = self.register(client, stakeholder, meeting, django_capture_on_commit_callbacks)
        assert messages_of(response) == ["La date limite d'inscription est passée."]
        assert not meeting.participations.exists()


# ---------------------------------------------------------------- the project team's forms
def form_data(
    *,
    title="Plénière d'automne",
    day=None,
    start="14:00",
    end="17:30",
    place="Quimper, Pôle Max Jacob",
    online_url="",
    description="Partager le travail de l'année.",
    capacity="150",
    closes="",
    agenda=(),
    initial=0,
    extra=1,
):
    data = {
        "title": title,
        "date": (day or timezone.localdate() + timedelta(days=40)).isoformat(),
        "start_time": start,
        "end_time": end,
        "place": place,
        "online_url": online_url,
        "description": description,
        "capacity": capacity,
        "registration_closes_at": closes,
        "agenda-TOTAL_FORMS": str(len(agenda) + extra),
        "agenda-INITIAL_FORMS": str(initial),
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "40",
    }
    for index, row in enumerate(agenda):
        for key, value in row.items():
            data[f"agenda-{index}-{key}"] = value
    return data


class TestManage:
    def test_the_form_uses_the_shared_programme_rows(self, team_client):
        body = team_client.get(url("create")).content.decode()
        assert 'name="agenda-TOTAL_FORMS"' in body
        assert "js/agenda-order.js" in body
        assert "data-agenda-row" in body
        assert 'id="agenda-modele"' in body

    def test_create_a_draft_with_its_programme_in_paris_time(self, team_client, project_lead):
        day = timezone.localdate() + timedelta(days=45)
        data = form_data(
            day=day,
            closes=f"{(day - timedelta(days=2)).isoformat()}T12:00",
            agenda=[
                {"title": "Les actions prioritaires", "presenter": "Équipe projet", "ORDER": "2"},
                {"title": "Accueil", "duration_minutes": "15", "ORDER": "1"},
            ],
        )
        response = team_client.post(url("create"), data, follow=True)
        meeting = Meeting.objects.get(title="Plénière d'automne")
        assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
        assert "brouillon" in messages_of(response)[0]
        assert meeting.kind == Meeting.Kind.PLENARY
        assert meeting.body is None
        assert meeting.status == Meeting.Status.DRAFT
        assert meeting.visibility == Meeting.Visibility.PUBLIC
        assert meeting.capacity == 150
        assert meeting.created_by == project_lead
        assert meeting.start == datetime.combine(day, time(14, 0), tzinfo=PARIS)
        assert meeting.end == datetime.combine(day, time(17, 30), tzinfo=PARIS)
        assert meeting.registration_closes_at == datetime.combine(
            day - timedelta(days=2), time(12, 0), tzinfo=PARIS
        )
        assert list(meeting.agenda_items.values_list("position", "title")) == [
            (1, "Accueil"),
            (2, "Les actions prioritaires"),
        ]
        assert "Publier la plénière" in text_of(response)

    @pytest.mark.parametrize(
        "changes, message",
        [
            ({"start": "18:00", "end": "17:00"}, "L'heure de fin doit être après"),
            ({"day": timezone.localdate() - timedelta(days=1)}, "Cette date est passée"),
            ({"place": "", "online_url": ""}, "Indiquez un lieu ou un lien"),
            ({"capacity": "0"}, "Indiquez au moins une place"),
            ({"capacity": "beaucoup"}, "Indiquez un nombre de places"),
            ({"closes": "2999-01-01T10:00"}, "La date limite d'inscription doit précéder"),
            ({"title": ""}, "Indiquez le titre."),
        ],
    )
    def test_form_errors_say_what_to_change(self, team_client, changes, message):
        response = team_client.post(url("create"), form_data(**changes))
        assert response.status_code == 200
        body = text_of(response)
        assert "La plénière n'a pas été enregistrée" in body
        assert message in body
        assert not Meeting.objects.filter(kind=Meeting.Kind.PLENARY).exists()

    def test_publish_then_cancel(self, team_client, django_capture_on_commit_callbacks):
        meeting = plenary(status=Meeting.Status.DRAFT)
        response = team_client.post(url("publish", meeting), follow=True)
        assert "La plénière est publiée" in messages_of(response)[0]
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.SCHEDULED
        response = team_client.post(url("publish", meeting), follow=True)
        assert messages_of(response) == ["Seul un brouillon peut être publié."]

        ParticipationFactory(meeting=meeting, status=S.REGISTERED)
        page = text_of(team_client.get(url("cancel", meeting)))
        assert "Confirmer l'annulation" in page
        assert "1 personne est inscrite" in page
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.SCHEDULED  # GET changes nothing
        response = team_client.post(
            url("cancel", meeting), {"reason": "Salle indisponible", "confirm": "1"}, follow=True
        )
        assert messages_of(response) == ["Plénière annulée."]
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED
        assert meeting.cancellation_reason == "Salle indisponible"
        body = text_of(response)
        assert "Cette plénière est annulée." in body
        assert "Salle indisponible" in body
        response = team_client.get(url("cancel", meeting), follow=True)
        assert messages_of(response) == ["Cette plénière est déjà annulée."]
        response = team_client.get(url("edit", meeting), follow=True)
        assert "annulée" in messages_of(response)[0]

    def test_publishing_a_past_draft_is_refused_in_french(self, team_client):
        meeting = plenary(days=-3, status=Meeting.Status.DRAFT)
        response = team_client.post(url("publish", meeting), follow=True)
        assert messages_of(response) == [
            "Cette réunion est passée : elle ne peut plus être publiée."
        ]

    def edit_data(self, meeting, **changes):
        local = timezone.localtime(meeting.start, PARIS)
        values = {
            "title": meeting.title,
            "day": local.date(),
            "start": local.strftime("%H:%M"),
            "end": timezone.localtime(meeting.end, PARIS).strftime("%H:%M"),
            "place": meeting.place,
            "capacity": "" if meeting.capacity is None else str(meeting.capacity),
        }
        values.update(changes)
        return form_data(**values)

    def test_lowering_capacity_below_confirmed_is_refused_and_nothing_changes(self, team_client):
        meeting = plenary(capacity=3)
        for _ in range(3):
            ParticipationFactory(meeting=meeting, status=S.REGISTERED)
        edit = team_client.get(url("edit", meeting))
        assert 'value="3"' in edit.content.decode()
        response = team_client.post(
            url("edit", meeting), self.edit_data(meeting, capacity="2", title="Nouveau titre")
        )
        assert response.status_code == 200
        body = text_of(response)
        assert "Impossible : 3 personnes sont déjà inscrites." in body
        meeting.refresh_from_db()
        assert (meeting.capacity, meeting.title) == (3, "Plénière de printemps")

    def test_raising_capacity_promotes_the_waiting_list(
        self, team_client, django_capture_on_commit_callbacks
    ):
        meeting = plenary(capacity=1)
        ParticipationFactory(meeting=meeting, status=S.REGISTERED)
        waiting = ParticipationFactory(
            meeting=meeting, status=S.WAITLISTED, queued_at=timezone.now()
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = team_client.post(
                url("edit", meeting), self.edit_data(meeting, capacity="5"), follow=True
            )
        assert messages_of(response)[0] == "Plénière modifiée."
        assert "est maintenant inscrite" in messages_of(response)[1]
        meeting.refresh_from_db()
        waiting.refresh_from_db()
        assert meeting.capacity == 5
        assert waiting.status == S.REGISTERED
        assert [m.to for m in mail.outbox] == [[waiting.user.email]]


# ------------------------------------------------------------------------ permission matrix
ROLES = ["anonymous", "stakeholder", "elected", "team"]


def login(client, role):
    user = {
        "anonymous": None,
        "stakeholder": UserFactory,
        "elected": lambda: UserFactory(role="elu"),
        "team": lambda: UserFactory(role="equipe-projet"),
    }[role]
    user = user() if user else None
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("status", ["draft", "scheduled"])
@pytest.mark.parametrize("role", ROLES)
def test_seeing_a_plenary(client, role, status):
    meeting = plenary("Plénière secrète", status=status)
    login(client, role)
    response = client.get(meeting.get_absolute_url())
    listing = text_of(client.get(url("list")))
    if status == "draft" and role != "team":
        assert response.status_code == 404
        assert "Plénière secrète" not in text_of(response)
        assert "Plénière secrète" not in listing
    else:
        assert response.status_code == 200
        assert "Plénière secrète" in listing
        body = text_of(response)
        assert ("Gestion de la plénière" in body) is (role == "team")


@pytest.mark.parametrize("status", ["draft", "scheduled"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "action", ["create", "edit", "edit-post", "publish", "cancel", "cancel-post"]
)
def test_managing_a_plenary(client, role, status, action):
    meeting = plenary(status=status)
    login(client, role)
    if action == "create":
        response = client.get(url("create"))
    elif action == "edit":
        response = client.get(url("edit", meeting))
    elif action == "edit-post":
        response = client.post(url("edit", meeting), form_data(title="Détourné"))
    elif action == "publish":
        response = client.post(url("publish", meeting))
    elif action == "cancel":
        response = client.get(url("cancel", meeting))
    else:
        response = client.post(url("cancel", meeting), {"reason": "x"})
    meeting.refresh_from_db()
    if role == "team":
        assert response.status_code in (200, 302)
        return
    hidden = status == "draft" and action != "create"
    assert response.status_code == (404 if hidden else 403)
    assert meeting.status == status
    assert meeting.title == "Plénière de printemps"


def test_state_changes_are_post_only(team_client):
    meeting = plenary(status=Meeting.Status.DRAFT)
    assert team_client.get(url("publish", meeting)).status_code == 405
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


# ------------------------------------------------------------------------------ restitution
@pytest.fixture
def period():
    """Two plenaries and workshops before, between, after; contributions of every kind."""
    federer, talents, image = (
        objective("federer-les-acteurs"),
        objective("stimuler-les-initiatives"),
        objective("notoriete-et-image"),
    )
    previous = plenary("Plénière de lancement", days=-60, status=Meeting.Status.HELD)
    plenary("Plénière annulée", days=-20, status=Meeting.Status.CANCELLED)
    plenary("Plénière en brouillon", days=-15, status=Meeting.Status.DRAFT)
    current = plenary("Plénière de restitution", days=30)

    before = workshop("Atelier d'avant", days=-90)
    held = workshop("Atelier des employeurs", days=-40)
    scheduled = workshop("Atelier à venir", days=10, status=Meeting.Status.SCHEDULED)
    draft = workshop("Atelier brouillon", days=-30, status=Meeting.Status.DRAFT)
    cancelled = workshop("Atelier annulé", days=-30, status=Meeting.Status.CANCELLED)
    after = workshop("Atelier d'après", days=45, status=Meeting.Status.SCHEDULED)
    MeetingFactory(title="COPIL du milieu", start=timezone.now() - timedelta(days=10))

    counted = [
        contribute(held, T.PERCEPTION, federer),
        contribute(held, T.PERCEPTION, federer, talents),
        contribute(held, T.NEED, talents),
        contribute(scheduled, T.ACTION_IDEA, talents),
        contribute(scheduled, T.STRENGTH),  # no objective
    ]
    hidden = contribute(held, T.PERCEPTION, federer, hidden=True)
    excluded = [
        contribute(before, T.NEED, federer),
        contribute(draft, T.NEED, federer),
        contribute(cancelled, T.NEED, federer),
        contribute(after, T.NEED, image),
    ]
    cited = action(
        "Guichet unique d'accueil",
        talents,
        counted[2],
        counted[3],
        excluded[0],
        status=PriorityAction.Status.VALIDATED,
    )
    only_hidden = action("Action cachée", federer, hidden)
    only_before = action("Action d'avant", federer, excluded[0])
    return {
        "previous": previous,
        "current": current,
        "workshops": [held, scheduled],
        "objectives": (federer, talents, image),
        "cited": cited,
        "not_cited": [only_hidden, only_before],
    }


class TestRestitution:
    def test_figures_cover_the_workshops_since_the_previous_plenary(self, period, stakeholder):
        federer, talents, image = period["objectives"]
        result = plenary_restitution(plenary=period["current"], viewer=stakeholder)
        assert result.previous == period["previous"]
        assert result.workshops == period["workshops"]
        assert result.contribution_total == 5
        rows = {row.objective: row for row in result.objectives}
        assert list(rows) == [federer, talents, None]
        by_type = {o: {c.type: c.count for c in row.counts} for o, row in rows.items()}
        assert by_type[federer] == {
            T.PERCEPTION: 2,
            T.NEED: 0,
            T.STRENGTH: 0,
            T.SERVICE: 0,
            T.ACTION_IDEA: 0,
        }
        assert by_type[talents] == {
            T.PERCEPTION: 1,
            T.NEED: 1,
            T.STRENGTH: 0,
            T.SERVICE: 0,
            T.ACTION_IDEA: 1,
        }
        assert by_type[None][T.STRENGTH] == 1
        assert rows[talents].total == 3
        assert rows[talents].actions == [period["cited"]]
        assert rows[talents].actions[0].cited == 2  # the contribution from before is not counted
        assert rows[federer].actions == []
        assert image not in rows

    def test_the_first_plenary_covers_everything_since_the_beginning(self, period, stakeholder):
        result = plenary_restitution(plenary=period["previous"], viewer=stakeholder)
        assert result.previous is None
        assert [w.title for w in result.workshops] == ["Atelier d'avant"]
        assert result.contribution_total == 1
        assert [a.title for a in result.objectives[0].actions] == ["Action d'avant"]

    def test_the_page_shows_the_figures_and_never_hidden_or_draft_things(self, client, period):
        body = text_of(client.get(period["current"].get_absolute_url()))
        section = body[body.index("Ce que restitue cette plénière") :]
        assert "depuis la plénière « Plénière de lancement »" in section
        assert "Atelier des employeurs" in section
        assert f'href="/ateliers/{period["workshops"][0].slug}/"' in section
        assert "Atelier à venir" in section
        for absent in ("Atelier d'avant", "Atelier brouillon", "Atelier annulé", "Atelier d'après"):
            assert absent not in section
        assert "5 contributions recueillies." in section
        assert '<td class="text-end fw-bold" data-type="total">3</td>' in section
        assert "Guichet unique d'accueil" in section
        assert "Validée" in section
        assert "issue de 2 contributions" in section
        assert "Action cachée" not in body
        assert "Action d'avant" not in body

    def test_members_only_workshops_count_only_for_those_who_may_see_them(
        self, client, period, stakeholder, project_lead
    ):
        group = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="GT", slug="gt", year=2026)
        closed = workshop(
            "Atelier entre membres", days=-5, body=group, visibility=Meeting.Visibility.MEMBERS
        )
        contribute(closed, T.NEED, period["objectives"][0])
        public_view = plenary_restitution(plenary=period["current"], viewer=stakeholder)
        team_view = plenary_restitution(plenary=period["current"], viewer=project_lead)
        assert closed not in public_view.workshops
        assert public_view.contribution_total == 5
        assert closed in team_view.workshops
        assert team_view.contribution_total == 6


# ------------------------------------------------------------------------------ query counts
def _populate(meeting: Meeting, size: int, tag: str):
    objectives = list(Objective.objects.all())
    types = [value for value, _label in T.choices]
    for index in range(size):
        AgendaItemFactory(meeting=meeting, position=index)
        ParticipationFactory(meeting=meeting, status=S.REGISTERED)
        held = workshop(f"Atelier {tag}-{index}", days=-1 - index % 20)
        contribution = contribute(
            held, types[index % len(types)], *objectives[: 1 + index % 4], hidden=index % 5 == 0
        )
        action(f"Action {tag} {index}", objectives[index % 4], contribution)
        plenary(f"Plénière {tag} {index}", days=60 + index, status=Meeting.Status.SCHEDULED)


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "registered", "team"])
def test_query_counts_do_not_grow(client, who):
    meeting = plenary("Plénière de restitution", days=30, capacity=500)
    plenary("Plénière d'avant", days=-25, status=Meeting.Status.HELD)
    viewer = {
        "anonymous": None,
        "registered": UserFactory(),
        "team": UserFactory(role="equipe-projet"),
    }[who]
    if viewer is not None:
        client.force_login(viewer)
    if who == "registered":
        ParticipationFactory(meeting=meeting, user=viewer, status=S.REGISTERED)
    _populate(meeting, 3, "s")
    few = (_queries(client, meeting.get_absolute_url()), _queries(client, url("list")))
    _populate(meeting, 27, "l")
    many = (_queries(client, meeting.get_absolute_url()), _queries(client, url("list")))
    restitution = plenary_restitution(plenary=meeting, viewer=viewer or AnonymousUser())
    assert len(restitution.workshops) == 30
    assert few == many
    assert many[0] <= 16
    assert many[1] <= 6
