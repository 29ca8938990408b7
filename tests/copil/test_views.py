"""COPIL flows through the front door: schedule, convoke, answer, reschedule, cancel, remind,
attendance, requests to attend, documents, and the pages' query counts."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from apps.governance.documents import MAX_DOCUMENT_SIZE
from apps.governance.models import Meeting, MeetingDocument, Membership, Participation
from tests.accounts.factories import UserFactory
from tests.governance.factories import (
    TINY_PDF,
    AgendaItemFactory,
    MeetingDocumentFactory,
    MeetingFactory,
    MembershipFactory,
    ParticipationFactory,
    copil,
)
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def team_client(client, project_lead):
    client.force_login(project_lead)
    return client


def future_day(days: int = 30):
    return timezone.localdate() + timedelta(days=days)


def session_data(
    *,
    title="Séance de printemps",
    day=None,
    start="18:00",
    end="20:00",
    place="Hôtel de ville de Quimper",
    online_url="",
    description="Point d'étape de la stratégie.",
    visibility="public",
    open_to_requests=False,
    agenda=(),
    initial=0,
    extra=1,
):
    data = {
        "title": title,
        "date": (day or future_day()).isoformat(),
        "start_time": start,
        "end_time": end,
        "place": place,
        "online_url": online_url,
        "description": description,
        "visibility": visibility,
        "agenda-TOTAL_FORMS": str(len(agenda) + extra),
        "agenda-INITIAL_FORMS": str(initial),
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "40",
    }
    if open_to_requests:
        data["open_to_requests"] = "on"
    for index, row in enumerate(agenda):
        for key, value in row.items():
            data[f"agenda-{index}-{key}"] = value
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def ics_of(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0] == "invitation.ics"]
    return Calendar.from_ical(attachment[1])


def event_of(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def convoked_world(*, members=2, **meeting_kwargs):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, **meeting_kwargs)
    people = [MembershipFactory().user for _ in range(members)]
    return meeting, people


# ------------------------------------------------------------------------------ scheduling
class TestCreateAndEdit:
    def test_the_form_page(self, team_client):
        response = team_client.get(reverse("copil:session_create"))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Programmer une séance" in body
        assert 'name="agenda-TOTAL_FORMS"' in body
        assert "js/agenda-order.js" in body
        assert 'for="id_agenda-0-title"' in body

    def test_create_a_draft_with_two_agenda_items_in_the_chosen_order(self, team_client):
        day = future_day(45)
        data = session_data(
            day=day,
            agenda=[
                {"title": "Bilan des ateliers", "presenter": "Consultant", "ORDER": "2"},
                {
                    "title": "Accueil",
                    "presenter": "Président",
                    "duration_minutes": "10",
                    "description": "Mot d'accueil",
                    "ORDER": "1",
                },
            ],
        )
        response = team_client.post(reverse("copil:session_create"), data, follow=True)
        meeting = Meeting.objects.get(title="Séance de printemps")
        assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
        assert "brouillon" in messages_of(response)[0]
        assert meeting.status == Meeting.Status.DRAFT
        assert meeting.kind == Meeting.Kind.COPIL
        assert meeting.body == copil()
        assert meeting.start == datetime.combine(day, time(18, 0), tzinfo=PARIS)
        assert meeting.end == datetime.combine(day, time(20, 0), tzinfo=PARIS)
        items = list(meeting.agenda_items.all())
        assert [(i.position, i.title) for i in items] == [(1, "Accueil"), (2, "Bilan des ateliers")]
        assert items[0].duration_minutes == 10
        assert items[0].presenter == "Président"
        body = response.content.decode()
        assert body.index("Accueil") < body.index("Bilan des ateliers")
        assert "Brouillon" in body
        assert mail.outbox == []

    def test_reorder_delete_and_add_agenda_items(self, team_client):
        meeting = MeetingFactory(status=Meeting.Status.DRAFT)
        first = AgendaItemFactory(meeting=meeting, position=1, title="Premier")
        AgendaItemFactory(meeting=meeting, position=2, title="Deuxième")
        AgendaItemFactory(meeting=meeting, position=3, title="Troisième")
        edit_url = reverse("copil:session_edit", kwargs={"slug": meeting.slug})
        page = team_client.get(edit_url).content.decode()
        assert 'value="Premier"' in page
        assert 'name="agenda-2-ORDER"' in page
        local = timezone.localtime(meeting.start)
        data = session_data(
            title=meeting.title,
            day=local.date(),
            start=local.strftime("%H:%M"),
            end=timezone.localtime(meeting.end).strftime("%H:%M"),
            place=meeting.place,
            initial=3,
            agenda=[
                {"title": "Premier", "ORDER": "3"},
                {"title": "Deuxième", "ORDER": "1"},
                {"title": "Troisième", "ORDER": "2", "DELETE": "on"},
                {"title": "Nouveau point", "ORDER": "2"},
            ],
        )
        response = team_client.post(edit_url, data, follow=True)
        assert messages_of(response) == ["Séance modifiée."]
        titles = list(meeting.agenda_items.values_list("position", "title"))
        assert titles == [(1, "Deuxième"), (2, "Nouveau point"), (3, "Premier")]
        assert not meeting.agenda_items.filter(pk=first.pk).exists()  # rows are replaced

    def test_an_empty_extra_row_with_only_a_position_is_ignored(self, team_client):
        data = session_data(agenda=[{"title": "Seul point", "ORDER": "1"}], extra=2)
        data["agenda-1-ORDER"] = "2"
        data["agenda-2-ORDER"] = "3"
        response = team_client.post(reverse("copil:session_create"), data)
        assert response.status_code == 302
        meeting = Meeting.objects.get()
        assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Seul point"]

    @pytest.mark.parametrize(
        "changes, field, message",
        [
            ({"start": "18:00", "end": "17:00"}, "end_time", "L'heure de fin doit être après"),
            ({"start": "18:00", "end": "18:00"}, "end_time", "L'heure de fin doit être après"),
            (
                {"day": timezone.localdate() - timedelta(days=1)},
                "date",
                "Cette date est passée",
            ),
            ({"place": "", "online_url": ""}, "place", "Indiquez un lieu ou un lien"),
            (
                {"agenda": [{"title": "", "presenter": "Quelqu'un", "ORDER": "1"}]},
                "agenda",
                "Indiquez l'intitulé de ce point",
            ),
            ({"online_url": "pas une adresse"}, "online_url", "Saisissez une adresse web complète"),
            ({"title": ""}, "title", "Indiquez le titre."),
        ],
    )
    def test_bad_input_saves_nothing_and_says_what_to_change(
        self, team_client, changes, field, message
    ):
        response = team_client.post(reverse("copil:session_create"), session_data(**changes))
        assert response.status_code == 200
        assert Meeting.objects.count() == 0
        body = response.content.decode()
        assert escape(message) in body
        assert "La séance n'a pas été enregistrée" in body
        if field != "agenda":
            assert field in response.context["form"].errors
        # What was typed is kept.
        if changes.get("title", None) != "":
            assert 'value="Séance de printemps"' in body

    def test_a_tampered_formset_is_an_error_not_a_crash(self, team_client):
        data = session_data()
        del data["agenda-TOTAL_FORMS"]
        response = team_client.post(reverse("copil:session_create"), data)
        assert response.status_code == 200
        assert Meeting.objects.count() == 0

    def test_a_bad_edit_changes_nothing(self, team_client):
        meeting = MeetingFactory(status=Meeting.Status.DRAFT, title="Titre d'origine")
        AgendaItemFactory(meeting=meeting, title="Point d'origine")
        data = session_data(
            title="Nouveau titre",
            start="18:00",
            end="09:00",
            initial=1,
            agenda=[{"title": "Point changé", "ORDER": "1"}],
        )
        response = team_client.post(
            reverse("copil:session_edit", kwargs={"slug": meeting.slug}), data
        )
        assert response.status_code == 200
        meeting.refresh_from_db()
        assert meeting.title == "Titre d'origine"
        assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Point d'origine"]

    def test_moving_an_existing_session_into_the_past_is_refused(self, team_client):
        meeting = MeetingFactory(status=Meeting.Status.DRAFT)
        data = session_data(title=meeting.title, day=timezone.localdate() - timedelta(days=3))
        response = team_client.post(
            reverse("copil:session_edit", kwargs={"slug": meeting.slug}), data
        )
        assert response.status_code == 200
        assert "La date est passée" in response.content.decode()
        assert Meeting.objects.get(pk=meeting.pk).start == meeting.start

    def test_a_cancelled_session_cannot_be_edited(self, team_client):
        meeting = MeetingFactory(status=Meeting.Status.CANCELLED)
        response = team_client.get(
            reverse("copil:session_edit", kwargs={"slug": meeting.slug}), follow=True
        )
        assert "ne peut plus être modifiée" in messages_of(response)[0]


# ------------------------------------------------------------------------------ convocation
class TestConvocation:
    def test_convoke_active_members_only_with_an_ics_invitation(
        self, team_client, django_capture_on_commit_callbacks
    ):
        meeting, (alice, bob) = convoked_world()
        AgendaItemFactory(meeting=meeting, title="Validation du plan d'actions")
        MembershipFactory(until=timezone.localdate() - timedelta(days=1))  # former member
        MembershipFactory(since=timezone.localdate(meeting.start) + timedelta(days=1))  # later
        MembershipFactory(user=UserFactory(is_active=False))  # deactivated account
        with django_capture_on_commit_callbacks(execute=True):
            response = team_client.post(
                reverse("copil:session_convoke", kwargs={"slug": meeting.slug}), follow=True
            )
        assert messages_of(response) == ["Convocation envoyée : 2 personnes convoquées."]
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.SCHEDULED
        assert meeting.convoked_at is not None
        assert set(meeting.participations.values_list("user_id", "status")) == {
            (alice.pk, Participation.Status.INVITED),
            (bob.pk, Participation.Status.INVITED),
        }
        assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
        for message in mail.outbox:
            calendar = ics_of(message)
            event = event_of(calendar)
            assert str(calendar["METHOD"]) == "REQUEST"
            assert str(event["UID"]) == meeting.ics_uid
            assert int(event["SEQUENCE"]) == 0
            assert "Validation du plan d'actions" in message.body
        # The answers table now lists them, without answer.
        body = response.content.decode()
        assert "Sans réponse : <strong>2</strong>" in body

    def test_convoking_twice_only_convokes_newcomers(
        self, team_client, django_capture_on_commit_callbacks
    ):
        meeting, _people = convoked_world()
        url = reverse("copil:session_convoke", kwargs={"slug": meeting.slug})
        with django_capture_on_commit_callbacks(execute=True):
            team_client.post(url, follow=True)
        newcomer = MembershipFactory().user
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = team_client.post(url, follow=True)
        assert messages_of(response) == ["Convocation envoyée : 1 personne convoquée."]
        assert [m.to for m in mail.outbox] == [[newcomer.email]]

    def test_convoking_a_cancelled_session_is_refused(self, team_client):
        meeting, _people = convoked_world()
        meeting.status = Meeting.Status.CANCELLED
        meeting.save()
        response = team_client.post(
            reverse("copil:session_convoke", kwargs={"slug": meeting.slug}), follow=True
        )
        assert "annulée" in messages_of(response)[0]
        assert meeting.participations.count() == 0


# ------------------------------------------------------------------------------ answers
class TestAnswer:
    @pytest.fixture
    def convoked(self):
        meeting = MeetingFactory()
        alice = ParticipationFactory(meeting=meeting, user=MembershipFactory().user)
        bob = ParticipationFactory(meeting=meeting, user=MembershipFactory().user)
        return meeting, alice, bob

    def test_answer_from_the_session_page(self, client, convoked):
        meeting, alice, _bob = convoked
        client.force_login(alice.user)
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "Vous êtes convoqué·e et n'avez pas encore répondu." in page
        assert reverse("copil:session_answer", kwargs={"slug": meeting.slug}) in page
        response = client.post(
            reverse("copil:session_answer", kwargs={"slug": meeting.slug}),
            {"status": "represented", "proxy_name": "Jean Le Goff, adjoint", "comment": "Désolée"},
            follow=True,
        )
        assert messages_of(response) == ["Merci, votre réponse a été enregistrée."]
        alice.refresh_from_db()
        assert alice.status == Participation.Status.REPRESENTED
        assert alice.proxy_name == "Jean Le Goff, adjoint"
        assert alice.answered_at is not None
        assert "par Jean Le Goff, adjoint" in response.content.decode()

    def test_one_can_only_answer_for_oneself(self, client, convoked):
        meeting, alice, bob = convoked
        client.force_login(alice.user)
        client.post(
            reverse("copil:session_answer", kwargs={"slug": meeting.slug}),
            {"status": "excused", "participation": bob.pk, "user": bob.user_id, "pk": bob.pk},
        )
        bob.refresh_from_db()
        alice.refresh_from_db()
        assert bob.status == Participation.Status.INVITED
        assert bob.answered_at is None
        assert alice.status == Participation.Status.EXCUSED

    def test_someone_not_convoked_cannot_answer_for_anybody(self, client, convoked):
        meeting, alice, _bob = convoked
        client.force_login(UserFactory())
        response = client.post(
            reverse("copil:session_answer", kwargs={"slug": meeting.slug}),
            {"status": "attending", "participation": alice.pk},
            follow=True,
        )
        assert "Vous n'êtes pas convoqué·e" in messages_of(response)[0]
        assert Participation.objects.filter(status=Participation.Status.INVITED).count() == 2

    def test_represented_without_a_proxy_name_is_refused(self, client, convoked):
        meeting, alice, _bob = convoked
        client.force_login(alice.user)
        response = client.post(
            reverse("copil:session_answer", kwargs={"slug": meeting.slug}),
            {"status": "represented", "proxy_name": "   "},
        )
        assert response.status_code == 200
        assert "Indiquez qui vous représentera." in response.content.decode()
        alice.refresh_from_db()
        assert alice.status == Participation.Status.INVITED

    @pytest.mark.parametrize("status", ["", "refused", "requested", "n'importe quoi"])
    def test_bad_answers_change_nothing(self, client, convoked, status):
        meeting, alice, _bob = convoked
        client.force_login(alice.user)
        response = client.post(
            reverse("copil:session_answer", kwargs={"slug": meeting.slug}), {"status": status}
        )
        assert response.status_code == 200
        alice.refresh_from_db()
        assert alice.status == Participation.Status.INVITED

    def test_answering_a_past_session_is_refused(self, client, convoked):
        meeting, alice, _bob = convoked
        Meeting.objects.filter(pk=meeting.pk).update(
            start=timezone.now() - timedelta(days=2),
            end=timezone.now() - timedelta(days=2, hours=-2),
        )
        client.force_login(alice.user)
        response = client.post(
            reverse("copil:session_answer", kwargs={"slug": meeting.slug}),
            {"status": "attending"},
            follow=True,
        )
        assert "passée" in messages_of(response)[0]
        alice.refresh_from_db()
        assert alice.status == Participation.Status.INVITED

    def test_anonymous_is_sent_to_the_login_page(self, client, convoked):
        meeting, _alice, _bob = convoked
        response = client.post(
            reverse("copil:session_answer", kwargs={"slug": meeting.slug}), {"status": "attending"}
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


# ------------------------------------------------------------------------------ reschedule, cancel
class TestRescheduleAndCancel:
    @pytest.fixture
    def convoked(self, team_client, django_capture_on_commit_callbacks):
        meeting, people = convoked_world()
        with django_capture_on_commit_callbacks(execute=True):
            team_client.post(
                reverse("copil:session_convoke", kwargs={"slug": meeting.slug}), follow=True
            )
        mail.outbox.clear()
        meeting.refresh_from_db()
        return meeting, people

    def test_reschedule_sends_an_update_with_a_higher_sequence(
        self, team_client, convoked, django_capture_on_commit_callbacks
    ):
        meeting, people = convoked
        day = future_day(60)
        data = session_data(title=meeting.title, day=day, start="14:00", end="16:30")
        with django_capture_on_commit_callbacks(execute=True):
            response = team_client.post(
                reverse("copil:session_edit", kwargs={"slug": meeting.slug}), data, follow=True
            )
        assert messages_of(response) == [
            "Séance déplacée. Les personnes convoquées ont reçu l'ancienne et la nouvelle "
            "date ; leurs réponses sont remises « sans réponse » et elles sont invitées à "
            "répondre à nouveau."
        ]
        meeting.refresh_from_db()
        assert meeting.ics_sequence == 1
        assert meeting.start == datetime.combine(day, time(14, 0), tzinfo=PARIS)
        assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
        for message in mail.outbox:
            calendar = ics_of(message)
            event = event_of(calendar)
            assert str(calendar["METHOD"]) == "REQUEST"
            assert str(event["UID"]) == meeting.ics_uid
            assert int(event["SEQUENCE"]) == 1
            assert event.decoded("DTSTART") == datetime.combine(day, time(14, 0), tzinfo=PARIS)

    def test_a_change_of_description_sends_nothing(
        self, team_client, convoked, django_capture_on_commit_callbacks
    ):
        meeting, _people = convoked
        local = timezone.localtime(meeting.start)
        data = session_data(
            title=meeting.title,
            day=local.date(),
            start=local.strftime("%H:%M"),
            end=timezone.localtime(meeting.end).strftime("%H:%M"),
            place=meeting.place,
            description="Nouvelle présentation",
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = team_client.post(
                reverse("copil:session_edit", kwargs={"slug": meeting.slug}), data, follow=True
            )
        assert messages_of(response) == ["Séance modifiée."]
        meeting.refresh_from_db()
        assert meeting.ics_sequence == 0
        assert meeting.description == "Nouvelle présentation"
        assert mail.outbox == []

    def test_cancel_needs_a_confirmation_and_sends_cancel_invitations(
        self, team_client, convoked, django_capture_on_commit_callbacks
    ):
        meeting, people = convoked
        url = reverse("copil:session_cancel", kwargs={"slug": meeting.slug})
        page = team_client.get(url)
        assert page.status_code == 200
        assert "Confirmer l'annulation" in page.content.decode()
        refused = team_client.post(url, {"reason": "  "})
        assert "Indiquez le motif de l&#x27;annulation." in refused.content.decode()
        assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
        preview = team_client.post(url, {"reason": "Quorum non atteint"})
        assert f"{len(people)} destinataires" in preview.content.decode()
        assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            response = team_client.post(
                url, {"reason": "Quorum non atteint", "confirm": "1"}, follow=True
            )
        assert messages_of(response) == [
            "Séance annulée. Les personnes convoquées en sont informées."
        ]
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CANCELLED
        assert meeting.cancellation_reason == "Quorum non atteint"
        assert len(mail.outbox) == len(people)
        for message in mail.outbox:
            calendar = ics_of(message)
            event = event_of(calendar)
            assert str(calendar["METHOD"]) == "CANCEL"
            assert str(event["UID"]) == meeting.ics_uid
            assert int(event["SEQUENCE"]) == 1
            assert "Quorum non atteint" in message.body
        body = response.content.decode()
        assert "Annulée" in body
        assert "Motif : Quorum non atteint" in body
        # Once cancelled: no more answers, no more actions.
        assert "Envoyer la convocation" not in body
        assert "Annuler la séance" not in body

    def test_remind_only_those_without_an_answer(
        self, team_client, convoked, django_capture_on_commit_callbacks
    ):
        meeting, (alice, bob) = convoked
        carol = MembershipFactory().user
        with django_capture_on_commit_callbacks(execute=True):
            team_client.post(
                reverse("copil:session_convoke", kwargs={"slug": meeting.slug}), follow=True
            )
        mail.outbox.clear()
        meeting.participations.filter(user=alice).update(
            status=Participation.Status.ATTENDING, answered_at=timezone.now()
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = team_client.post(
                reverse("copil:session_remind", kwargs={"slug": meeting.slug}), follow=True
            )
        assert messages_of(response) == ["Relance envoyée à 2 personnes sans réponse."]
        assert sorted(m.to[0] for m in mail.outbox) == sorted([bob.email, carol.email])
        assert all("pas encore répondu" in m.body for m in mail.outbox)

    def test_answers_table_counts_and_lists(self, team_client, convoked):
        meeting, (alice, bob) = convoked
        carol = UserFactory(organisation=OrganisationFactory(name="CCI Finistère"))
        ParticipationFactory(
            meeting=meeting,
            user=carol,
            status=Participation.Status.REPRESENTED,
            proxy_name="Yann Kerjean",
        )
        meeting.participations.filter(user=alice).update(status=Participation.Status.EXCUSED)
        body = team_client.get(meeting.get_absolute_url()).content.decode()
        counts = body[body.index('id="decompte"') : body.index('id="reponses"')]
        assert "Présent·es : <strong>0</strong>" in counts
        assert "Excusé·es : <strong>1</strong>" in counts
        assert "Représenté·es : <strong>1</strong>" in counts
        assert "Sans réponse : <strong>1</strong>" in counts
        table = body[body.index('id="reponses"') :]
        assert "Yann Kerjean" in table
        assert "CCI Finistère" in table
        assert escape(bob.get_full_name()) in table


# ------------------------------------------------------------------------------ attendance
class TestAttendance:
    @pytest.fixture
    def held(self):
        meeting = MeetingFactory(
            start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
        )
        meeting.convoked_at = meeting.start - timedelta(days=10)
        meeting.save()
        came = ParticipationFactory(
            meeting=meeting, user=MembershipFactory().user, status=Participation.Status.ATTENDING
        )
        absent = ParticipationFactory(meeting=meeting, user=MembershipFactory().user)
        return meeting, came, absent

    def test_record_attendance(self, team_client, held):
        meeting, came, absent = held
        url = reverse("copil:session_attendance", kwargs={"slug": meeting.slug})
        page = team_client.get(url)
        assert page.status_code == 200
        assert page.context["form"].initial["present"] == [came.user_id]
        response = team_client.post(url, {"present": [str(came.user_id)]}, follow=True)
        assert messages_of(response) == ["Présences enregistrées : 1 personne présente."]
        came.refresh_from_db()
        absent.refresh_from_db()
        assert (came.attended, absent.attended) == (True, False)
        assert came.checked_in_at is not None
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.HELD
        assert "Tenue" in response.content.decode()

    def test_someone_not_convoked_cannot_be_marked_present(self, team_client, held):
        meeting, came, _absent = held
        outsider = UserFactory()
        response = team_client.post(
            reverse("copil:session_attendance", kwargs={"slug": meeting.slug}),
            {"present": [str(came.user_id), str(outsider.pk)]},
        )
        assert response.status_code == 200
        assert "pas convoquée à cette séance" in response.content.decode()
        assert Participation.objects.filter(attended__isnull=False).count() == 0

    def test_garbage_is_a_form_error(self, team_client, held):
        meeting, _came, _absent = held
        response = team_client.post(
            reverse("copil:session_attendance", kwargs={"slug": meeting.slug}),
            {"present": ["abc"]},
        )
        assert response.status_code == 200
        assert Participation.objects.filter(attended__isnull=False).count() == 0

    def test_not_before_the_session_starts(self, team_client):
        meeting = MeetingFactory()
        ParticipationFactory(meeting=meeting)
        response = team_client.get(
            reverse("copil:session_attendance", kwargs={"slug": meeting.slug}), follow=True
        )
        assert "pas encore commencé" in messages_of(response)[0]
        assert "Enregistrer les présences" not in response.content.decode()


# ------------------------------------------------------------------------------ requests to attend
class TestRequests:
    @pytest.fixture
    def open_session(self, team_client, django_capture_on_commit_callbacks):
        meeting, _people = convoked_world(members=1, open_to_requests=True)
        with django_capture_on_commit_callbacks(execute=True):
            team_client.post(
                reverse("copil:session_convoke", kwargs={"slug": meeting.slug}), follow=True
            )
        mail.outbox.clear()
        return meeting

    def _ask(self, client, meeting):
        applicant = UserFactory()
        client.force_login(applicant)
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "Demander à assister" in page
        response = client.post(
            reverse("copil:session_request", kwargs={"slug": meeting.slug}), follow=True
        )
        assert "Votre demande est transmise" in messages_of(response)[0]
        assert "Votre demande est en attente" in response.content.decode()
        participation = Participation.objects.get(meeting=meeting, user=applicant)
        assert participation.status == Participation.Status.REQUESTED
        again = client.post(
            reverse("copil:session_request", kwargs={"slug": meeting.slug}), follow=True
        )
        assert "déjà une demande" in messages_of(again)[0]
        return applicant, participation

    def test_request_then_acceptance_sends_the_convocation(
        self, client, project_lead, open_session, django_capture_on_commit_callbacks
    ):
        applicant, participation = self._ask(client, open_session)
        client.force_login(project_lead)
        page = client.get(open_session.get_absolute_url()).content.decode()
        assert "Demandes de participation en attente" in page
        assert escape(applicant.get_full_name()) in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("copil:request_decide", kwargs={"pk": participation.pk}),
                {"decision": "accept"},
                follow=True,
            )
        assert "acceptée : la convocation lui est envoyée" in messages_of(response)[0]
        participation.refresh_from_db()
        assert participation.status == Participation.Status.INVITED
        assert [m.to for m in mail.outbox] == [[applicant.email]]
        calendar = ics_of(mail.outbox[0])
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(event_of(calendar)["UID"]) == open_session.ics_uid
        # A second decision on the same request is refused politely.
        again = client.post(
            reverse("copil:request_decide", kwargs={"pk": participation.pk}),
            {"decision": "refuse"},
            follow=True,
        )
        assert "déjà été traitée" in messages_of(again)[0]

    def test_request_then_refusal(
        self, client, project_lead, open_session, django_capture_on_commit_callbacks
    ):
        applicant, participation = self._ask(client, open_session)
        client.force_login(project_lead)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("copil:request_decide", kwargs={"pk": participation.pk}),
                {"decision": "refuse"},
                follow=True,
            )
        assert "refusée" in messages_of(response)[0]
        participation.refresh_from_db()
        assert participation.status == Participation.Status.REFUSED
        assert [m.to for m in mail.outbox] == [[applicant.email]]
        assert not [a for a in mail.outbox[0].attachments if a[0] == "invitation.ics"]
        client.force_login(applicant)
        body = client.get(open_session.get_absolute_url()).content.decode()
        assert "Votre demande n'a pas pu être acceptée." in body

    def test_a_bad_decision_changes_nothing(self, client, project_lead, open_session):
        _applicant, participation = self._ask(client, open_session)
        client.force_login(project_lead)
        response = client.post(
            reverse("copil:request_decide", kwargs={"pk": participation.pk}),
            {"decision": "peut-être"},
            follow=True,
        )
        assert "Choisissez d'accepter ou de refuser" in messages_of(response)[0]
        participation.refresh_from_db()
        assert participation.status == Participation.Status.REQUESTED

    def test_a_closed_session_accepts_no_request(self, client):
        meeting = MeetingFactory(open_to_requests=False)
        client.force_login(UserFactory())
        assert "Demander à assister" not in client.get(meeting.get_absolute_url()).content.decode()
        response = client.post(
            reverse("copil:session_request", kwargs={"slug": meeting.slug}), follow=True
        )
        assert "n'accepte pas de demande" in messages_of(response)[0]
        assert meeting.participations.count() == 0

    def test_members_do_not_ask(self, client, open_session):
        member = MembershipFactory().user
        client.force_login(member)
        assert (
            "Demander à assister"
            not in client.get(open_session.get_absolute_url()).content.decode()
        )

    def test_anonymous_is_invited_to_sign_in(self, client, open_session):
        client.logout()
        body = client.get(open_session.get_absolute_url()).content.decode()
        assert "connectez-vous</a> pour demander à y assister" in body


# ------------------------------------------------------------------------------ documents
class TestDocuments:
    def url(self, meeting):
        return reverse("copil:document_add", kwargs={"slug": meeting.slug})

    def test_a_real_pdf_is_accepted_and_downloadable(self, team_client):
        meeting = MeetingFactory()
        response = team_client.post(
            self.url(meeting),
            {
                "title": "Diaporama",
                "visibility": "public",
                "file": SimpleUploadedFile("diaporama.pdf", TINY_PDF, "application/pdf"),
            },
            follow=True,
        )
        assert messages_of(response) == ["Document « Diaporama » ajouté."]
        document = MeetingDocument.objects.get()
        assert (document.content_type, document.size) == ("application/pdf", len(TINY_PDF))
        link = reverse("governance:document", kwargs={"pk": document.pk})
        assert link in response.content.decode()
        download = team_client.get(link)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == TINY_PDF

    def test_a_disguised_file_is_refused(self, team_client):
        meeting = MeetingFactory()
        response = team_client.post(
            self.url(meeting),
            {
                "title": "Faux PDF",
                "visibility": "members",
                "file": SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
            },
        )
        assert response.status_code == 200
        assert "Le contenu ne correspond pas à l&#x27;extension « .pdf »" in (
            response.content.decode()
        )
        assert "file" in response.context["form"].errors
        assert MeetingDocument.objects.count() == 0

    def test_a_file_over_10_mb_is_refused(self, team_client):
        meeting = MeetingFactory()
        big = TINY_PDF + b"0" * (MAX_DOCUMENT_SIZE + 1 - len(TINY_PDF))
        response = team_client.post(
            self.url(meeting),
            {
                "title": "Trop gros",
                "visibility": "members",
                "file": SimpleUploadedFile("gros.pdf", big, "application/pdf"),
            },
        )
        assert response.status_code == 200
        assert "la limite est de 10 Mo" in response.content.decode()
        assert MeetingDocument.objects.count() == 0

    def test_no_file_is_a_form_error(self, team_client):
        meeting = MeetingFactory()
        response = team_client.post(self.url(meeting), {"title": "Rien", "visibility": "public"})
        assert response.status_code == 200
        assert "Choisissez un fichier." in response.content.decode()
        assert MeetingDocument.objects.count() == 0


# ------------------------------------------------------------------------------ query counts
INDEX_MAX_QUERIES = 12
SESSION_MAX_QUERIES = 9  # + the members a new convocation would reach (team)


def _populate_copil(size: int, viewer):
    for _ in range(size):
        org = OrganisationFactory()
        MembershipFactory(
            user=UserFactory(organisation=org),
            role=Membership.Role.ELECTED_OFFICIAL,
            title="Conseiller",
        )
    for index in range(size):
        meeting = MeetingFactory(
            status=[Meeting.Status.DRAFT, Meeting.Status.SCHEDULED][index % 2],
            visibility=[Meeting.Visibility.PUBLIC, Meeting.Visibility.MEMBERS][index % 3 == 0],
            start=timezone.now() + timedelta(days=index - size // 2),
        )
        if viewer is not None and index % 4 == 0:
            ParticipationFactory(meeting=meeting, user=viewer)


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("who", ["anonymous", "stakeholder", "member", "team"])
def test_copil_index_query_count_does_not_grow(client, django_assert_max_num_queries, size, who):
    viewer = {
        "anonymous": lambda: None,
        "stakeholder": UserFactory,
        "member": lambda: MembershipFactory().user,
        "team": lambda: UserFactory(role="equipe-projet"),
    }[who]()
    _populate_copil(size, viewer)
    if viewer is not None:
        client.force_login(viewer)
    with django_assert_max_num_queries(INDEX_MAX_QUERIES):
        response = client.get(reverse("copil:index"))
    assert response.status_code == 200


def _populate_session(size: int, convoked):
    meeting = MeetingFactory(open_to_requests=True, online_url="https://visio.example.org/x")
    for index in range(size):
        AgendaItemFactory(meeting=meeting, position=index)
        MeetingDocumentFactory(
            meeting=meeting,
            visibility=["public", "members"][index % 2],
        )
        status = [
            Participation.Status.INVITED,
            Participation.Status.ATTENDING,
            Participation.Status.REPRESENTED,
            Participation.Status.REQUESTED,
        ][index % 4]
        ParticipationFactory(
            meeting=meeting,
            user=UserFactory(organisation=OrganisationFactory()),
            status=status,
            proxy_name="Quelqu'un" if status == Participation.Status.REPRESENTED else "",
        )
    if convoked is not None:
        ParticipationFactory(meeting=meeting, user=convoked)
    return meeting


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("who", ["anonymous", "stakeholder", "convoked", "team"])
def test_session_page_query_count_does_not_grow(client, django_assert_max_num_queries, size, who):
    viewer = {
        "anonymous": lambda: None,
        "stakeholder": UserFactory,
        "convoked": lambda: MembershipFactory().user,
        "team": lambda: None,
    }[who]()
    meeting = _populate_session(size, viewer if who == "convoked" else None)
    if who == "team":
        viewer = UserFactory(role="equipe-projet")
    if viewer is not None:
        client.force_login(viewer)
    with django_assert_max_num_queries(SESSION_MAX_QUERIES):
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    if who == "team":
        assert len(response.context["answers"].participations) >= size // 2
        assert len(response.context["documents"]) == size
