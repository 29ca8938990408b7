"""Calendars: the HTML calendar, the public, per-body and personal iCalendar feeds, the token."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from apps.accounts.models import User
from apps.core.templatetags.typography import french_spacing
from apps.governance.models import AgendaItem, Body, Meeting, Membership, Participation
from apps.governance.selectors import meetings_visible_to
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
Status = Participation.Status


# ------------------------------------------------------------------------------ factories
class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = Body.Kind.WORKING_GROUP
    name = factory.Sequence(lambda n: f"Groupe de travail {n}")
    slug = factory.Sequence(lambda n: f"groupe-{n}")
    year = 2026


def _next_month_at(day: int, hour: int) -> datetime:
    """A time next month (Paris), so the month view of `?mois=` is predictable."""
    first = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    return datetime(first.year, first.month, day, hour, 0, tzinfo=PARIS)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Atelier numéro {n}")
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    start = factory.LazyFunction(lambda: _next_month_at(10, 14))
    end = factory.LazyAttribute(lambda meeting: meeting.start + timedelta(hours=2))
    place = "Pôle Max Jacob, Quimper"
    status = Meeting.Status.SCHEDULED
    visibility = Meeting.Visibility.PUBLIC


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    user = factory.SubFactory(UserFactory)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    status = Status.REGISTERED


# ------------------------------------------------------------------------------ helpers
def month_param(moment: datetime) -> str:
    return f"{timezone.localtime(moment, PARIS):%Y-%m}"


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('inline; filename="')
    assert response["Content-Disposition"].endswith('.ics"')
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def world(db):
    """One body, its member, a convoked guest, and one meeting of each visibility/status."""
    body = BodyFactory(name="Groupe Mer et littoral", slug="mer-et-littoral")
    other_body = BodyFactory(name="Groupe Tourisme", slug="tourisme")
    member = MembershipFactory(body=body).user
    guest = UserFactory()
    meetings = {
        "public": MeetingFactory(title="Atelier ouvert sardine", body=body),
        "cancelled": MeetingFactory(
            title="Plénière reportée",
            kind=Meeting.Kind.PLENARY,
            status=Meeting.Status.CANCELLED,
            start=_next_month_at(12, 18),
        ),
        "draft": MeetingFactory(
            title="Atelier en préparation", status=Meeting.Status.DRAFT, body=body
        ),
        "members": MeetingFactory(
            title="Atelier interne criée",
            visibility=Meeting.Visibility.MEMBERS,
            body=body,
            start=_next_month_at(15, 9),
        ),
        "other_members": MeetingFactory(
            title="Atelier interne tourisme",
            visibility=Meeting.Visibility.MEMBERS,
            body=other_body,
            start=_next_month_at(16, 9),
        ),
        "other_public": MeetingFactory(
            title="Atelier ouvert randonnée", body=other_body, start=_next_month_at(17, 9)
        ),
    }
    ParticipationFactory(meeting=meetings["other_members"], user=guest, status=Status.INVITED)
    return {
        "body": body,
        "other_body": other_body,
        "member": member,
        "guest": guest,
        "meetings": meetings,
    }


PUBLIC_TITLES = {"Atelier ouvert sardine", "Plénière reportée", "Atelier ouvert randonnée"}
HIDDEN_TITLES = {"Atelier en préparation", "Atelier interne criée", "Atelier interne tourisme"}


# ------------------------------------------------------------------------------ the selector
class TestVisibility:
    """The queryset and the object-level rule must agree, role by role."""

    def test_selector_matches_the_rule_for_every_role(self, world, project_lead, stakeholder):
        m = world["meetings"]
        requester = UserFactory()
        ParticipationFactory(meeting=m["members"], user=requester, status=Status.REQUESTED)
        past_member = UserFactory()
        Membership.objects.create(
            body=world["body"],
            user=past_member,
            since=timezone.localdate() - timedelta(days=400),
            until=timezone.localdate() - timedelta(days=30),
        )
        roles = {
            "anonymous": AnonymousUser(),
            "stakeholder": stakeholder,
            "member": world["member"],
            "guest": world["guest"],
            "requester": requester,
            "past member": past_member,
            "project team": project_lead,
        }
        expected_titles = {
            "anonymous": PUBLIC_TITLES,
            "stakeholder": PUBLIC_TITLES,
            "member": PUBLIC_TITLES | {"Atelier interne criée"},
            "guest": PUBLIC_TITLES | {"Atelier interne tourisme"},
            "requester": PUBLIC_TITLES,
            "past member": PUBLIC_TITLES,
            "project team": PUBLIC_TITLES | HIDDEN_TITLES,
        }
        for role, user in roles.items():
            reader = User.objects.get(pk=user.pk) if user.is_authenticated else user
            by_rule = {
                meeting.title
                for meeting in Meeting.objects.all()
                if reader.has_perm("governance.view_meeting", meeting)
            }
            by_selector = set(meetings_visible_to(user=user).values_list("title", flat=True))
            assert by_selector == by_rule == expected_titles[role], role


# ------------------------------------------------------------------------------ public feed
class TestPublicFeed:
    url = reverse("calendars:public_feed")

    def test_is_at_the_stable_address(self):
        assert self.url == "/calendrier.ics"

    def test_public_meetings_with_stable_uid_sequence_timezone_and_url(self, client, world):
        public = world["meetings"]["public"]
        Meeting.objects.filter(pk=public.pk).update(ics_sequence=3)
        AgendaItem.objects.create(meeting=public, position=1, title="Tour de table")
        calendar = parse(client.get(self.url))

        assert str(calendar["METHOD"]) == "PUBLISH"
        assert str(calendar["VERSION"]) == "2.0"
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
        found = events(calendar)
        assert {str(event["SUMMARY"]) for event in found.values()} == PUBLIC_TITLES
        event = found[public.ics_uid]
        assert event["SEQUENCE"] == 3
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert event["DTSTART"].dt == public.start.astimezone(PARIS)
        assert event["DTSTART"].dt.hour == 14
        assert event["DTEND"].params["TZID"] == "Europe/Paris"
        assert str(event["URL"]) == settings.SITE_URL + public.get_absolute_url()
        assert "Tour de table" in str(event["DESCRIPTION"])
        assert str(event["STATUS"]) == "CONFIRMED"
        # Raw text: the property is written with its zone, as calendar applications expect.
        assert re.search(rb"DTSTART;TZID=Europe/Paris:\d{8}T140000", response_bytes(client))

    def test_a_copil_session_links_to_its_copil_page(self, client, world):
        session = MeetingFactory(
            kind=Meeting.Kind.COPIL,
            title="Séance plénière du COPIL",
            slug="copil-seance-1",
            body=Body.objects.get(slug="copil"),
        )
        event = events(parse(client.get(self.url)))[session.ics_uid]
        assert str(event["URL"]) == settings.SITE_URL + "/copil/seances/copil-seance-1/"
        body = client.get(reverse("calendars:calendar"), {"vue": "liste"}).content.decode()
        assert 'href="/copil/seances/copil-seance-1/"' in body

    def test_uid_is_the_same_on_every_fetch(self, client, world):
        first = set(events(parse(client.get(self.url))))
        second = set(events(parse(client.get(self.url))))
        assert first == second
        assert world["meetings"]["public"].ics_uid in first

    def test_cancelled_meetings_stay_with_status_cancelled(self, client, world):
        cancelled = world["meetings"]["cancelled"]
        event = events(parse(client.get(self.url)))[cancelled.ics_uid]
        assert str(event["STATUS"]) == "CANCELLED"

    def test_never_drafts_nor_members_only_meetings(self, client, world, project_lead):
        client.force_login(project_lead)  # even the project team's own request
        found = events(parse(client.get(self.url)))
        for key in ("draft", "members", "other_members"):
            assert world["meetings"][key].ics_uid not in found
        assert b"Atelier en pr" not in client.get(self.url).content

    def test_the_window_is_bounded(self, client, world):
        now = timezone.now()
        too_old = MeetingFactory(start=now - timedelta(days=800))
        too_far = MeetingFactory(start=now + timedelta(days=3 * 365))
        last_month = MeetingFactory(start=now - timedelta(days=30))
        found = events(parse(client.get(self.url)))
        assert last_month.ics_uid in found
        assert too_old.ics_uid not in found
        assert too_far.ics_uid not in found

    def test_empty_feed_is_still_a_valid_calendar(self, client):
        calendar = parse(client.get(self.url))
        assert calendar.walk("VEVENT") == []
        assert str(calendar["METHOD"]) == "PUBLISH"

    def test_query_count_does_not_grow_with_meetings(self, client, django_assert_max_num_queries):
        def add(count):
            for meeting in MeetingFactory.create_batch(count):
                AgendaItem.objects.create(meeting=meeting, title="Accueil")

        add(3)
        with django_assert_max_num_queries(3):
            assert len(parse(client.get(self.url)).walk("VEVENT")) == 3
        add(37)
        with django_assert_max_num_queries(3):
            assert len(parse(client.get(self.url)).walk("VEVENT")) == 40


def response_bytes(client) -> bytes:
    return client.get(reverse("calendars:public_feed")).content


# ------------------------------------------------------------------------------ body feed
class TestBodyFeed:
    def url(self, body):
        return reverse("calendars:body_feed", kwargs={"slug": body.slug})

    def test_address(self, world):
        assert self.url(world["body"]) == "/calendrier/instances/mer-et-littoral.ics"

    def test_anonymous_gets_the_public_meetings_of_that_body_only(self, client, world):
        m = world["meetings"]
        calendar = parse(client.get(self.url(world["body"])))
        assert set(events(calendar)) == {m["public"].ics_uid}
        assert "Groupe Mer et littoral" in str(calendar["X-WR-CALNAME"])

    def test_a_member_also_gets_the_members_only_meetings(self, client, world):
        m = world["meetings"]
        client.force_login(world["member"])
        response = client.get(self.url(world["body"]))
        assert set(events(parse(response))) == {m["public"].ics_uid, m["members"].ics_uid}
        assert "no-store" in response["Cache-Control"]

    def test_a_convoked_guest_gets_the_meeting_convoked_to(self, client, world):
        m = world["meetings"]
        client.force_login(world["guest"])
        found = events(parse(client.get(self.url(world["other_body"]))))
        assert set(found) == {m["other_public"].ics_uid, m["other_members"].ics_uid}

    def test_the_project_team_gets_everything_of_the_body(self, client, world, project_lead):
        m = world["meetings"]
        client.force_login(project_lead)
        found = events(parse(client.get(self.url(world["body"]))))
        assert set(found) == {m["public"].ics_uid, m["members"].ics_uid, m["draft"].ics_uid}

    def test_unknown_body_is_a_404(self, client, world):
        assert client.get("/calendrier/instances/inconnue.ics").status_code == 404


# ------------------------------------------------------------------------------ personal feed
class TestPersonalFeed:
    def url(self, token):
        return reverse("calendars:personal_feed", kwargs={"token": token})

    @pytest.fixture
    def person(self, world):
        """Participations of every status, on separate meetings, plus someone else's."""
        person = UserFactory()
        meetings = {}
        for index, status in enumerate(Status.values):
            meeting = MeetingFactory(
                title=f"Réunion {status}",
                visibility=Meeting.Visibility.MEMBERS,
                start=_next_month_at(1 + index, 10),
            )
            ParticipationFactory(meeting=meeting, user=person, status=status)
            meetings[status] = meeting
        draft = MeetingFactory(title="Réunion brouillon", status=Meeting.Status.DRAFT)
        ParticipationFactory(meeting=draft, user=person, status=Status.INVITED)
        someone_elses = MeetingFactory(title="Réunion de quelqu'un d'autre")
        ParticipationFactory(meeting=someone_elses, status=Status.REGISTERED)
        cancelled = MeetingFactory(title="Réunion annulée", status=Meeting.Status.CANCELLED)
        ParticipationFactory(meeting=cancelled, user=person, status=Status.ATTENDING)
        person.meetings = meetings
        person.cancelled_meeting = cancelled
        return person

    def test_the_online_link_only_for_meetings_the_person_holds_a_seat_at(self, client, person):
        for meeting in Meeting.objects.all():
            meeting.online_url = f"https://visio.example.org/{meeting.pk}"
            meeting.save(update_fields=["online_url"])
        calendar = parse(client.get(self.url(person.calendar_token)))
        links = {
            str(event["SUMMARY"]): "visio.example.org"
            in str(event.get("DESCRIPTION", "")) + str(event.get("LOCATION", ""))
            for event in calendar.walk("VEVENT")
        }
        assert links["Réunion registered"] and links["Réunion invited"]
        assert not links["Réunion waitlisted"]
        # The public feed, read by anyone, never carries it.
        public = client.get(reverse("calendars:public_feed")).content.decode()
        assert "visio.example.org" not in public

    def test_address_holds_the_token(self, person):
        assert self.url(person.calendar_token) == (
            f"/calendrier/personnel/{person.calendar_token}.ics"
        )

    def test_own_convocations_and_registrations_only(self, client, person):
        response = client.get(self.url(person.calendar_token))
        calendar = parse(response)
        titles = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
        expected = {
            f"Réunion {status}"
            for status in (
                "invited",
                "attending",
                "excused",
                "represented",
                "registered",
                "waitlisted",
            )
        }
        assert titles == expected | {"Réunion annulée"}
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert "no-store" in response["Cache-Control"]
        found = events(calendar)
        assert str(found[person.cancelled_meeting.ics_uid]["STATUS"]) == "CANCELLED"
        event = found[person.meetings["invited"].ics_uid]
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert (
            str(event["URL"]) == settings.SITE_URL + person.meetings["invited"].get_absolute_url()
        )

    def test_needs_no_sign_in_and_ignores_who_is_signed_in(self, client, person, project_lead):
        client.force_login(project_lead)
        titles = {
            str(event["SUMMARY"])
            for event in parse(client.get(self.url(person.calendar_token))).walk("VEVENT")
        }
        assert "Réunion de quelqu'un d'autre" not in titles
        assert "Réunion brouillon" not in titles
        assert "Réunion invited" in titles

    @pytest.mark.parametrize(
        "token", ["x" * 40, "nimportequoi", "a" * 200, "%00", "abc%00def", "a-b_c", "%C3%A9t%C3%A9"]
    )
    def test_wrong_token_is_a_404(self, client, person, token):
        assert client.get(self.url(person.calendar_token)).status_code == 200
        assert client.get(f"/calendrier/personnel/{token}.ics").status_code == 404

    def test_inactive_account_is_a_404(self, client, person):
        User.objects.filter(pk=person.pk).update(is_active=False)
        assert client.get(self.url(person.calendar_token)).status_code == 404

    def test_regeneration_makes_the_old_address_404(self, client, person):
        old_token = person.calendar_token
        assert client.get(self.url(old_token)).status_code == 200
        client.force_login(person)
        response = client.post(reverse("accounts:regenerate_calendar_token"), follow=True)
        message = french_spacing(
            escape("Un nouveau lien a été créé ; l'ancien ne fonctionne plus.")
        )
        assert message in response.content.decode()
        person.refresh_from_db()
        assert person.calendar_token != old_token
        client.logout()
        assert client.get(self.url(old_token)).status_code == 404
        assert len(parse(client.get(self.url(person.calendar_token))).walk("VEVENT")) == 7

    def test_query_count_does_not_grow_with_meetings(self, client, django_assert_max_num_queries):
        person = UserFactory()
        ParticipationFactory.create_batch(3, user=person, status=Status.INVITED)
        with django_assert_max_num_queries(4):
            assert len(parse(client.get(self.url(person.calendar_token))).walk("VEVENT")) == 3
        ParticipationFactory.create_batch(37, user=person, status=Status.REGISTERED)
        with django_assert_max_num_queries(4):
            assert len(parse(client.get(self.url(person.calendar_token))).walk("VEVENT")) == 40


