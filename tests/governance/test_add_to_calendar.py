"""« Ajouter à mon agenda »: every meeting page offers its single-event .ics, with the page's
own permission (a draft or members-only meeting does not leak), cancelled → STATUS:CANCELLED."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from apps.governance.models import Meeting, Participation
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, MembershipFactory, ParticipationFactory
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def _ics(client, meeting):
    return client.get(reverse("governance:meeting_ics", kwargs={"slug": meeting.slug}))


def _event(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["method"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    return event


def test_a_public_meeting_for_anyone(client):
    meeting = MeetingFactory(title="COPIL de printemps")
    event = _event(_ics(client, meeting))
    assert str(event["summary"]) == "COPIL de printemps"
    assert str(event["uid"]) == meeting.ics_uid  # a later invitation updates the same event
    assert str(event["status"]) == "CONFIRMED"
    assert meeting.get_absolute_url() in str(event["url"])


def test_a_cancelled_meeting_says_so(client):
    meeting = MeetingFactory(status=Meeting.Status.CANCELLED)
    assert str(_event(_ics(client, meeting))["status"]) == "CANCELLED"


@pytest.mark.parametrize("who", ["anonymous", "stakeholder"])
def test_drafts_and_members_only_meetings_do_not_leak(client, who):
    if who == "stakeholder":
        client.force_login(UserFactory())
    for meeting in (
        MeetingFactory(status=Meeting.Status.DRAFT),
        MeetingFactory(visibility=Meeting.Visibility.MEMBERS),
    ):
        assert _ics(client, meeting).status_code == 404
    assert client.get("/reunions/inconnue/agenda.ics").status_code == 404


def test_members_and_the_team_get_members_only_meetings(client, project_lead):
    meeting = MeetingFactory(visibility=Meeting.Visibility.MEMBERS)
    member = UserFactory()
    MembershipFactory(user=member)
    client.force_login(member)
    assert _ics(client, meeting).status_code == 200
    client.force_login(project_lead)
    assert _ics(client, MeetingFactory(status=Meeting.Status.DRAFT)).status_code == 200


def test_the_online_link_only_for_those_who_see_it_on_the_page(client):
    workshop = WorkshopFactory(
        meeting__online_url="https://visio.example.org/atelier-secret", meeting__place=""
    ).meeting
    assert "visio.example.org" not in str(_event(_ics(client, workshop)).get("location", ""))
    seated = UserFactory()
    ParticipationFactory(
        meeting=workshop, user=seated, status=Participation.Status.REGISTERED, invited_at=None
    )
    client.force_login(seated)
    assert "visio.example.org/atelier-secret" in str(_event(_ics(client, workshop))["location"])


@pytest.mark.parametrize("kind", ["copil", "workshop", "plenary", "technical_committee"])
def test_every_meeting_page_has_the_button(client, project_lead, kind):
    if kind == "workshop":
        meeting = WorkshopFactory().meeting
    else:
        meeting = MeetingFactory(
            kind=kind, body=None if kind == "plenary" else MeetingFactory().body
        )
    client.force_login(project_lead)
    page = client.get(meeting.get_absolute_url(), follow=True).content.decode()
    assert "Ajouter à mon agenda" in page
    assert reverse("governance:meeting_ics", kwargs={"slug": meeting.slug}) in page
