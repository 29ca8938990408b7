"""Workshop flows through the front door: create and publish with themes, the programme and
its filters, registration until full then the waiting list, cancellation and promotion (with
the emails), capacity changes, check-in and walk-ins, cancelling a workshop, one's
registrations on the profile page, and the pages' query counts."""

from datetime import timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.core.templatetags.typography import french_spacing
from apps.governance.models import Meeting, Membership, Participation
from apps.strategy.models import Challenge, Filiere, Objective
from apps.workshops.models import Workshop
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, ParticipationFactory
from tests.stakeholders.factories import OrganisationFactory
from tests.strategy.factories import ChallengeFactory, ObjectiveFactory
from tests.working_groups.factories import WorkingGroupFactory, add_group_member
from tests.workshops.factories import WorkshopFactory, WorkshopMeetingFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
S = Participation.Status


@pytest.fixture
def team_client(client, project_lead):
    client.force_login(project_lead)
    return client


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a request enqueues after its commit (the emails), as in production."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def future_day(days: int = 30):
    return timezone.localdate() + timedelta(days=days)


def workshop_data(**overrides) -> dict:
    data = {
        "title": "Atelier : accueillir les nouveaux talents",
        "date": future_day().isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "place": "Pôle Max Jacob, Quimper",
        "online_url": "",
        "description": "Partager ce que perçoivent les nouveaux arrivants.",
        "capacity": "",
        "registration_closes_at": "",
        "working_group": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def text_of(response) -> str:
    """The page's text, entities decoded (template text and escaped values read alike)."""
    return unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def ics_of(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0] == "invitation.ics"]
    return Calendar.from_ical(attachment[1])


def has_ics(message) -> bool:
    return any(a[0] == "invitation.ics" for a in message.attachments)


def published(**kwargs) -> Meeting:
    return WorkshopFactory(**kwargs).meeting


def register(client, user, meeting):
    client.force_login(user)
    return client.post(reverse("governance:register", args=[meeting.slug]), follow=True)


