"""Rescheduling asks again, sending shows a preview, confirmations, duplicates, the day's rule,
walk-ins without an account, a past workshop's box (PostgreSQL, through the front door)."""

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.core.models import OutboxMessage
from apps.core.templatetags.typography import french_spacing
from apps.governance import services
from apps.governance.models import Meeting, MeetingSlug, Participation, PastAnswer
from apps.governance.selectors import day_is_open, registration_box
from apps.governance.services.registration import ERASED_GUEST_NAME, guests_erase
from apps.stakeholders.models import ActorCategory, Territory
from apps.strategy.models import Contribution
from apps.workshops.selectors import checkin_counts
from tests.accounts.factories import UserFactory
from tests.governance.factories import ParticipationFactory, day_at_14h
from tests.governance.helpers import add_member, copil, schedule
from tests.strategy.factories import ObjectiveFactory
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db
S = Participation.Status


def text_of(response) -> str:
    return unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def lead():
    return UserFactory(role="equipe-projet")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def call(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return call


def _territory():
    return Territory.objects.first() or Territory.objects.create(name="Quimper Cornouaille")


def _category():
    return ActorCategory.objects.first() or ActorCategory.objects.create(name="Entreprise")


# ---------------------------------------------------------------------------------- reschedule
class TestReschedule:
    def _convoked_session(self, lead, run, people=3):
        members = [add_member(copil()).user for _ in range(people)]
        meeting = schedule(by=lead, days=10)
        run(services.meeting_convoke, meeting=meeting, by=lead)
        return meeting, members

    def test_a_new_date_resets_the_answers_keeps_them_and_asks_again(self, lead, run):
        meeting, members = self._convoked_session(lead, run)
        excused = meeting.participations.get(user=members[0])
        services.participation_answer(
            participation=excused, by=members[0], status=S.EXCUSED, comment="En congés"
        )
        represented = meeting.participations.get(user=members[1])
        services.participation_answer(
            participation=represented, by=members[1], status=S.REPRESENTED, proxy_name="M. Le Gall"
        )
        old_start, old_slug = meeting.start, meeting.slug
        mail.outbox.clear()

        new_start = old_start + timedelta(days=7)
        meeting, rescheduled = run(
            services.meeting_update,
            meeting=meeting,
            by=lead,
            start=new_start,
            end=new_start + timedelta(hours=2),
        )
        assert rescheduled
        # Every answer is « awaiting » again; the old ones are kept with the date they were for.
        assert set(meeting.participations.values_list("status", flat=True)) == {S.INVITED}
        kept = {
            p.participation.user_id: p for p in PastAnswer.objects.select_related("participation")
        }
        assert kept[members[0].pk].status == S.EXCUSED
        assert kept[members[0].pk].comment == "En congés"
        assert kept[members[0].pk].for_start == old_start
        assert kept[members[1].pk].proxy_name == "M. Le Gall"
        assert members[2].pk not in kept  # had not answered: nothing to keep
        # One email per person: old and new date, and the answer link.
        assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)
        body = mail.outbox[0].body
        assert "Ancienne date" in body and "Nouvelle date" in body
        assert timezone.localtime(old_start).strftime("%H:%M") in body
        assert "Répondre à la convocation" in body and "/reunions/reponse/" in body
        assert "Nouvelle date" in mail.outbox[0].subject
        # The address no longer carries the old date; the old one is kept to redirect.
        assert meeting.slug != old_slug
        assert f"{timezone.localtime(new_start):%Y-%m-%d}" in meeting.slug
        assert MeetingSlug.objects.get(slug=old_slug).meeting == meeting

    def test_the_update_email_is_promised_once_per_person_and_reschedule(self, lead, run):
        meeting, members = self._convoked_session(lead, run, people=2)
        new_start = meeting.start + timedelta(days=2)
        run(
            services.meeting_update,
            meeting=meeting,
            by=lead,
            start=new_start,
            end=new_start + timedelta(hours=2),
        )
        updates = OutboxMessage.objects.filter(key__contains=":update:")
        assert updates.count() == 2
        # Promising the same notice again (a retried request) adds nothing.
        meeting.refresh_from_db()
        services.notices.notify(meeting, "update", meeting.participations.all())
        assert updates.count() == 2

    def test_a_new_place_keeps_the_answers(self, lead, run):
        meeting, members = self._convoked_session(lead, run, people=1)
        own = meeting.participations.get()
        services.participation_answer(participation=own, by=members[0], status=S.ATTENDING)
        meeting, rescheduled = run(
            services.meeting_update, meeting=meeting, by=lead, place="Salle B, Quimper"
        )
        assert rescheduled
        own.refresh_from_db()
        assert own.status == S.ATTENDING and not PastAnswer.objects.exists()

    def test_the_old_address_redirects_permanently(self, client, lead, run):
        meeting, members = self._convoked_session(lead, run, people=1)
        old_url = meeting.get_absolute_url()
        new_start = meeting.start + timedelta(days=7)
        meeting, _ = run(
            services.meeting_update,
            meeting=meeting,
            by=lead,
            start=new_start,
            end=new_start + timedelta(hours=2),
        )
        client.force_login(members[0])
        response = client.get(old_url)
        assert response.status_code == 301
        assert response["Location"] == meeting.get_absolute_url()
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "n'avez pas encore répondu" in text_of(page)

    def test_an_old_address_of_a_hidden_session_stays_a_404(self, client, lead):
        meeting = schedule(by=lead, days=10)  # a draft: only the team sees it
        old_url = meeting.get_absolute_url()
        new_start = meeting.start + timedelta(days=3)
        services.meeting_update(
            meeting=meeting, by=lead, start=new_start, end=new_start + timedelta(hours=2)
        )
        client.force_login(UserFactory())
        assert client.get(old_url).status_code == 404
        # The generic addresses (/reunions/<slug>/ and its .ics) too.
        old_slug = MeetingSlug.objects.get(meeting=meeting).slug
        for url in (reverse("governance:meeting", args=[old_slug]),
                    reverse("governance:meeting_ics", args=[old_slug])):  # fmt: skip
            assert client.get(url).status_code == 404

    def test_the_generic_old_addresses_redirect(self, client, lead, run):
        meeting, members = self._convoked_session(lead, run, people=1)
        old_slug = meeting.slug
        new_start = meeting.start + timedelta(days=7)
        meeting, _ = run(
            services.meeting_update,
            meeting=meeting,
            by=lead,
            start=new_start,
            end=new_start + timedelta(hours=2),
        )
        client.force_login(members[0])
        for name in ("governance:meeting", "governance:meeting_ics"):
            response = client.get(reverse(name, args=[old_slug]), {"source": "courriel"})
            assert response.status_code == 301
            assert response["Location"] == (reverse(name, args=[meeting.slug]) + "?source=courriel")
        assert client.get(reverse("governance:meeting_ics", args=[meeting.slug])).status_code == 200