# ------------------------------------------------------------------------------ profile
class TestProfileSection:
    url = reverse("accounts:profile")
    regenerate_url = reverse("accounts:regenerate_calendar_token")

    def test_shows_the_full_personal_address_and_the_regenerate_button(self, client, stakeholder):
        client.force_login(stakeholder)
        body = client.get(self.url).content.decode()
        feed_url = settings.SITE_URL + f"/calendrier/personnel/{stakeholder.calendar_token}.ics"
        assert "Mon calendrier personnel" in body
        assert re.search(r'<label for="adresse-calendrier"[^>]*>.+</label>', body), (
            "the address field has a label"
        )
        assert re.search(
            rf'<input id="adresse-calendrier"[^>]*readonly value="{re.escape(feed_url)}"', body
        )
        assert f'action="{self.regenerate_url}"' in body
        assert "Générer un nouveau lien" in body
        assert "Copier le lien" in body

    def test_regeneration_is_a_post_by_the_signed_in_person(self, client, stakeholder):
        token = stakeholder.calendar_token
        response = client.post(self.regenerate_url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        client.force_login(stakeholder)
        assert client.get(self.regenerate_url).status_code == 405
        stakeholder.refresh_from_db()
        assert stakeholder.calendar_token == token
        response = client.post(self.regenerate_url)
        assert response.status_code == 302
        assert response["Location"] == self.url + "#mon-calendrier"
        stakeholder.refresh_from_db()
        assert stakeholder.calendar_token != token
        assert len(stakeholder.calendar_token) == 40


# ------------------------------------------------------------------------------ HTML calendar
class TestCalendarPage:
    url = reverse("calendars:calendar")

    def get(self, client, **params):
        response = client.get(self.url, params)
        assert response.status_code == 200
        return response.content.decode()

    def month(self, client, **params):
        month = month_param(_next_month_at(1, 12))
        return self.get(client, vue="mois", mois=month, **params)

    def test_address(self):
        assert self.url == "/calendrier/"

    @pytest.mark.parametrize("view", ["mois", "liste"])
    @pytest.mark.parametrize(
        "role, extra_visible",
        [
            ("anonymous", set()),
            ("stakeholder", set()),
            ("member", {"Atelier interne criée"}),
            ("guest", {"Atelier interne tourisme"}),
            ("project team", HIDDEN_TITLES),
        ],
    )
    def test_shows_the_right_meetings_per_role(
        self, client, world, stakeholder, project_lead, role, extra_visible, view
    ):
        users = {
            "stakeholder": stakeholder,
            "member": world["member"],
            "guest": world["guest"],
            "project team": project_lead,
        }
        if role in users:
            client.force_login(users[role])
        body = self.month(client) if view == "mois" else self.get(client, vue="liste")
        for title in PUBLIC_TITLES | extra_visible:
            assert escape(title) in body, (role, title)
        for title in HIDDEN_TITLES - extra_visible:
            assert escape(title) not in body, (role, title)

    def test_month_grid_is_an_accessible_table(self, client, world):
        body = self.month(client)
        public = world["meetings"]["public"]
        assert "<table" in body
        assert re.search(r"<caption[^>]*>\s*Réunions de \w+ \d{4}", body)
        # Abbreviated headers (RGAA 10.4: no overlap at 200 % text), the full name in the title.
        headers = re.findall(r'<th scope="col"><abbr title="([^"]+)">([^<]+)</abbr></th>', body)
        assert [full for full, _ in headers] == [
            "lundi",
            "mardi",
            "mercredi",
            "jeudi",
            "vendredi",
            "samedi",
            "dimanche",
        ]
        assert all(len(short) <= 4 for _, short in headers)
        assert f'href="{public.get_absolute_url()}"' in body
        assert '<time datetime="' in body
        assert "14:00" in body
        # The list of days is there too (shown below 60em, i.e. on phones and at 200 % text).
        assert 'class="list-unstyled calendrier-jours"' in body
        assert 'class="calendrier-grille"' in body

    def test_default_is_the_current_month_with_today_marked(self, client):
        today = timezone.localdate()
        body = self.get(client)
        assert body.count('aria-current="date"') == 1
        assert f"?vue=mois&amp;mois={today:%Y-%m}" not in body  # no "current month" link
        previous = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        following = (today.replace(day=28) + timedelta(days=7)).strftime("%Y-%m")
        assert f"?vue=mois&amp;mois={previous}" in body
        assert f"?vue=mois&amp;mois={following}" in body

    def test_another_month_has_no_today_and_a_link_back(self, client, world):
        body = self.month(client)
        assert 'aria-current="date"' not in body
        assert "Mois en cours" in body

    def test_month_links_cross_the_year(self, client):
        body = self.get(client, mois="2026-12")
        assert "?vue=mois&amp;mois=2027-01" in body
        assert "?vue=mois&amp;mois=2026-11" in body
        body = self.get(client, mois="2027-01")
        assert "?vue=mois&amp;mois=2026-12" in body

    def test_cancelled_meetings_are_struck_through(self, client, world):
        body = self.month(client)
        assert re.search(r"<s>Annulée</s>", body)
        assert re.search(r"<s>\s*<a [^>]*>.*Plénière reportée</a>\s*</s>", body, re.S)

    def test_a_meeting_over_several_days_appears_on_each(self, client):
        MeetingFactory(
            title="Séminaire de deux jours",
            start=_next_month_at(20, 9),
            end=_next_month_at(21, 17),
        )
        body = self.month(client)
        # Twice in the grid, twice in the small-screen list.
        assert body.count("Séminaire de deux jours") == 4

    def test_filters_by_kind_and_body(self, client, world):
        body = self.month(client, type="plenary")
        assert "Plénière reportée" in body
        assert "Atelier ouvert sardine" not in body
        assert '<option value="plenary" selected>' in body
        body = self.month(client, instance="tourisme")
        assert "Atelier ouvert randonnée" in body
        assert "Atelier ouvert sardine" not in body
        assert '<option value="tourisme" selected>' in body
        assert "/calendrier/instances/tourisme.ics" in body  # the body's own feed
        body = self.get(client, vue="liste", type="workshop", instance="mer-et-littoral")
        assert "Atelier ouvert sardine" in body
        assert "Atelier ouvert randonnée" not in body
        assert "Plénière reportée" not in body

    def test_filter_form_is_labelled(self, client, world):
        body = self.get(client)
        assert '<label for="filtre-type"' in body
        assert '<select id="filtre-type" name="type"' in body
        assert '<label for="filtre-instance"' in body
        for label in ("Séance du COPIL", "Comité technique", "Atelier", "Plénière"):
            assert f">{label}</option>" in body

    @pytest.mark.parametrize(
        "params",
        [
            {"mois": "2026-13"},
            {"mois": "2026-00"},
            {"mois": "abc"},
            {"mois": "0001-01"},
            {"mois": "9999-12"},
            {"vue": "xyz"},
            {"vue": "liste", "page": "abc"},
            {"vue": "liste", "page": "9999"},
            {"vue": "liste", "page": "-1"},
            {"vue": "liste", "passees": "oui"},
            {"type": "inconnu"},
            {"instance": "inconnue"},
            {"instance": "<script>"},
        ],
    )
    def test_bad_parameters_fall_back_gracefully(self, client, world, params):
        body = self.get(client, **params)
        assert "Calendrier" in body
        if params.get("vue") != "liste":
            assert "<table" in body  # the month view, of the current month
            assert body.count('aria-current="date"') == 1
        assert "<script>" not in body.split("<main", 1)[1].split("<footer", 1)[0]

    def test_list_view_groups_upcoming_by_month_then_links_to_past(self, client, world):
        past = MeetingFactory(
            title="Atelier de lancement", start=timezone.now() - timedelta(days=60)
        )
        body = self.get(client, vue="liste")
        assert "Prochaines réunions" in body
        month_label = f"{_next_month_at(1, 12):%Y}"
        assert re.search(rf'<h3 class="h5 mt-4 premiere-majuscule">\w+ {month_label}</h3>', body)
        assert "Atelier ouvert sardine" in body
        assert past.title not in body
        assert "?vue=liste&amp;passees=1" in body
        body = self.get(client, vue="liste", passees="1")
        assert "Réunions passées" in body
        assert past.title in body
        assert "Atelier ouvert sardine" not in body

    def test_list_view_is_paginated(self, client):
        for day in range(1, 26):
            MeetingFactory(title=f"Atelier du {day:02d}", start=_next_month_at(day, 10))
        body = self.get(client, vue="liste")
        assert "Atelier du 20" in body
        assert "Atelier du 21" not in body
        assert "Page 1 sur 2" in body
        assert "?vue=liste&amp;page=2" in body
        body = self.get(client, vue="liste", page="2")
        assert "Atelier du 21" in body
        assert "Atelier du 01" not in body
        assert "?vue=liste&amp;page=1" in body

    def test_links_to_the_feeds_with_an_explanation(self, client, stakeholder):
        body = self.get(client)
        assert "S'abonner dans votre agenda" in body
        assert f'value="{settings.SITE_URL}/calendrier.ics"' in body
        assert 'href="/calendrier.ics"' in body
        assert "webcal://" in body
        client.force_login(stakeholder)
        body = self.get(client)
        assert reverse("accounts:profile") + "#mon-calendrier" in body

    @pytest.mark.parametrize("view", ["mois", "liste"])
    @pytest.mark.parametrize("role", ["anonymous", "member", "project team"])
    def test_query_count_does_not_grow_with_meetings(
        self, client, world, project_lead, django_assert_max_num_queries, role, view
    ):
        if role == "member":
            client.force_login(world["member"])
        elif role == "project team":
            client.force_login(project_lead)
        params = {"vue": view, "mois": month_param(_next_month_at(1, 12))}

        def count_queries() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.get(client, **params)
            return len(queries)

        # `world` has 3 public meetings next month (and 3 others).
        bound = 6  # anonymous: 2-3; signed in: session, user, groups too
        with django_assert_max_num_queries(bound):
            few = count_queries()
        for index in range(37):
            MeetingFactory(
                body=world["body"],
                visibility=(Meeting.Visibility.MEMBERS if index % 2 else Meeting.Visibility.PUBLIC),
                start=_next_month_at(1 + index % 28, 8 + index % 10),
            )
        with django_assert_max_num_queries(bound):
            many = count_queries()
        assert few == many