# ---------------------------------------------------------------------------- create & publish
class TestCreateAndPublish:
    def test_the_form_page(self, team_client):
        objective = Objective.objects.first()
        facilitator = UserFactory(role="facilitateur", first_name="Awen", last_name="Le Gall")
        response = team_client.get(reverse("workshops:create"))
        body = text_of(response)
        assert response.status_code == 200
        assert "Programmer un atelier" in body
        assert 'name="objectives" value="' in body
        assert objective.title in body
        assert "Awen Le Gall" in body
        assert facilitator.pk == response.context["form"].fields["facilitators"].queryset.get().pk

    def test_create_then_publish_a_workshop_with_themes(self, client, project_lead):
        objectives = list(Objective.objects.all()[:2])
        filiere = Filiere.objects.first()
        challenge = ChallengeFactory(objective=objectives[0])
        facilitator = UserFactory(role="facilitateur")
        group = WorkingGroupFactory()
        day = future_day(40)
        data = workshop_data(
            date=day.isoformat(),
            capacity="12",
            registration_closes_at=f"{(day - timedelta(days=2)).isoformat()}T18:00",
            working_group=str(group.pk),
            objectives=[str(o.pk) for o in objectives],
            filieres=[str(filiere.pk)],
            challenges=[str(challenge.pk)],
            facilitators=[str(facilitator.pk)],
        )
        client.force_login(project_lead)
        response = client.post(reverse("workshops:create"), data, follow=True)
        workshop = Workshop.objects.select_related("meeting").get()
        meeting = workshop.meeting
        assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
        assert meeting.kind == Meeting.Kind.WORKSHOP
        assert meeting.status == Meeting.Status.DRAFT
        assert meeting.body == group.body
        assert meeting.visibility == Meeting.Visibility.PUBLIC
        assert meeting.capacity == 12
        start = timezone.localtime(meeting.start, PARIS)
        assert (start.date(), start.hour, start.minute) == (day, 14, 0)
        assert timezone.localtime(meeting.end, PARIS).hour == 17
        closes = timezone.localtime(meeting.registration_closes_at, PARIS)
        assert (closes.date(), closes.hour) == (day - timedelta(days=2), 18)
        assert set(workshop.objectives.all()) == set(objectives)
        assert list(workshop.filieres.all()) == [filiere]
        assert list(workshop.challenges.all()) == [challenge]
        assert list(workshop.facilitators.all()) == [facilitator]
        assert any("brouillon" in m for m in messages_of(response))
        page = text_of(response)
        assert objectives[0].title in page and challenge.title in page
        assert "Publier" in page

        # A draft: not in the programme, not on its page for anyone else.
        client.logout()
        assert client.get(meeting.get_absolute_url()).status_code == 404
        assert meeting.title not in text_of(client.get(reverse("workshops:programme")))

        client.force_login(project_lead)
        response = client.post(reverse("workshops:publish", args=[meeting.slug]), follow=True)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.SCHEDULED
        assert any("publié" in m for m in messages_of(response))

        client.logout()
        programme = text_of(client.get(reverse("workshops:programme")))
        assert french_spacing(meeting.title) in programme
        assert "12 places restantes" in programme
        assert group.body.name in programme
        page = text_of(client.get(meeting.get_absolute_url()))
        assert "Connectez-vous pour vous inscrire" in page

    def test_publishing_twice_says_why(self, team_client):
        meeting = published()
        response = team_client.post(reverse("workshops:publish", args=[meeting.slug]), follow=True)
        assert "Seul un brouillon peut être publié." in messages_of(response)

    def test_publish_is_post_only(self, team_client):
        meeting = published(meeting__status=Meeting.Status.DRAFT)
        assert team_client.get(reverse("workshops:publish", args=[meeting.slug])).status_code == 405
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.DRAFT

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"end_time": "13:00"}, "end_time", "L'heure de fin doit être après l'heure de début."),
            (
                {"date": (timezone.localdate() - timedelta(days=3)).isoformat()},
                "date",
                "Cette date est passée",
            ),
            ({"place": ""}, "place", "Indiquez un lieu ou un lien de visioconférence."),
            ({"capacity": "0"}, "capacity", "Indiquez au moins une place"),
            ({"capacity": "beaucoup"}, "capacity", "Indiquez un nombre de places"),
            ({"members_only": "on"}, "members_only", "doit être tenu par un groupe de travail"),
            (
                {"registration_closes_at": f"{future_day(31).isoformat()}T09:00"},
                "registration_closes_at",
                "La date limite d'inscription doit précéder le début",
            ),
            ({"online_url": "pas une adresse"}, "online_url", "adresse web complète"),
        ],
    )
    def test_errors_say_what_to_change_and_nothing_is_saved(
        self, team_client, overrides, field, message
    ):
        response = team_client.post(reverse("workshops:create"), workshop_data(**overrides))
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors.get(field, []))
        assert message in errors
        assert "L'atelier n'a pas été enregistré" in text_of(response)
        assert not Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP).exists()
        assert not Workshop.objects.exists()

    def test_members_only_workshop_of_a_group(self, team_client):
        group = WorkingGroupFactory()
        data = workshop_data(working_group=str(group.pk), members_only="on")
        team_client.post(reverse("workshops:create"), data)
        meeting = Meeting.objects.get(kind=Meeting.Kind.WORKSHOP)
        assert meeting.visibility == Meeting.Visibility.MEMBERS
        assert meeting.body == group.body

    def test_edit_themes_place_and_group(self, team_client):
        group = WorkingGroupFactory()
        workshop = WorkshopFactory(objectives=list(Objective.objects.all()[:1]))
        meeting = workshop.meeting
        form_page = team_client.get(reverse("workshops:edit", args=[meeting.slug]))
        assert form_page.status_code == 200
        assert form_page.context["form"].initial["title"] == meeting.title
        filiere = Filiere.objects.last()
        local = timezone.localtime(meeting.start, PARIS)
        data = workshop_data(
            title="Atelier renommé",
            date=local.date().isoformat(),
            place="Médiathèque de Douarnenez",
            working_group=str(group.pk),
            members_only="on",
            filieres=[str(filiere.pk)],
        )
        response = team_client.post(reverse("workshops:edit", args=[meeting.slug]), data)
        assert response.status_code == 302
        meeting.refresh_from_db()
        workshop.refresh_from_db()
        assert meeting.title == "Atelier renommé"
        assert meeting.place == "Médiathèque de Douarnenez"
        assert meeting.visibility == Meeting.Visibility.MEMBERS
        assert meeting.body == group.body
        assert list(workshop.objectives.all()) == []
        assert list(workshop.filieres.all()) == [filiere]

    def test_a_bare_workshop_meeting_gets_its_workshop_row_when_edited(self, team_client):
        """A workshop meeting made elsewhere (admin, another app) has no Workshop row yet."""
        meeting = WorkshopMeetingFactory()
        assert text_of(team_client.get(meeting.get_absolute_url())).count(meeting.title) >= 1
        assert team_client.get(reverse("workshops:edit", args=[meeting.slug])).status_code == 200
        filiere = Filiere.objects.first()
        local = timezone.localtime(meeting.start, PARIS)
        data = workshop_data(date=local.date().isoformat(), filieres=[str(filiere.pk)])
        response = team_client.post(reverse("workshops:edit", args=[meeting.slug]), data)
        assert response.status_code == 302
        assert list(Workshop.objects.get(meeting=meeting).filieres.all()) == [filiere]

    def test_a_cancelled_workshop_cannot_be_edited(self, team_client):
        meeting = published(meeting__status=Meeting.Status.CANCELLED)
        response = team_client.get(reverse("workshops:edit", args=[meeting.slug]), follow=True)
        assert "Cet atelier est annulé : il ne peut plus être modifié." in messages_of(response)