# ------------------------------------------------------------------------------- duplicates
class TestDuplicates:
    def test_a_twin_is_refused_until_confirmed(self, lead):
        schedule(by=lead, title="COPIL de printemps")
        with pytest.raises(ValidationError) as error:
            schedule(by=lead, title="  copil de  PRINTEMPS ")
        assert "confirm_duplicate" in error.value.message_dict
        assert Meeting.objects.count() == 1
        schedule(by=lead, title="COPIL de printemps", confirm_duplicate=True)
        assert Meeting.objects.count() == 2

    def test_another_day_or_a_cancelled_twin_is_no_duplicate(self, lead):
        first = schedule(by=lead)
        schedule(by=lead, days=11)
        services.meeting_cancel(meeting=first, by=lead, reason="Erreur")
        schedule(by=lead)  # same day and title as the cancelled one
        assert Meeting.objects.count() == 3

    def test_the_form_warns_and_proceeds_once_confirmed(self, client, lead):
        from tests.copil.test_views import future_day, session_data

        client.force_login(lead)
        url = reverse("copil:session_create")
        day = future_day()
        assert client.post(url, session_data(day=day)).status_code == 302
        warned = client.post(url, session_data(day=day))
        assert warned.status_code == 200
        assert "déjà prévue ce jour-là" in text_of(warned)
        assert 'name="confirm_duplicate"' in text_of(warned)
        assert Meeting.objects.count() == 1
        confirmed = client.post(url, {**session_data(day=day), "confirm_duplicate": "on"})
        assert confirmed.status_code == 302
        assert Meeting.objects.count() == 2


