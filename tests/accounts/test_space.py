"""/mon-espace/: the landing page after sign-in, filled by the apps through the hook
`accounts.space` — what is next for me, what is new, what my role has to do."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.core.templatetags.typography import french_spacing
from apps.governance.models import Meeting, Membership, Participation
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, MembershipFactory, ParticipationFactory
from tests.minutes.factories import minutes_in
from tests.strategy.factories import ContributionFactory, PriorityActionFactory
from tests.workshops.factories import WorkshopFactory

S = Participation.Status
pytestmark = pytest.mark.django_db


def _space(client, user):
    client.force_login(user)
    response = client.get(reverse("my_space"))
    assert response.status_code == 200
    return response.content.decode()


def _waitlisted(meeting, user, *, minutes_ago):
    return ParticipationFactory(
        meeting=meeting,
        user=user,
        status=S.WAITLISTED,
        invited_at=None,
        queued_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("my_space"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_signing_in_lands_on_my_space_and_the_menu_links_it(client):
    user = UserFactory(email="gwen@example.org")
    response = client.post(
        reverse("account_login"),
        {"login": "gwen@example.org", "password": "motdepasse-Cornouaille-29"},
    )
    assert response.status_code == 302 and response.url == reverse("my_space")
    page = client.get(response.url).content.decode()
    assert f'href="{reverse("my_space")}"' in page and "Mon espace" in page
    assert user.first_name in page


def test_what_is_next_registrations_waiting_list_and_convocations(client):
    me = UserFactory()
    seat = WorkshopFactory(meeting__title="Atelier tourisme durable").meeting
    full = WorkshopFactory(meeting__title="Atelier marque territoriale").meeting
    _waitlisted(full, UserFactory(), minutes_ago=30)
    _waitlisted(full, UserFactory(), minutes_ago=20)
    _waitlisted(full, me, minutes_ago=10)
    ParticipationFactory(meeting=seat, user=me, status=S.REGISTERED, queued_at=timezone.now())
    session = MeetingFactory(title="COPIL de printemps")
    invitation = ParticipationFactory(meeting=session, user=me, status=S.INVITED)
    answered = MeetingFactory(title="COPIL d'été")
    ParticipationFactory(meeting=answered, user=me, status=S.ATTENDING)
    past = MeetingFactory(
        title="COPIL d'hier",
        start=timezone.now() - timedelta(days=1),
        end=timezone.now() - timedelta(hours=22),
    )
    ParticipationFactory(meeting=past, user=me, status=S.INVITED)
    draft = WorkshopFactory(meeting__title="Atelier en brouillon", meeting__status="draft").meeting
    ParticipationFactory(meeting=draft, user=me, status=S.REGISTERED)

    page = _space(client, me)
    assert "À venir pour moi" in page
    assert "Atelier tourisme durable" in page and "Inscrit·e" in page
    assert (
        "Atelier marque territoriale" in page
        and french_spacing("Liste d'attente : 3ᵉ position") in page
    )
    assert "COPIL de printemps" in page and "1 convocation attend votre réponse." in page
    from apps.governance.tokens import answer_token

    # The signed token carries a timestamp: compare up to it (the page may render a second later).
    link = reverse("governance:answer", kwargs={"token": answer_token(invitation)})
    assert link.split(":")[0] in page
    assert "COPIL d&#x27;été" in page and "Présent·e" in page
    assert "COPIL d&#x27;hier" not in page and "Atelier en brouillon" not in page


def test_a_facilitator_sees_the_meetings_they_run_today(client):
    facilitator = UserFactory(role="facilitateur")
    now = timezone.now()
    WorkshopFactory(
        meeting__title="Atelier du jour",
        meeting__start=now + timedelta(minutes=5),
        meeting__end=now + timedelta(minutes=65),
        facilitators=[facilitator],
    )
    WorkshopFactory(meeting__title="Atelier d'un autre", meeting__start=now + timedelta(minutes=5),
                    meeting__end=now + timedelta(minutes=65))  # fmt: skip
    page = _space(client, facilitator)
    assert "Aujourd'hui, vous animez" in page and "Atelier du jour" in page
    assert (
        "Atelier d&#x27;un autre" not in page.split("Aujourd'hui, vous animez")[1].split("</ul>")[0]
    )


def test_the_project_lead_sees_sessions_to_convene_answers_missing_minutes_in_review(
    client, project_lead
):
    # As the COPIL form makes it: a draft, scheduled by its convocation.
    MeetingFactory(title="COPIL à convoquer", convoked_at=None, status=Meeting.Status.DRAFT)
    convoked = MeetingFactory(title="COPIL convoqué", convoked_at=timezone.now())
    ParticipationFactory.create_batch(2, meeting=convoked, status=S.INVITED)
    ParticipationFactory(meeting=convoked, status=S.EXCUSED)
    minutes_in("in_review", by=project_lead)
    page = _space(client, project_lead)
    assert "1 séance à convoquer" in page and "COPIL à convoquer" in page
    assert "COPIL convoqué" in page and "2 sans réponse" in page
    assert "1 compte rendu en relecture" in page


def test_others_do_not_see_the_project_leads_sections(client, stakeholder):
    MeetingFactory(title="COPIL à convoquer", convoked_at=None)
    page = _space(client, stakeholder)
    assert "À faire : convocations" not in page and "COPIL à convoquer" not in page
    assert "en relecture" not in page


def test_an_elected_official_sees_unread_minutes_and_news_since_the_last_visit(
    client, project_lead
):
    elected = UserFactory(role="elu")
    MembershipFactory(user=elected, role=Membership.Role.ELECTED_OFFICIAL)
    read_one = minutes_in("published", by=project_lead)
    unread = minutes_in("published", by=project_lead, visibility="members")
    from apps.minutes.models import MinutesRead

    MinutesRead.objects.create(minutes=read_one, user=elected, version=1)
    User.objects.filter(pk=elected.pk).update(space_visited_at=timezone.now() - timedelta(days=1))
    page = _space(client, elected)
    assert french_spacing("À lire : 1 compte rendu non lu") in page
    assert unread.versions.get().get_absolute_url() in page
    assert french_spacing("Nouveautés : comptes rendus") in page
    # The visit is recorded: the same minutes are not "new" on the next visit.
    elected.refresh_from_db()
    assert timezone.now() - elected.space_visited_at < timedelta(minutes=1)
    again = _space(client, elected)
    assert "Aucun compte rendu publié depuis votre dernière visite." in again


def test_members_only_minutes_never_show_to_others(client, project_lead, stakeholder):
    minutes = minutes_in("published", by=project_lead, visibility="members")
    User.objects.filter(pk=stakeholder.pk).update(
        space_visited_at=timezone.now() - timedelta(days=1)
    )
    page = _space(client, stakeholder)
    assert minutes.versions.get().get_absolute_url() not in page


def test_my_contributions_that_became_actions(client):
    me = UserFactory()
    mine = ContributionFactory(author=me, text="Des navettes vers les plages l'été")
    PriorityActionFactory(title="Mobilité estivale", contributions=[mine])
    PriorityActionFactory(title="Action d'un autre", contributions=[ContributionFactory()])
    hidden = ContributionFactory(author=me, is_hidden=True)
    PriorityActionFactory(title="Action d'une contribution masquée", contributions=[hidden])
    page = _space(client, me)
    assert "mes contributions devenues des actions" in page
    assert "Mobilité estivale" in page and "Des navettes vers les plages" in page
    assert "Action d&#x27;un autre" not in page
    assert "contribution masquée" not in page


def test_constant_queries_whatever_the_number_of_registrations(
    client, django_assert_max_num_queries
):
    me = UserFactory(role="elu")
    MembershipFactory(user=me, role=Membership.Role.ELECTED_OFFICIAL)

    def add(n):
        for _ in range(n):
            workshop = WorkshopFactory().meeting
            _waitlisted(workshop, UserFactory(), minutes_ago=5)
            _waitlisted(workshop, me, minutes_ago=1)
            ParticipationFactory(meeting=MeetingFactory(), user=me, status=S.INVITED)
            ContributionFactory(author=me, meeting=workshop)

    add(2)
    client.force_login(me)
    client.get(reverse("my_space"))
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("my_space"))
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)) as big:
        response = client.get(reverse("my_space"))
    assert response.status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)


def test_the_meeting_kinds_in_the_space_keep_their_addresses(client):
    me = UserFactory()
    workshop = WorkshopFactory().meeting
    ParticipationFactory(meeting=workshop, user=me, status=S.REGISTERED)
    assert workshop.kind == Meeting.Kind.WORKSHOP
    assert workshop.get_absolute_url() in _space(client, me)