# ------------------------------------------------------------------------ register & waiting list
class TestRegistration:
    def test_register_until_full_then_waiting_list_and_promotion(self, client, on_commit):
        meeting = published(meeting__capacity=2)
        first, second, third = (UserFactory() for _ in range(3))

        client.force_login(first)
        page = text_of(client.get(meeting.get_absolute_url()))
        assert "2 places restantes" in page and "Je m'inscris" in page

        with on_commit():
            response = register(client, first, meeting)
        assert "Votre inscription est confirmée" in " ".join(messages_of(response))
        assert "Vous êtes inscrit·e." in text_of(response)
        assert "1 place restante" in text_of(response)
        (confirmation,) = mail.outbox
        assert confirmation.to == [first.email]
        assert "Inscription confirmée" in confirmation.subject
        assert has_ics(confirmation)
        assert ics_of(confirmation).get("METHOD") == "REQUEST"

        with on_commit():
            register(client, second, meeting)
        client.force_login(third)
        page = text_of(client.get(meeting.get_absolute_url()))
        assert "Complet" in page and "M'inscrire sur la liste d'attente" in page
        programme = text_of(client.get(reverse("workshops:programme")))
        assert "Complet — liste d'attente" in programme

        mail.outbox.clear()
        with on_commit():
            response = register(client, third, meeting)
        assert "vous êtes sur la liste d'attente" in " ".join(messages_of(response))
        assert "Vous êtes sur la liste d'attente (position 1)" in text_of(response)
        (waitlisted,) = mail.outbox
        assert "Liste d'attente" in waitlisted.subject and not has_ics(waitlisted)
        statuses = dict(meeting.participations.values_list("user_id", "status"))
        assert statuses == {first.pk: S.REGISTERED, second.pk: S.REGISTERED, third.pk: S.WAITLISTED}

        # The first person cancels: the first one waiting takes the seat and is told.
        mail.outbox.clear()
        client.force_login(first)
        with on_commit():
            response = client.post(
                reverse("governance:unregister", args=[meeting.slug]), follow=True
            )
        assert "Votre inscription est annulée : votre place est libérée." in messages_of(response)
        statuses = dict(meeting.participations.values_list("user_id", "status"))
        assert statuses == {first.pk: S.CANCELLED, second.pk: S.REGISTERED, third.pk: S.REGISTERED}
        promoted = [m for m in mail.outbox if m.to == [third.email]]
        assert len(promoted) == 1
        assert "Une place s'est libérée" in promoted[0].subject
        assert ics_of(promoted[0]).get("METHOD") == "REQUEST"
        cancelled = [m for m in mail.outbox if m.to == [first.email]]
        assert len(cancelled) == 1 and ics_of(cancelled[0]).get("METHOD") == "CANCEL"

    def test_registering_after_the_deadline(self, client):
        meeting = published(
            meeting__capacity=5,
            meeting__registration_closes_at=timezone.now() - timedelta(hours=1),
        )
        person = UserFactory()
        client.force_login(person)
        page = text_of(client.get(meeting.get_absolute_url()))
        assert "La date limite d'inscription est passée." in page
        assert reverse("governance:register", args=[meeting.slug]) not in page
        response = register(client, person, meeting)
        assert "La date limite d'inscription est passée." in messages_of(response)
        assert not meeting.participations.exists()
        assert mail.outbox == []

    def test_registering_twice(self, client):
        meeting = published(meeting__capacity=5)
        person = UserFactory()
        register(client, person, meeting)
        response = register(client, person, meeting)
        assert "Vous êtes déjà inscrit·e à cette réunion." in messages_of(response)
        assert meeting.participations.get().status == S.REGISTERED

    def test_members_only_workshop_refuses_a_non_member_who_sees_it(self, client):
        """The project team sees every workshop but is not in the group: a French refusal."""
        group = WorkingGroupFactory()
        meeting = published(
            meeting__body=group.body, meeting__visibility=Meeting.Visibility.MEMBERS
        )
        lead = UserFactory(role="equipe-projet")
        client.force_login(lead)
        page = text_of(client.get(meeting.get_absolute_url()))
        assert "Cette réunion est réservée aux membres du groupe." in page
        response = register(client, lead, meeting)
        assert "Cette réunion est réservée aux membres du groupe." in messages_of(response)
        assert not meeting.participations.exists()

    def test_members_only_workshop_is_hidden_from_outsiders_and_open_to_members(self, client):
        group = WorkingGroupFactory()
        meeting = published(
            meeting__body=group.body, meeting__visibility=Meeting.Visibility.MEMBERS
        )
        outsider = UserFactory()
        client.force_login(outsider)
        response = client.post(reverse("governance:register", args=[meeting.slug]))
        assert response.status_code == 404
        assert not meeting.participations.exists()
        member = add_group_member(group)
        response = register(client, member, meeting)
        assert meeting.participations.get().user == member
        assert "Votre inscription est confirmée" in " ".join(messages_of(response))

    def test_online_link_only_for_registered_people(self, client):
        meeting = published(meeting__online_url="https://visio.example.org/atelier")
        person = UserFactory()
        client.force_login(person)
        page = text_of(client.get(meeting.get_absolute_url()))
        assert "https://visio.example.org/atelier" not in page
        assert "Le lien est communiqué aux personnes inscrites." in page
        register(client, person, meeting)
        page = text_of(client.get(meeting.get_absolute_url()))
        assert "https://visio.example.org/atelier" in page


