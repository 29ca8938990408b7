"""Governance services: schedule, convoke, answer, reschedule, cancel, remind, attendance."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from apps.governance import ics, services
from apps.governance.models import Meeting, Membership, Participation
from tests.accounts.factories import UserFactory
from tests.governance.helpers import add_member, copil, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return UserFactory(role="equipe-projet")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what a service left for after the commit (emails), as a real request would."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def _ics(message) -> Calendar:
    (name, content, mimetype) = next(a for a in message.attachments if a[0] == "invitation.ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def _event(calendar: Calendar):
    return next(iter(calendar.walk("VEVENT")))


# ------------------------------------------------------------------------------ schedule
class TestSchedule:
    def test_creates_a_draft_with_its_agenda_in_order(self, lead):
        meeting = schedule(by=lead, agenda=["Bilan 2026", "Feuille de route 2027"])
        assert meeting.status == Meeting.Status.DRAFT
        assert [i.title for i in meeting.agenda_items.all()] == [
            "Bilan 2026",
            "Feuille de route 2027",
        ]
        assert [i.position for i in meeting.agenda_items.all()] == [1, 2]
        assert meeting.ics_sequence == 0 and meeting.ics_uid
        assert meeting.slug.startswith("copil-de-decembre-")
        assert meeting.history.count() == 1

    def test_same_title_and_day_get_distinct_slugs(self, lead):
        first = schedule(by=lead)
        # A twin (same body, day and title) is a warning: confirmed, it is saved.
        second = schedule(by=lead, confirm_duplicate=True)
        assert first.slug != second.slug

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"days": -1}, "start"),
            ({"place": "", "online_url": ""}, "place"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_saved(self, lead, fields, field):
        with pytest.raises(ValidationError) as error:
            schedule(by=lead, **fields)
        assert field in error.value.message_dict
        assert not Meeting.objects.exists()

    def test_end_before_start_is_refused(self, lead):
        start = timezone.now() + timedelta(days=5)
        with pytest.raises(ValidationError) as error:
            schedule(by=lead, start=start, end=start - timedelta(hours=1))
        assert "La fin doit être postérieure au début." in error.value.message_dict["end"]
        assert not Meeting.objects.exists()

    def test_an_online_only_meeting_is_fine(self, lead):
        meeting = schedule(by=lead, place="", online_url="https://visio.example.org/copil")
        assert meeting.location_label == "En visioconférence"


# ------------------------------------------------------------------------------ convoke
class TestConvoke:
    def test_convokes_active_members_once_with_an_ics_request(self, lead, run_on_commit):
        members = [add_member(copil()).user for _ in range(3)]
        add_member(copil(), until=timezone.localdate() - timedelta(days=1))  # former member
        add_member(copil(), user=UserFactory(is_active=False))  # deactivated account
        meeting = schedule(by=lead, agenda=["Point 1", "Point 2"])

        count = run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)

        meeting.refresh_from_db()
        assert count == 3  # neither the former member nor the deactivated account
        assert meeting.status == Meeting.Status.SCHEDULED and meeting.convoked_at
        assert {m.to[0] for m in mail.outbox} == {u.email for u in members}
        message = mail.outbox[0]
        assert "Convocation" in message.subject and meeting.title in message.subject
        assert "Point 2" in message.body and "/reunions/reponse/" in message.body
        event = _event(_ics(message))
        assert _ics(message)["METHOD"] == "REQUEST"
        assert str(event["UID"]) == meeting.ics_uid
        assert int(event["SEQUENCE"]) == 0
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"

        mail.outbox.clear()
        assert run_on_commit(services.meeting_convoke, meeting=meeting, by=lead) == 0
        assert mail.outbox == []
        late = add_member(copil()).user
        assert run_on_commit(services.meeting_convoke, meeting=meeting, by=lead) == 1
        assert [m.to for m in mail.outbox] == [[late.email]]

    def test_cannot_convoke_a_cancelled_or_past_meeting(self, lead, run_on_commit):
        add_member(copil())
        meeting = schedule(by=lead)
        services.meeting_cancel(meeting=meeting, by=lead)
        with pytest.raises(ValidationError):
            services.meeting_convoke(meeting=meeting, by=lead)
        assert not Participation.objects.exists()


# ------------------------------------------------------------------------------ answer
class TestAnswer:
    @pytest.fixture
    def convoked(self, lead, run_on_commit):
        member = add_member(copil()).user
        meeting = schedule(by=lead)
        run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        return Participation.objects.get(meeting=meeting, user=member)

    def test_present(self, convoked):
        services.participation_answer(
            participation=convoked, by=convoked.user, status=Participation.Status.ATTENDING
        )
        convoked.refresh_from_db()
        assert convoked.status == Participation.Status.ATTENDING and convoked.answered_at

    def test_represented_needs_a_name(self, convoked):
        with pytest.raises(ValidationError) as error:
            services.participation_answer(
                participation=convoked, by=convoked.user, status=Participation.Status.REPRESENTED
            )
        assert "proxy_name" in error.value.message_dict
        convoked.refresh_from_db()
        assert convoked.status == Participation.Status.INVITED
        services.participation_answer(
            participation=convoked,
            by=convoked.user,
            status=Participation.Status.REPRESENTED,
            proxy_name="  Anne   Le Goff, adjointe ",
        )
        convoked.refresh_from_db()
        assert convoked.represented_by == "Anne Le Goff, adjointe"

    def test_nobody_answers_for_someone_else(self, convoked):
        other = UserFactory()
        with pytest.raises(PermissionDenied):
            services.participation_answer(
                participation=convoked, by=other, status=Participation.Status.EXCUSED
            )
        convoked.refresh_from_db()
        assert convoked.status == Participation.Status.INVITED

    def test_not_an_answer_status(self, convoked):
        with pytest.raises(ValidationError):
            services.participation_answer(
                participation=convoked, by=convoked.user, status=Participation.Status.REGISTERED
            )

    def test_no_answer_once_cancelled(self, convoked, lead):
        services.meeting_cancel(meeting=convoked.meeting, by=lead)
        with pytest.raises(ValidationError):
            services.participation_answer(
                participation=convoked, by=convoked.user, status=Participation.Status.ATTENDING
            )


# ------------------------------------------------------------------------------ reschedule, cancel
class TestRescheduleAndCancel:
    def test_reschedule_after_convocation_raises_sequence_and_notifies(self, lead, run_on_commit):
        member = add_member(copil()).user
        meeting = schedule(by=lead)
        run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        mail.outbox.clear()
        uid = meeting.ics_uid

        new_start = meeting.start + timedelta(days=1)
        meeting, rescheduled = run_on_commit(
            services.meeting_update,
            meeting=meeting,
            by=lead,
            start=new_start,
            end=new_start + timedelta(hours=3),
        )
        assert rescheduled and meeting.ics_sequence == 1 and meeting.ics_uid == uid
        assert [m.to for m in mail.outbox] == [[member.email]]
        assert "Nouvelle date" in mail.outbox[0].subject
        event = _event(_ics(mail.outbox[0]))
        assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == uid
        assert event["DTSTART"].dt == timezone.localtime(new_start)

    def test_editing_a_draft_or_the_description_sends_nothing(self, lead, run_on_commit):
        add_member(copil())
        meeting = schedule(by=lead)
        meeting, rescheduled = run_on_commit(
            services.meeting_update, meeting=meeting, by=lead, title="Nouveau titre"
        )
        assert not rescheduled and meeting.ics_sequence == 0
        run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        mail.outbox.clear()
        meeting, rescheduled = run_on_commit(
            services.meeting_update, meeting=meeting, by=lead, description="Précisions"
        )
        assert not rescheduled and mail.outbox == []

    def test_reschedule_into_the_past_is_refused(self, lead):
        meeting = schedule(by=lead)
        past = timezone.now() - timedelta(days=2)
        with pytest.raises(ValidationError):
            services.meeting_update(
                meeting=meeting, by=lead, start=past, end=past + timedelta(hours=1)
            )
        meeting.refresh_from_db()
        assert meeting.start > timezone.now()

    def test_cancel_sends_a_cancel_ics(self, lead, run_on_commit):
        member = add_member(copil()).user
        meeting = schedule(by=lead)
        run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        mail.outbox.clear()
        meeting = run_on_commit(
            services.meeting_cancel, meeting=meeting, by=lead, reason="Quorum non atteint"
        )
        assert meeting.status == Meeting.Status.CANCELLED and meeting.ics_sequence == 1
        assert [m.to for m in mail.outbox] == [[member.email]]
        calendar = _ics(mail.outbox[0])
        assert calendar["METHOD"] == "CANCEL"
        event = _event(calendar)
        assert event["STATUS"] == "CANCELLED" and int(event["SEQUENCE"]) == 1
        assert "Quorum non atteint" in mail.outbox[0].body
        with pytest.raises(ValidationError):
            services.meeting_cancel(meeting=meeting, by=lead)


# ------------------------------------------------------------------------------ reminders
class TestReminders:
    def test_manual_reminder_goes_to_those_without_answer(self, lead, run_on_commit):
        answered, silent = add_member(copil()).user, add_member(copil()).user
        meeting = schedule(by=lead)
        run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        services.participation_answer(
            participation=meeting.participations.get(user=answered),
            by=answered,
            status=Participation.Status.EXCUSED,
        )
        mail.outbox.clear()
        assert run_on_commit(services.meeting_remind_unanswered, meeting=meeting, by=lead) == 1
        assert [m.to for m in mail.outbox] == [[silent.email]]
        assert "Relance" in mail.outbox[0].subject

    def test_automatic_reminder_two_days_before_once(self, lead, run_on_commit):
        member = add_member(copil()).user
        soon = schedule(by=lead, days=1, title="Dans un jour")
        later = schedule(by=lead, days=5, title="Dans cinq jours")
        for meeting in (soon, later):
            run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        mail.outbox.clear()
        assert run_on_commit(services.meetings_send_upcoming_reminders) == 1
        assert [m.to for m in mail.outbox] == [[member.email]]
        assert "Rappel" in mail.outbox[0].subject and "Dans un jour" in mail.outbox[0].subject
        assert run_on_commit(services.meetings_send_upcoming_reminders) == 0


# ------------------------------------------------------------ attendance, requests
class TestAttendanceAndRequests:
    def test_attendance_after_the_meeting(self, lead, run_on_commit):
        here, away = add_member(copil()).user, add_member(copil()).user
        meeting = schedule(by=lead)
        run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        with pytest.raises(ValidationError):
            services.attendance_record(meeting=meeting, present_user_ids=[here.pk], by=lead)
        Meeting.objects.filter(pk=meeting.pk).update(
            start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
        )
        meeting.refresh_from_db()
        assert services.attendance_record(meeting=meeting, present_user_ids=[here.pk], by=lead) == 1
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.HELD
        assert meeting.participations.get(user=here).attended is True
        assert meeting.participations.get(user=away).attended is False
        stranger = UserFactory()
        with pytest.raises(ValidationError):
            services.attendance_record(meeting=meeting, present_user_ids=[stranger.pk], by=lead)

    def test_request_to_attend_an_open_session(self, lead, run_on_commit):
        add_member(copil())
        meeting = schedule(by=lead, open_to_requests=True)
        guest = UserFactory()
        with pytest.raises(ValidationError):  # still a draft
            services.attendance_request(meeting=meeting, user=guest)
        run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        request = services.attendance_request(meeting=meeting, user=guest)
        assert request.status == Participation.Status.REQUESTED
        with pytest.raises(ValidationError):
            services.attendance_request(meeting=meeting, user=guest)
        mail.outbox.clear()
        run_on_commit(
            services.attendance_request_decide, participation=request, accept=True, by=lead
        )
        request.refresh_from_db()
        assert request.status == Participation.Status.INVITED and request.invited_at
        assert [m.to for m in mail.outbox] == [[guest.email]]
        assert "Convocation" in mail.outbox[0].subject
        with pytest.raises(ValidationError):
            services.attendance_request_decide(participation=request, accept=False, by=lead)

    def test_refused_request_is_told(self, lead, run_on_commit):
        meeting = schedule(by=lead, open_to_requests=True)
        run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        guest = UserFactory()
        request = services.attendance_request(meeting=meeting, user=guest)
        run_on_commit(
            services.attendance_request_decide, participation=request, accept=False, by=lead
        )
        request.refresh_from_db()
        assert request.status == Participation.Status.REFUSED
        assert "demande" in mail.outbox[-1].subject.lower()
        assert not any(a[0] == "invitation.ics" for a in mail.outbox[-1].attachments)

    def test_closed_session_takes_no_request(self, lead, run_on_commit):
        meeting = schedule(by=lead)
        run_on_commit(services.meeting_convoke, meeting=meeting, by=lead)
        with pytest.raises(ValidationError):
            services.attendance_request(meeting=meeting, user=UserFactory())


# ------------------------------------------------------------------------------ ICS feed
def test_feed_is_parsed_back_with_zone_uid_sequence_and_url(lead, settings):
    meeting = schedule(by=lead, agenda=["Ouverture"])
    calendar = Calendar.from_ical(ics.feed([meeting], name="COPIL"))
    assert calendar["METHOD"] == "PUBLISH"
    assert any(tz["TZID"] == "Europe/Paris" for tz in calendar.walk("VTIMEZONE"))
    event = _event(calendar)
    assert str(event["UID"]) == meeting.ics_uid
    assert str(event["URL"]) == settings.SITE_URL + meeting.get_absolute_url()
    assert event["DTSTART"].dt.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert "Ouverture" in str(event["DESCRIPTION"])


def test_membership_active_window():
    body = copil()
    today = timezone.localdate()
    current = add_member(body, since=today - timedelta(days=30))
    add_member(body, since=today + timedelta(days=3))
    add_member(body, until=today - timedelta(days=1))
    assert list(Membership.objects.active().filter(body=body)) == [current]
