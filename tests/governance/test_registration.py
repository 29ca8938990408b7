"""The registration service shared by workshops and plenaries (governance.services.registration)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.governance import selectors, services
from apps.governance.models import Body, Meeting, Membership, Participation
from apps.governance.services import registration
from tests.accounts.factories import UserFactory
from tests.governance.helpers import add_member

pytestmark = pytest.mark.django_db
S = Participation.Status


@pytest.fixture
def lead():
    return UserFactory(role="equipe-projet")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def workshop(lead, *, capacity=2, days=10, **fields) -> Meeting:
    start = timezone.now() + timedelta(days=days)
    meeting = services.meeting_create(
        kind=Meeting.Kind.WORKSHOP,
        body=fields.pop("body", None),
        created_by=lead,
        title=fields.pop("title", "Atelier : l'image de la Cornouaille"),
        start=start,
        end=start + timedelta(hours=3),
        place="Maison du patrimoine, Locronan",
        capacity=capacity,
        **fields,
    )
    return services.meeting_publish(meeting=meeting, by=lead)


class TestRegister:
    def test_seats_then_waiting_list(self, lead, run_on_commit):
        meeting = workshop(lead, capacity=2)
        people = [UserFactory() for _ in range(4)]
        statuses = [
            run_on_commit(registration.registration_create, meeting=meeting, user=p).status
            for p in people
        ]
        assert statuses == [S.REGISTERED, S.REGISTERED, S.WAITLISTED, S.WAITLISTED]
        assert selectors.seats_left(meeting) == 0
        subjects = [m.subject for m in mail.outbox]
        assert sum("Inscription confirmée" in s for s in subjects) == 2
        assert sum("Liste d'attente" in s for s in subjects) == 2
        confirmed = next(m for m in mail.outbox if "Inscription confirmée" in m.subject)
        assert any(a[0] == "invitation.ics" for a in confirmed.attachments)

    def test_unlimited_capacity(self, lead):
        meeting = workshop(lead, capacity=None)
        for _ in range(5):
            registration.registration_create(meeting=meeting, user=UserFactory())
        assert selectors.seats_left(meeting) is None
        assert meeting.participations.filter(status=S.REGISTERED).count() == 5

    def test_twice_is_refused(self, lead):
        meeting = workshop(lead)
        user = UserFactory()
        registration.registration_create(meeting=meeting, user=user)
        with pytest.raises(ValidationError, match="déjà inscrit"):
            registration.registration_create(meeting=meeting, user=user)
        assert meeting.participations.count() == 1

    def test_after_the_deadline(self, lead):
        meeting = workshop(lead, registration_closes_at=timezone.now() + timedelta(days=1))
        Meeting.objects.filter(pk=meeting.pk).update(
            registration_closes_at=timezone.now() - timedelta(minutes=1)
        )
        meeting.refresh_from_db()
        with pytest.raises(ValidationError, match="date limite"):
            registration.registration_create(meeting=meeting, user=UserFactory())
        assert not meeting.participations.exists()

    def test_draft_and_cancelled_take_no_registration(self, lead):
        start = timezone.now() + timedelta(days=3)
        draft = services.meeting_create(
            kind=Meeting.Kind.WORKSHOP, body=None, created_by=lead, title="Brouillon",
            start=start, end=start + timedelta(hours=1), place="Quimper",
        )  # fmt: skip
        with pytest.raises(ValidationError):
            registration.registration_create(meeting=draft, user=UserFactory())
        cancelled = workshop(lead)
        services.meeting_cancel(meeting=cancelled, by=lead)
        with pytest.raises(ValidationError):
            registration.registration_create(meeting=cancelled, user=UserFactory())

    def test_members_only_workshop(self, lead):
        group = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="GT Mer", slug="gt-mer")
        meeting = workshop(lead, body=group, visibility=Meeting.Visibility.MEMBERS)
        outsider = UserFactory()
        with pytest.raises(ValidationError, match="réservée aux membres"):
            registration.registration_create(meeting=meeting, user=outsider)
        member = add_member(group).user
        assert registration.registration_create(meeting=meeting, user=member).status == S.REGISTERED

    def test_a_copil_session_takes_no_registration(self, lead):
        from tests.governance.helpers import schedule

        session = schedule(by=lead)
        with pytest.raises(ValidationError):
            registration.registration_create(meeting=session, user=UserFactory())


class TestCancelAndPromote:
    def test_cancellation_promotes_the_first_waiting_and_tells_them(self, lead, run_on_commit):
        meeting = workshop(lead, capacity=1)
        first, second, third = UserFactory(), UserFactory(), UserFactory()
        seat = registration.registration_create(meeting=meeting, user=first)
        registration.registration_create(meeting=meeting, user=second)
        registration.registration_create(meeting=meeting, user=third)
        mail.outbox.clear()
        promoted = run_on_commit(registration.registration_cancel, participation=seat, by=first)
        assert [p.user for p in promoted] == [second]
        assert meeting.participations.get(user=second).status == S.REGISTERED
        assert meeting.participations.get(user=third).status == S.WAITLISTED
        assert meeting.participations.get(user=first).status == S.CANCELLED
        promotion = next(m for m in mail.outbox if m.to == [second.email])
        assert "place s'est libérée" in promotion.subject
        assert any(a[0] == "invitation.ics" for a in promotion.attachments)

    def test_leaving_the_waiting_list_promotes_nobody(self, lead):
        meeting = workshop(lead, capacity=1)
        registration.registration_create(meeting=meeting, user=UserFactory())
        waiting = registration.registration_create(meeting=meeting, user=UserFactory())
        assert registration.registration_cancel(participation=waiting, by=waiting.user) == []

    def test_re_registering_goes_to_the_back_of_the_queue(self, lead):
        meeting = workshop(lead, capacity=1)
        holder = registration.registration_create(meeting=meeting, user=UserFactory())
        early = registration.registration_create(meeting=meeting, user=UserFactory())
        late = registration.registration_create(meeting=meeting, user=UserFactory())
        registration.registration_cancel(participation=early, by=early.user)
        again = registration.registration_create(meeting=meeting, user=early.user)
        assert again.pk == early.pk and again.status == S.WAITLISTED
        registration.registration_cancel(participation=holder, by=holder.user)
        assert meeting.participations.get(pk=late.pk).status == S.REGISTERED
        assert meeting.participations.get(pk=early.pk).status == S.WAITLISTED

    def test_nobody_cancels_for_someone_else(self, lead):
        meeting = workshop(lead)
        seat = registration.registration_create(meeting=meeting, user=UserFactory())
        with pytest.raises(PermissionDenied):
            registration.registration_cancel(participation=seat, by=UserFactory())
        seat.refresh_from_db()
        assert seat.status == S.REGISTERED
        # The project team may (a person phoned in).
        registration.registration_cancel(participation=seat, by=lead)


class TestCapacity:
    def test_raising_promotes_as_many_as_it_frees(self, lead):
        meeting = workshop(lead, capacity=1)
        users = [UserFactory() for _ in range(4)]
        for user in users:
            registration.registration_create(meeting=meeting, user=user)
        promoted = registration.meeting_set_capacity(meeting=meeting, capacity=3, by=lead)
        assert [p.user for p in promoted] == users[1:3]
        assert meeting.participations.get(user=users[3]).status == S.WAITLISTED

    def test_lowering_below_confirmed_is_refused(self, lead):
        meeting = workshop(lead, capacity=3)
        for _ in range(2):
            registration.registration_create(meeting=meeting, user=UserFactory())
        with pytest.raises(ValidationError) as error:
            registration.meeting_set_capacity(meeting=meeting, capacity=1, by=lead)
        assert "2 personnes sont déjà inscrites" in str(error.value)
        meeting.refresh_from_db()
        assert meeting.capacity == 3
        registration.meeting_set_capacity(meeting=meeting, capacity=2, by=lead)

    def test_removing_the_limit_promotes_everyone(self, lead):
        meeting = workshop(lead, capacity=1)
        for _ in range(3):
            registration.registration_create(meeting=meeting, user=UserFactory())
        promoted = registration.meeting_set_capacity(meeting=meeting, capacity=None, by=lead)
        assert len(promoted) == 2


class TestCheckin:
    def test_tick_untick_and_walk_in(self, lead):
        meeting = workshop(lead, capacity=1)
        seat = registration.registration_create(meeting=meeting, user=UserFactory())
        waiting = registration.registration_create(meeting=meeting, user=UserFactory())
        meeting = services.meeting_open_early(meeting=meeting, by=lead)  # opens on the day
        registration.checkin_set(participation=seat, attended=True, by=lead)
        seat.refresh_from_db()
        assert seat.attended and seat.checked_in_at
        registration.checkin_set(participation=seat, attended=False, by=lead)
        seat.refresh_from_db()
        assert seat.attended is False and seat.checked_in_at is None
        with pytest.raises(ValidationError):
            registration.checkin_set(participation=waiting, attended=True, by=lead)
        walk_in = registration.checkin_walk_in(meeting=meeting, user=waiting.user, by=lead)
        assert walk_in.pk == waiting.pk and walk_in.walk_in and walk_in.attended
        assert walk_in.status == S.ATTENDING
        # Walk-ins hold no registration seat.
        assert selectors.confirmed_count(meeting) == 1
        stranger = registration.checkin_walk_in(meeting=meeting, user=UserFactory(), by=lead)
        assert stranger.status == S.ATTENDING


def test_membership_role_is_irrelevant_for_open_workshops(lead):
    meeting = workshop(lead, capacity=5)
    user = UserFactory()
    Membership.objects.create(body=Body.objects.get(slug="copil"), user=user)
    assert registration.registration_create(meeting=meeting, user=user).status == S.REGISTERED