# --------------------------------------------------------------------- sending with a preview
class TestSendingPreview:
    def test_the_convocation_is_previewed_then_sent_then_the_reminder_comes_first(
        self, client, lead, django_capture_on_commit_callbacks
    ):
        members = [add_member(copil()).user for _ in range(14)]
        meeting = schedule(by=lead)
        client.force_login(lead)
        url = reverse("copil:session_convoke", kwargs={"slug": meeting.slug})
        page = client.get(url)
        body = text_of(page)
        assert "14 destinataires" in body
        assert members[0].get_full_name() in body
        assert "Vous êtes convoqué·e" in body and french_spacing("Objet :") in body
        assert "Envoyer à 14 personnes" in body
        assert mail.outbox == [] and not meeting.participations.exists()

        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
        assert len(mail.outbox) == 14
        detail = text_of(client.get(meeting.get_absolute_url()))
        assert "Convoquer les nouveaux membres" not in detail
        assert "Relancer les 14 personnes sans réponse" in detail
        remind = text_of(client.get(reverse("copil:session_remind", kwargs={"slug": meeting.slug})))
        assert "Relancer 14 personnes" in remind and "pas encore répondu" in remind

    def test_a_new_member_after_the_convocation_is_offered(self, client, lead, run):
        add_member(copil())
        meeting = schedule(by=lead)
        run(services.meeting_convoke, meeting=meeting, by=lead)
        add_member(copil())
        client.force_login(lead)
        detail = text_of(client.get(meeting.get_absolute_url()))
        assert "Convoquer 1 nouveau membre" in detail


# ------------------------------------------------------------------ leaving, with confirmation
class TestUnregisterConfirmation:
    def test_leaving_the_waiting_list_asks_then_says_what_happened(
        self, client, django_capture_on_commit_callbacks
    ):
        meeting = WorkshopFactory(meeting__capacity=1).meeting
        ParticipationFactory(meeting=meeting, status=S.REGISTERED)
        person = UserFactory()
        waiting = ParticipationFactory(
            meeting=meeting, user=person, status=S.WAITLISTED, queued_at=timezone.now()
        )
        client.force_login(person)
        url = reverse("governance:unregister", args=[meeting.slug])
        detail = text_of(client.get(meeting.get_absolute_url()))
        assert f'href="{url}"' in detail  # a link to the confirmation, not an immediate post
        page = client.get(url)
        assert page.status_code == 200
        assert "Oui, quitter la liste d'attente" in text_of(page)
        waiting.refresh_from_db()
        assert waiting.status == S.WAITLISTED
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, follow=True)
        assert "Vous avez quitté la liste d'attente." in messages_of(response)
        waiting.refresh_from_db()
        assert waiting.status == S.CANCELLED
        (message,) = mail.outbox
        assert "Vous avez quitté la liste d'attente" in message.subject
        assert "Inscription annulée" not in message.subject


