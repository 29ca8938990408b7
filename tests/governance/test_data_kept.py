"""Data that must not vanish: history is PROTECTed, a meeting with participations is cancelled
rather than deleted from the admin, a person is erased rather than deleted, memberships end."""

from datetime import timedelta

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from apps.accounts.services import user_erase
from apps.governance.models import Meeting, Membership, Participation
from apps.minutes.models import MinutesRevision
from apps.strategy.models import Support
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, MembershipFactory, ParticipationFactory
from tests.minutes.factories import minutes_in
from tests.strategy.factories import SupportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, project_lead):
    client.force_login(project_lead)
    return client


def test_history_is_protected_in_the_database():
    participation = ParticipationFactory()
    membership = MembershipFactory()
    support = SupportFactory()
    for obj in (participation.user, participation.meeting, membership.user, membership.body):
        with pytest.raises(ProtectedError):
            obj.delete()
    for obj in (support.user, support.contribution):
        with pytest.raises(ProtectedError):
            obj.delete()
    assert Participation.objects.filter(pk=participation.pk).exists()
    assert Support.objects.filter(pk=support.pk).exists()


def test_minutes_revisions_are_protected(project_lead):
    minutes = minutes_in("draft", by=project_lead)
    with pytest.raises(ProtectedError):
        minutes.delete()
    assert MinutesRevision.objects.filter(minutes=minutes).exists()


def test_admin_refuses_to_delete_a_meeting_with_participations_and_offers_cancellation(
    admin_client,
):
    meeting = MeetingFactory()
    ParticipationFactory(meeting=meeting)
    url = reverse("admin:governance_meeting_delete", args=[meeting.pk])

    page = admin_client.get(url)
    assert page.status_code == 409
    text = page.content.decode()
    assert "ne peut pas être supprimée" in text
    assert reverse("admin:governance_meeting_cancel", args=[meeting.pk]) in text
    # Posting the confirmation Django would show is refused the same way.
    assert admin_client.post(url, {"post": "yes"}).status_code == 409
    assert Meeting.objects.filter(pk=meeting.pk).exists()

    response = admin_client.post(
        reverse("admin:governance_meeting_cancel", args=[meeting.pk]),
        {"reason": "Salle indisponible"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.cancellation_reason == "Salle indisponible"
    assert Participation.objects.filter(meeting=meeting).count() == 1


def test_admin_deletes_a_meeting_nobody_was_invited_to(admin_client):
    """The twin: without participations the ordinary deletion goes through."""
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    url = reverse("admin:governance_meeting_delete", args=[meeting.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_admin_cancel_is_post_only_and_refuses_a_past_meeting(admin_client):
    start = timezone.now() - timedelta(days=3)
    meeting = MeetingFactory(start=start, end=start + timedelta(hours=2))
    ParticipationFactory(meeting=meeting)
    url = reverse("admin:governance_meeting_cancel", args=[meeting.pk])
    assert admin_client.get(url).status_code == 405
    page = admin_client.get(reverse("admin:governance_meeting_delete", args=[meeting.pk]))
    assert "Elle a déjà eu lieu" in page.content.decode()
    response = admin_client.post(url, follow=True)
    assert "passée" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_people_cannot_be_deleted_from_the_admin_only_erased(admin_client, project_lead):
    person = UserFactory(first_name="Maël", last_name="Kerguelen")
    ParticipationFactory(user=person)
    changelist = reverse("admin:accounts_user_changelist")
    assert (
        admin_client.get(reverse("admin:accounts_user_delete", args=[person.pk])).status_code == 403
    )
    page = admin_client.get(changelist).content.decode()
    assert "delete_selected" not in page
    assert "erase_selected" in page

    confirm = admin_client.post(
        changelist, {"action": "erase_selected", "_selected_action": [person.pk]}
    )
    assert confirm.status_code == 200
    assert "Oui, effacer ces comptes" in confirm.content.decode()
    person.refresh_from_db()
    assert person.last_name == "Kerguelen"  # nothing before the confirmation

    done = admin_client.post(
        changelist,
        {"action": "erase_selected", "_selected_action": [person.pk], "confirm": "yes"},
        follow=True,
    )
    assert "1 compte effacé" in done.content.decode()
    person.refresh_from_db()
    assert person.last_name == "supprimé"
    assert not person.is_active
    assert Participation.objects.filter(user=person).count() == 1  # kept, anonymous


def test_the_admin_does_not_erase_its_own_user(admin_client, project_lead):
    changelist = reverse("admin:accounts_user_changelist")
    response = admin_client.post(
        changelist,
        {"action": "erase_selected", "_selected_action": [project_lead.pk], "confirm": "yes"},
        follow=True,
    )
    assert "Votre propre compte" in response.content.decode()
    project_lead.refresh_from_db()
    assert project_lead.is_active


def test_erasure_ends_the_memberships():
    today = timezone.localdate()
    person = UserFactory()
    copil_seat = MembershipFactory(user=person, since=today - timedelta(days=400))
    ended = MembershipFactory(
        user=person,
        body=copil_seat.body,
        since=today - timedelta(days=900),
        until=today - timedelta(days=500),
    )
    from apps.governance.models import Body

    future = MembershipFactory(
        user=person,
        body=Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="GT mer", slug="gt-mer"),
        since=today + timedelta(days=30),
    )
    other = MembershipFactory(body=copil_seat.body)
    ParticipationFactory(user=person, comment="Je viendrai avec Yann Tanguy")

    user_erase(user=person)

    copil_seat.refresh_from_db()
    ended.refresh_from_db()
    future.refresh_from_db()
    other.refresh_from_db()
    assert copil_seat.until == today
    assert ended.until == today - timedelta(days=500)
    assert future.until == future.since
    assert other.until is None
    tomorrow = today + timedelta(days=1)
    assert not Membership.objects.active(on=tomorrow).filter(user=person).exists()
    assert not Membership.objects.filter(user=person, publicly_listed=True).exists()
    assert Participation.objects.get(user=person).comment == ""