# ------------------------------------------------------------------------------------ capacity
class TestCapacity:
    def edit(self, client, meeting, **overrides):
        local = timezone.localtime(meeting.start, PARIS)
        fields = {
            "title": meeting.title,
            "date": local.date().isoformat(),
            "start_time": local.strftime("%H:%M"),
            "end_time": timezone.localtime(meeting.end, PARIS).strftime("%H:%M"),
            "place": meeting.place,
        }
        data = workshop_data(**{**fields, **overrides})
        return client.post(reverse("workshops:edit", args=[meeting.slug]), data, follow=True)

    def fill(self, meeting, registered: int, waiting: int):
        now = timezone.now()
        people = []
        for index in range(registered + waiting):
            person = UserFactory()
            ParticipationFactory(
                meeting=meeting,
                user=person,
                status=S.REGISTERED if index < registered else S.WAITLISTED,
                queued_at=now + timedelta(seconds=index),
            )
            people.append(person)
        return people

    def test_raising_the_capacity_promotes_the_first_waiting(
        self, team_client, django_capture_on_commit_callbacks
    ):
        meeting = published(meeting__capacity=2)
        people = self.fill(meeting, registered=2, waiting=3)
        with django_capture_on_commit_callbacks(execute=True):
            response = self.edit(team_client, meeting, capacity="4")
        meeting.refresh_from_db()
        assert meeting.capacity == 4
        statuses = [meeting.participations.get(user=p).status for p in people]
        assert statuses == [S.REGISTERED] * 4 + [S.WAITLISTED]
        assert sorted(m.to[0] for m in mail.outbox) == sorted([people[2].email, people[3].email])
        assert all("Une place s'est libérée" in m.subject for m in mail.outbox)
        assert any("2 personnes de la liste d'attente" in m for m in messages_of(response))

    def test_unlimited_capacity_promotes_everyone(self, team_client):
        meeting = published(meeting__capacity=1)
        people = self.fill(meeting, registered=1, waiting=2)
        self.edit(team_client, meeting, capacity="")
        meeting.refresh_from_db()
        assert meeting.capacity is None
        assert {meeting.participations.get(user=p).status for p in people} == {S.REGISTERED}

    def test_lowering_below_the_confirmed_is_refused_and_nothing_changes(
        self, team_client, django_capture_on_commit_callbacks
    ):
        meeting = published(meeting__capacity=5)
        self.fill(meeting, registered=3, waiting=0)
        original_title = meeting.title
        with django_capture_on_commit_callbacks(execute=True):
            response = self.edit(team_client, meeting, capacity="2", place="Ailleurs")
        data_title = response.context["form"].data["title"]
        assert data_title == original_title
        errors = " ".join(response.context["form"].errors["capacity"])
        assert "Impossible : 3 personnes sont déjà inscrites." in errors
        assert "Impossible : 3 personnes sont déjà inscrites." in text_of(response)
        meeting.refresh_from_db()
        assert meeting.capacity == 5
        assert meeting.place == "Pôle Max Jacob, Quimper"
        assert mail.outbox == []

    def test_lowering_to_the_confirmed_count_is_fine(self, team_client):
        meeting = published(meeting__capacity=5)
        self.fill(meeting, registered=3, waiting=0)
        self.edit(team_client, meeting, capacity="3")
        meeting.refresh_from_db()
        assert meeting.capacity == 3