# --------------------------------------------------------------------------- the day's rule
class TestTheDay:
    def test_check_in_and_contributions_open_on_the_day(self, client, lead):
        facilitator = UserFactory()
        workshop = WorkshopFactory(
            meeting__opened_early_at=None,
            meeting__start=day_at_14h(30),
            meeting__end=day_at_14h(30) + timedelta(hours=2),
            facilitators=[facilitator],
        )
        meeting = workshop.meeting
        row = ParticipationFactory(meeting=meeting, status=S.REGISTERED)
        assert not day_is_open(meeting)
        assert day_is_open(meeting, now=meeting.start - timedelta(hours=1))
        with pytest.raises(ValidationError):
            services.checkin_set(participation=row, attended=True, by=facilitator)
        client.force_login(facilitator)
        response = client.get(reverse("workshops:checkin", args=[meeting.slug]), follow=True)
        assert any("ouvrent le jour de l'atelier" in m for m in messages_of(response))
        detail = text_of(client.get(meeting.get_absolute_url()))
        assert reverse("workshops:checkin", args=[meeting.slug]) not in detail
        with pytest.raises(ValidationError):
            from apps.strategy.services import contribution_create

            contribution_create(
                meeting=meeting,
                author=row.user,
                captured_by=row.user,
                type=Contribution.Type.ACTION_IDEA,
                text="Une idée",
                objectives=[ObjectiveFactory()],
            )

        # The project team opens them early: one rule, every page follows.
        client.force_login(lead)
        client.post(reverse("workshops:open_early", args=[meeting.slug]))
        meeting.refresh_from_db()
        assert meeting.opened_early_at is not None and day_is_open(meeting)
        client.force_login(facilitator)
        assert client.get(reverse("workshops:checkin", args=[meeting.slug])).status_code == 200

    def test_only_the_team_opens_early(self, client):
        meeting = WorkshopFactory(meeting__opened_early_at=None).meeting
        client.force_login(UserFactory())
        client.post(reverse("workshops:open_early", args=[meeting.slug]))
        meeting.refresh_from_db()
        assert meeting.opened_early_at is None


# ---------------------------------------------------------------------- walk-ins without account
class TestGuests:
    def test_a_guest_is_one_person_present_everywhere(self, lead):
        meeting = WorkshopFactory().meeting
        ParticipationFactory(meeting=meeting, status=S.REGISTERED, attended=True)
        guest = services.checkin_guest(
            meeting=meeting,
            by=lead,
            name="  Anne   Kervella ",
            organisation="Crêperie du port",
            territory=_territory(),
            category=_category(),
            may_contact=True,
        )
        assert guest.user_id is None and guest.guest_name == "Anne Kervella"
        assert guest.attended and guest.status == S.ATTENDING and guest.walk_in
        assert checkin_counts(meeting=meeting)["present"] == 2
        assert registration_box(meeting=meeting, user=lead).attended == 2
        # No email to someone without an address.
        assert services.notices.notify(meeting, "cancellation", [guest]) == 0

    def test_bad_guest_input_is_refused_and_nothing_saved(self, lead):
        meeting = WorkshopFactory().meeting
        with pytest.raises(ValidationError) as error:
            services.checkin_guest(meeting=meeting, by=lead, name="   ")
        assert "name" in error.value.message_dict
        services.checkin_guest(meeting=meeting, by=lead, name="Anne Kervella")
        with pytest.raises(ValidationError):
            services.checkin_guest(meeting=meeting, by=lead, name="anne kervella")
        assert meeting.participations.count() == 1

    def test_erasure_keeps_the_count_not_the_person(self, lead):
        meeting = WorkshopFactory().meeting
        services.checkin_guest(
            meeting=meeting, by=lead, name="Anne Kervella", organisation="Crêperie du port"
        )
        assert guests_erase(participations=Participation.objects.all()) == 1
        row = meeting.participations.get()
        assert row.guest_name == ERASED_GUEST_NAME and row.guest_organisation == ""
        assert row.attended

    def test_the_checkin_page_adds_a_guest_and_filters(self, client):
        facilitator = UserFactory()
        meeting = WorkshopFactory(facilitators=[facilitator]).meeting
        present = ParticipationFactory(meeting=meeting, status=S.REGISTERED, attended=True)
        other = ParticipationFactory(meeting=meeting, status=S.REGISTERED)
        client.force_login(facilitator)
        url = reverse("workshops:checkin", args=[meeting.slug])
        response = client.post(
            reverse("workshops:checkin_guest", args=[meeting.slug]),
            {
                "name": "Yann Le Bihan",
                "organisation": "Comité des fêtes",
                "territory": _territory().pk,
                "category": _category().pk,
                "may_contact": "on",
            },
            follow=True,
        )
        assert "Yann Le Bihan est enregistré·e comme présent·e." in messages_of(response)
        guest = meeting.participations.get(user=None)
        assert guest.guest_may_contact and guest.guest_territory_id
        assert response.context["sheet"].present_count == 2
        # Empty name: the page again with a French error, nothing saved.
        refused = client.post(reverse("workshops:checkin_guest", args=[meeting.slug]), {})
        assert refused.status_code == 400
        assert "Indiquez le nom de la personne." in text_of(refused)
        assert meeting.participations.count() == 3
        # ?q= filters the list without JavaScript; present people are not offered as walk-ins.
        page = client.get(url, {"q": other.user.last_name})
        assert [p.pk for p in page.context["sheet"].registered] == [other.pk]
        search = client.get(url, {"q": present.user.last_name})
        assert present.user not in (search.context["candidates"] or [])

    def test_the_minutes_list_a_guest(self, lead):
        from apps.minutes.services import _snapshot
        from tests.minutes.factories import minutes_in

        start = timezone.now() - timedelta(days=2)
        meeting = WorkshopFactory(
            meeting__start=start, meeting__end=start + timedelta(hours=2)
        ).meeting
        services.checkin_guest(meeting=meeting, by=lead, name="Anne Kervella", organisation="Port")
        minutes = minutes_in("draft", by=lead, meeting=meeting)
        present = _snapshot(minutes)["present"]
        assert {"name": "Anne Kervella", "organisation": "Port", "user_id": None} in present