# ------------------------------------------------------------------------------------ check-in
class TestCheckin:
    @pytest.fixture
    def world(self):
        facilitator = UserFactory(role="facilitateur")
        meeting = published(meeting__capacity=2, facilitators=[facilitator])
        org = OrganisationFactory(name="Chambre de métiers du Finistère")
        registered = [
            UserFactory(first_name="Anna", last_name="Abgrall", organisation=org),
            UserFactory(first_name="Yann", last_name="Bodénès"),
        ]
        for person in registered:
            ParticipationFactory(meeting=meeting, user=person, status=S.REGISTERED)
        waiting = UserFactory(first_name="Gwen", last_name="Cariou")
        ParticipationFactory(
            meeting=meeting, user=waiting, status=S.WAITLISTED, queued_at=timezone.now()
        )
        return meeting, facilitator, registered, waiting

    def test_the_sheet(self, client, world):
        meeting, facilitator, registered, waiting = world
        client.force_login(facilitator)
        response = client.get(reverse("workshops:checkin", args=[meeting.slug]))
        body = text_of(response)
        assert response.status_code == 200
        assert "Anna Abgrall" in body and "Chambre de métiers du Finistère" in body
        assert "Yann Bodénès" in body
        assert body.index("Anna Abgrall") < body.index("Yann Bodénès")
        # Waiting list: read-only, no toggle for Gwen.
        waiting_row = meeting.participations.get(user=waiting)
        assert "Gwen Cariou" in body
        assert reverse("workshops:checkin_toggle", args=[meeting.slug, waiting_row.pk]) not in body
        assert response.context["sheet"].registered_count == 2
        assert response.context["sheet"].present_count == 0
        # Made for a phone: no table to overflow, large buttons, the optional script.
        assert "<table" not in body
        assert 'aria-pressed="false"' in body and "btn-lg" in body
        assert "js/checkin.js" in body
        assert 'name="viewport"' in body

    def test_toggle_without_javascript(self, client, world):
        meeting, facilitator, registered, _waiting = world
        row = meeting.participations.get(user=registered[0])
        client.force_login(facilitator)
        url = reverse("workshops:checkin_toggle", args=[meeting.slug, row.pk])
        response = client.post(url, {"attended": "1"})
        assert response.status_code == 302
        assert response.url.endswith(f"#p-{row.pk}")
        row.refresh_from_db()
        assert row.attended is True and row.checked_in_at is not None
        page = client.get(response.url)
        assert "Anna Abgrall (Chambre de métiers du Finistère) est présent·e." in messages_of(page)
        assert page.context["sheet"].present_count == 1
        assert 'aria-pressed="true"' in text_of(page)

        client.post(url, {"attended": "0"})
        row.refresh_from_db()
        assert row.attended is False and row.checked_in_at is None

    def test_toggle_with_javascript_answers_json(self, client, world):
        meeting, facilitator, registered, _waiting = world
        row = meeting.participations.get(user=registered[1])
        client.force_login(facilitator)
        response = client.post(
            reverse("workshops:checkin_toggle", args=[meeting.slug, row.pk]),
            {"attended": "1"},
            headers={"accept": "application/json"},
        )
        assert response.status_code == 200
        assert response.json() == {
            "attended": True,
            "message": "Yann Bodénès est présent·e.",
            "registered": 2,
            "present": 1,
        }

    def test_toggle_a_waiting_person_is_refused_in_french(self, client, world):
        meeting, facilitator, _registered, waiting = world
        row = meeting.participations.get(user=waiting)
        client.force_login(facilitator)
        response = client.post(
            reverse("workshops:checkin_toggle", args=[meeting.slug, row.pk]),
            {"attended": "1"},
            follow=True,
        )
        assert any("n'est pas inscrite" in m for m in messages_of(response))
        row.refresh_from_db()
        assert row.attended is None

    def test_toggle_someone_of_another_workshop_is_404(self, client, world):
        meeting, facilitator, _registered, _waiting = world
        elsewhere = ParticipationFactory(meeting=published(), status=S.REGISTERED)
        client.force_login(facilitator)
        response = client.post(
            reverse("workshops:checkin_toggle", args=[meeting.slug, elsewhere.pk]),
            {"attended": "1"},
        )
        assert response.status_code == 404
        elsewhere.refresh_from_db()
        assert elsewhere.attended is None

    def test_toggle_is_post_only(self, client, world):
        meeting, facilitator, registered, _waiting = world
        row = meeting.participations.get(user=registered[0])
        client.force_login(facilitator)
        url = reverse("workshops:checkin_toggle", args=[meeting.slug, row.pk])
        assert client.get(url).status_code == 405

    def test_walk_in_found_by_email(self, client, world):
        meeting, facilitator, _registered, _waiting = world
        walker = UserFactory(email="loeiz.tanguy@example.org", first_name="Loeiz")
        client.force_login(facilitator)
        response = client.get(
            reverse("workshops:checkin", args=[meeting.slug]), {"q": "Loeiz.Tanguy@example.org"}
        )
        assert [p.pk for p in response.context["candidates"]] == [walker.pk]
        body = text_of(response)
        assert "lo…@example.org" in body
        assert "loeiz.tanguy@example.org" not in body
        response = client.post(
            reverse("workshops:checkin_walk_in", args=[meeting.slug]),
            {"user": walker.pk},
            follow=True,
        )
        row = meeting.participations.get(user=walker)
        assert row.status == S.ATTENDING and row.walk_in and row.attended
        assert any("est enregistré·e comme présent·e" in m for m in messages_of(response))
        assert response.context["sheet"].present_count == 1
        assert "venu·e sans inscription" in text_of(response)
        # Walk-ins hold no registration seat.
        assert response.context["sheet"].registered_count == 2

    def test_walk_in_found_by_name(self, client, world):
        meeting, facilitator, _registered, _waiting = world
        walker = UserFactory(first_name="Maëla", last_name="Kerhervé")
        client.force_login(facilitator)
        response = client.get(
            reverse("workshops:checkin", args=[meeting.slug]), {"q": "maëla kerh"}
        )
        assert [p.pk for p in response.context["candidates"]] == [walker.pk]

    def test_walk_in_with_no_matching_account(self, client, world):
        meeting, facilitator, _registered, _waiting = world
        client.force_login(facilitator)
        response = client.get(
            reverse("workshops:checkin", args=[meeting.slug]), {"q": "personne@inconnue.fr"}
        )
        assert response.status_code == 200
        assert french_spacing("Aucun compte ne correspond à « personne@inconnue.fr »") in text_of(
            response
        )
        response = client.post(
            reverse("workshops:checkin_walk_in", args=[meeting.slug]),
            {"user": "999999"},
            follow=True,
        )
        assert any("Aucun compte ne correspond" in m for m in messages_of(response))
        assert meeting.participations.count() == 3

    def test_walk_in_search_needs_three_characters(self, client, world):
        meeting, facilitator, _registered, _waiting = world
        client.force_login(facilitator)
        response = client.get(reverse("workshops:checkin", args=[meeting.slug]), {"q": "a"})
        assert response.context["candidates"] == []
        assert french_spacing("Aucun compte ne correspond à « a »") in text_of(response)

    def test_a_waiting_person_who_comes_is_checked_in(self, client, world):
        meeting, facilitator, _registered, waiting = world
        client.force_login(facilitator)
        client.post(reverse("workshops:checkin_walk_in", args=[meeting.slug]), {"user": waiting.pk})
        row = meeting.participations.get(user=waiting)
        assert row.status == S.ATTENDING and row.attended

    def test_no_checkin_on_a_cancelled_workshop(self, client, world):
        meeting, facilitator, registered, _waiting = world
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
        client.force_login(facilitator)
        response = client.get(reverse("workshops:checkin", args=[meeting.slug]), follow=True)
        assert "Cet atelier est annulé : pas d'émargement." in messages_of(response)
        row = meeting.participations.get(user=registered[0])
        client.post(
            reverse("workshops:checkin_toggle", args=[meeting.slug, row.pk]), {"attended": "1"}
        )
        row.refresh_from_db()
        assert row.attended is None


# ---------------------------------------------------------------------------- cancel a workshop
class TestCancelWorkshop:
    def test_confirmation_then_everyone_registered_is_told(
        self, team_client, django_capture_on_commit_callbacks
    ):
        meeting = published(meeting__capacity=1)
        registered, waiting, gone = UserFactory(), UserFactory(), UserFactory()
        ParticipationFactory(meeting=meeting, user=registered, status=S.REGISTERED)
        ParticipationFactory(meeting=meeting, user=waiting, status=S.WAITLISTED)
        ParticipationFactory(meeting=meeting, user=gone, status=S.CANCELLED)
        url = reverse("workshops:cancel", args=[meeting.slug])
        page = text_of(team_client.get(url))
        assert "2 personnes inscrites ou en liste d'attente recevront" in page

        response = team_client.post(url, {"reason": ""})
        assert "Indiquez le motif de l'annulation." in text_of(response)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.SCHEDULED

        # Second step: the recipients and the message, nothing cancelled nor sent yet.
        preview = team_client.post(url, {"reason": "Salle indisponible"})
        body = text_of(preview)
        assert "2 destinataires" in body and "Salle indisponible" in body
        assert registered.get_full_name() in body and gone.get_full_name() not in body
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.SCHEDULED and not mail.outbox

        with django_capture_on_commit_callbacks(execute=True):
            response = team_client.post(
                url, {"reason": "Salle indisponible", "confirm": "1"}, follow=True
            )
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED
        assert meeting.cancellation_reason == "Salle indisponible"
        assert sorted(m.to[0] for m in mail.outbox) == sorted([registered.email, waiting.email])
        assert all(ics_of(m).get("METHOD") == "CANCEL" for m in mail.outbox)
        assert all("Salle indisponible" in m.body for m in mail.outbox)
        page = text_of(response)
        assert "Cet atelier est annulé." in page
        assert reverse("governance:register", args=[meeting.slug]) not in page

        again = team_client.get(url, follow=True)
        assert "Cet atelier est déjà annulé." in messages_of(again)