def test_checkin_page_query_count_is_constant(client, django_assert_max_num_queries, lead):
    """Many registered people and guests: the same number of queries as a handful."""

    def page_queries(size):
        facilitator = UserFactory()
        meeting = WorkshopFactory(facilitators=[facilitator]).meeting
        for _ in range(size):
            ParticipationFactory(meeting=meeting, status=S.REGISTERED, attended=True)
            services.checkin_guest(meeting=meeting, by=lead, name=f"Invité {_} {size}")
        client.force_login(facilitator)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("workshops:checkin", args=[meeting.slug]), {"q": ""})
        assert response.status_code == 200
        assert len(response.context["sheet"].registered) == 2 * size
        return len(queries)

    small, large = page_queries(2), page_queries(60)
    assert large == small
    assert large <= 14


# ---------------------------------------------------------------------------- a past workshop
def test_a_past_workshop_says_it_took_place(client, lead):
    start = timezone.now() - timedelta(days=3)
    meeting = WorkshopFactory(
        meeting__capacity=20, meeting__start=start, meeting__end=start + timedelta(hours=2)
    ).meeting
    for _ in range(3):
        ParticipationFactory(meeting=meeting, status=S.REGISTERED, attended=True)
    ParticipationFactory(meeting=meeting, status=S.REGISTERED, attended=False)
    body = text_of(client.get(meeting.get_absolute_url()))
    assert "La réunion a eu lieu" in body
    assert "3 personnes présentes." in body
    assert "places restantes" not in body and "Je m'inscris" not in body


# ---------------------------------------------------------------------------- link labels
def test_links_are_labelled_by_what_they_are(lead, run):
    add_member(copil())
    meeting = schedule(by=lead)
    run(services.meeting_convoke, meeting=meeting, by=lead)
    body = mail.outbox[0].body
    assert "La réunion en ligne" not in body
    assert "Page de la réunion sur la plateforme" in body