# -------------------------------------------------------------------------------- the programme
class TestProgramme:
    def test_upcoming_by_default_and_past_on_request(self, client):
        upcoming = published(meeting__title="Atelier à venir")
        start = timezone.now() - timedelta(days=5)
        past = published(
            meeting__title="Atelier passé",
            meeting__start=start,
            meeting__end=start + timedelta(hours=2),
        )
        body = text_of(client.get(reverse("workshops:programme")))
        assert upcoming.title in body and past.title not in body
        assert "?passes=1" in body
        body = text_of(client.get(reverse("workshops:programme"), {"passes": "1"}))
        assert past.title in body and upcoming.title not in body
        assert "Ateliers passés" in body

    def test_card_content(self, client):
        group = WorkingGroupFactory(body__name="Groupe Mer et littoral")
        objective = Objective.objects.first()
        filiere = Filiere.objects.first()
        meeting = published(
            meeting__title="Atelier du port",
            meeting__body=group.body,
            meeting__capacity=None,
            objectives=[objective],
            filieres=[filiere],
        )
        open_one = published(meeting__title="Atelier ouvert à tous", meeting__capacity=3)
        ParticipationFactory(meeting=open_one, status=S.REGISTERED)
        response = client.get(reverse("workshops:programme"))
        body = text_of(response)
        local = timezone.localtime(meeting.start, PARIS)
        assert local.strftime("%H:%M") in body
        assert "Groupe Mer et littoral" in body
        assert "Atelier ouvert" in body
        assert objective.title in body and filiere.name in body
        assert "Places non limitées" in body
        assert "2 places restantes" in body

    def test_filters(self, client):
        group = WorkingGroupFactory()
        objective = Objective.objects.first()
        filiere = Filiere.objects.first()
        soon = timezone.now() + timedelta(days=3)
        later = timezone.now() + timedelta(days=60)
        a = published(
            meeting__title="Atelier A",
            meeting__start=soon,
            meeting__end=soon + timedelta(hours=2),
            objectives=[objective],
        )
        b = published(
            meeting__title="Atelier B",
            meeting__start=later,
            meeting__end=later + timedelta(hours=2),
            meeting__body=group.body,
            filieres=[filiere],
            meeting__capacity=1,
        )
        ParticipationFactory(meeting=b, status=S.REGISTERED)

        def titles(**params):
            response = client.get(reverse("workshops:programme"), params)
            assert response.status_code == 200
            return {card.meeting.title for card in response.context["cards"]}

        assert titles() == {a.title, b.title}
        assert titles(objectif=objective.slug) == {a.title}
        assert titles(filiere=filiere.slug) == {b.title}
        assert titles(groupe=group.body.slug) == {b.title}
        assert titles(places="on") == {a.title}
        day_b = timezone.localtime(later, PARIS).date()
        assert titles(du=day_b.isoformat()) == {b.title}
        assert titles(au=(day_b - timedelta(days=1)).isoformat()) == {a.title}
        assert titles(du=day_b.isoformat(), au=day_b.isoformat()) == {b.title}
        # Bad values are ignored, no error.
        assert titles(
            objectif="nope",
            filiere="x' OR 1=1",
            groupe="?",
            du="31/02/2026",
            au="hier",
            page="abc",
        ) == {a.title, b.title}

    def test_cancelled_and_draft_workshops(self, client, project_lead):
        cancelled = published(meeting__title="Atelier annulé", meeting__status="cancelled")
        draft = published(meeting__title="Atelier en brouillon", meeting__status="draft")
        body = text_of(client.get(reverse("workshops:programme")))
        assert cancelled.title in body and "Annulé" in body
        assert draft.title not in body
        client.force_login(project_lead)
        body = text_of(client.get(reverse("workshops:programme")))
        assert draft.title in body and "Brouillon" in body

    def test_pagination_keeps_the_filters(self, client):
        objective = Objective.objects.first()
        for index in range(23):
            start = timezone.now() + timedelta(days=index + 1)
            published(
                meeting__start=start,
                meeting__end=start + timedelta(hours=1),
                objectives=[objective],
            )
        response = client.get(reverse("workshops:programme"), {"objectif": objective.slug})
        assert len(response.context["cards"]) == 20
        body = text_of(response)
        assert f"?objectif={objective.slug}&page=2" in body
        response = client.get(
            reverse("workshops:programme"), {"objectif": objective.slug, "page": "2"}
        )
        assert len(response.context["cards"]) == 3


# ----------------------------------------------------------------------------- one's own page
class TestProfileRegistrations:
    def test_lists_and_cancels(self, client, django_capture_on_commit_callbacks):
        person = UserFactory()
        seat = published(meeting__title="Atelier où je suis inscrite", meeting__capacity=1)
        waiting = published(meeting__title="Atelier où j'attends", meeting__capacity=1)
        start = timezone.now() - timedelta(days=3)
        past = published(
            meeting__title="Atelier passé",
            meeting__start=start,
            meeting__end=start + timedelta(hours=2),
        )
        gone = published(meeting__title="Atelier quitté")
        plenary = MeetingFactory(
            kind=Meeting.Kind.PLENARY, body=None, title="Plénière de restitution", slug="pleniere"
        )
        ParticipationFactory(meeting=plenary, user=person, status=S.REGISTERED)
        ParticipationFactory(meeting=seat, user=person, status=S.REGISTERED)
        ParticipationFactory(meeting=waiting, user=UserFactory(), status=S.REGISTERED)
        ParticipationFactory(meeting=waiting, user=person, status=S.WAITLISTED)
        ParticipationFactory(meeting=past, user=person, status=S.REGISTERED)
        ParticipationFactory(meeting=gone, user=person, status=S.CANCELLED)
        next_in_line = UserFactory()
        ParticipationFactory(
            meeting=seat, user=next_in_line, status=S.WAITLISTED, queued_at=timezone.now()
        )

        client.force_login(person)
        response = client.get(reverse("accounts:profile"))
        body = text_of(response)
        assert "Mes inscriptions" in body
        assert seat.title in body and waiting.title in body
        assert plenary.title in body and plenary.get_absolute_url() in body
        assert past.title not in body and gone.title not in body
        assert "Sur liste d'attente" in body
        assert "Quitter la liste d'attente" in body
        assert body.count("?next=/profil/") == 3

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("governance:unregister", args=[seat.slug]), {"next": "/profil/"}
            )
        assert response.status_code == 302 and response.url == "/profil/"
        assert seat.participations.get(user=person).status == S.CANCELLED
        assert seat.participations.get(user=next_in_line).status == S.REGISTERED
        assert [m.to for m in mail.outbox if "Une place" in m.subject] == [[next_in_line.email]]
        body = text_of(client.get(reverse("accounts:profile")))
        assert seat.title not in body

    def test_nothing_yet(self, client):
        client.force_login(UserFactory())
        body = text_of(client.get(reverse("accounts:profile")))
        assert "Vous n'êtes inscrit·e à aucun atelier ni plénière à venir." in body


# ------------------------------------------------------------------------------ query counts
PROGRAMME_MAX_QUERIES = 13
DETAIL_MAX_QUERIES = 24  # with the « Compte rendu » box, and the target publics of the capture form


def _populate_programme(size: int, viewer):
    group = WorkingGroupFactory()
    objectives = list(Objective.objects.all()[:2])
    filieres = list(Filiere.objects.all()[:2])
    challenge = Challenge.objects.first() or ChallengeFactory(objective=ObjectiveFactory())
    people = [UserFactory() for _ in range(3)]
    for index in range(size):
        meeting = published(
            meeting__capacity=[2, None, 5][index % 3],
            meeting__body=group.body if index % 2 else None,
            meeting__visibility=(
                Meeting.Visibility.MEMBERS if index % 4 == 1 else Meeting.Visibility.PUBLIC
            ),
            meeting__status=Meeting.Status.DRAFT if index % 5 == 4 else Meeting.Status.SCHEDULED,
            objectives=objectives,
            filieres=filieres,
            challenges=[challenge],
            facilitators=[people[0]],
        )
        for person in people:
            ParticipationFactory(meeting=meeting, user=person, status=S.REGISTERED)
        ParticipationFactory(meeting=meeting, status=S.WAITLISTED)
        if viewer is not None and index % 3 == 0:
            ParticipationFactory(meeting=meeting, user=viewer, status=S.REGISTERED)
    return group


def _viewer(who: str, group=None):
    return {
        "anonymous": lambda: None,
        "stakeholder": UserFactory,
        "team": lambda: UserFactory(role="equipe-projet"),
    }[who]()


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("who", ["anonymous", "stakeholder", "member", "team"])
def test_programme_query_count_does_not_grow(client, django_assert_max_num_queries, size, who):
    viewer = None if who in ("anonymous", "member") else _viewer(who)
    group = _populate_programme(size, viewer)
    if who == "member":
        viewer = add_group_member(group)
    if viewer is not None:
        client.force_login(viewer)
    with django_assert_max_num_queries(PROGRAMME_MAX_QUERIES):
        response = client.get(reverse("workshops:programme"), {"objectif": "", "places": ""})
    assert response.status_code == 200
    assert len(response.context["cards"]) >= min(size // 3, 20)
    with django_assert_max_num_queries(PROGRAMME_MAX_QUERIES + 2):
        response = client.get(
            reverse("workshops:programme"),
            {
                "objectif": Objective.objects.first().slug,
                "filiere": Filiere.objects.first().slug,
                "places": "on",
                "du": timezone.localdate().isoformat(),
            },
        )
    assert response.status_code == 200


def _populate_workshop(size: int):
    group = WorkingGroupFactory()
    facilitators = [UserFactory(organisation=OrganisationFactory()) for _ in range(size)]
    challenges = [ChallengeFactory(objective=ObjectiveFactory()) for _ in range(min(size, 10))]
    meeting = published(
        meeting__body=group.body,
        meeting__capacity=size,
        meeting__online_url="https://visio.example.org/a",
        objectives=list(Objective.objects.all()),
        filieres=list(Filiere.objects.all()),
        challenges=challenges,
        facilitators=facilitators,
    )
    for index in range(size * 2):
        ParticipationFactory(
            meeting=meeting,
            user=UserFactory(organisation=OrganisationFactory()),
            status=S.REGISTERED if index < size else S.WAITLISTED,
            queued_at=timezone.now(),
        )
    return meeting, group, facilitators


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("who", ["anonymous", "stakeholder", "waiting", "facilitator", "team"])
def test_workshop_page_query_count_does_not_grow(client, django_assert_max_num_queries, size, who):
    meeting, group, facilitators = _populate_workshop(size)
    viewer = {
        "anonymous": lambda: None,
        "stakeholder": UserFactory,
        "waiting": lambda: meeting.participations.filter(status=S.WAITLISTED).last().user,
        "facilitator": lambda: facilitators[0],
        "team": lambda: UserFactory(role="equipe-projet"),
    }[who]()
    if viewer is not None:
        client.force_login(viewer)
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    body = text_of(response)
    assert facilitators[-1].get_full_name() in body
    if who == "waiting":
        assert f"(position {size})" in body


@pytest.mark.parametrize("size", [3, 30])
def test_checkin_page_query_count_does_not_grow(client, django_assert_max_num_queries, size):
    meeting, group, facilitators = _populate_workshop(size)
    client.force_login(facilitators[0])
    # (+ the guest form's EPCI and category choices)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workshops:checkin", args=[meeting.slug]))
    assert response.status_code == 200
    assert len(response.context["sheet"].registered) == size


def test_group_facilitator_membership_grants_checkin(client):
    group = WorkingGroupFactory()
    meeting = published(meeting__body=group.body)
    secretary = add_group_member(group, role=Membership.Role.SECRETARY)
    client.force_login(secretary)
    assert client.get(reverse("workshops:checkin", args=[meeting.slug])).status_code == 200
