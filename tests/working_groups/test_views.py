"""Working groups through the front door: the list by year, a group's page, join (open or on
approval), leave, the project team's decisions and forms, who may do what, and query counts."""

import html
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from apps.core.templatetags.typography import french_spacing
from apps.governance.models import Body, Meeting, Membership
from apps.strategy.models import Filiere, Objective
from apps.working_groups import services
from apps.working_groups.models import JoinRequest, WorkingGroup
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory, MembershipFactory
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
OPEN = WorkingGroup.JoinPolicy.OPEN
APPROVAL = WorkingGroup.JoinPolicy.APPROVAL


def make_group(
    name="Mer et littoral",
    *,
    year=THIS_YEAR,
    join_policy=OPEN,
    is_active=True,
    theme="Faire de la mer un atout d'attractivité",
) -> WorkingGroup:
    body = Body.objects.create(
        kind=Body.Kind.WORKING_GROUP,
        name=name,
        slug=slugify(f"{name}-{year}"),
        year=year,
        is_active=is_active,
        description=f"Présentation du groupe {name}.",
    )
    return WorkingGroup.objects.create(body=body, theme=theme, join_policy=join_policy)


def add(group, user=None, role=Membership.Role.MEMBER, **extra) -> Membership:
    return MembershipFactory(body=group.body, user=user or UserFactory(), role=role, **extra)


def text_of(response) -> str:
    """The page's text as a reader sees it (HTML entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def url(name, group=None, **kwargs):
    if group is not None:
        kwargs["slug"] = group.body.slug
    return reverse(f"working_groups:{name}", kwargs=kwargs or None)


def post(client, path, data=None, *, capture):
    with capture(execute=True):
        return client.post(path, data or {}, follow=True)


def current_members(group):
    today = timezone.localdate()
    return set(
        Membership.objects.active()
        .filter(body=group.body)
        .exclude(until=today)
        .values_list("user_id", flat=True)
    )


@pytest.fixture
def team(project_lead):
    return project_lead


# ------------------------------------------------------------------------------ joining
class TestJoinOpenGroup:
    def test_join_makes_a_member_at_once_and_sends_a_welcome(
        self, client, stakeholder, django_capture_on_commit_callbacks
    ):
        group = make_group()
        client.force_login(stakeholder)
        response = post(client, url("join", group), capture=django_capture_on_commit_callbacks)
        assert response.redirect_chain[-1][0] == group.get_absolute_url()
        assert "Bienvenue dans le groupe" in messages_of(response)[0]
        membership = Membership.objects.get(body=group.body, user=stakeholder)
        assert membership.role == Membership.Role.MEMBER
        assert membership.until is None
        assert membership.since == timezone.localdate()
        assert not JoinRequest.objects.exists()
        (message,) = mail.outbox
        assert message.to == [stakeholder.email]
        assert "Bienvenue" in message.subject
        assert "Mer et littoral" in message.subject
        assert f"{settings.SITE_URL}{group.get_absolute_url()}" in message.body
        body = text_of(response)
        assert "Vous êtes membre de ce groupe." in body
        assert "Quitter le groupe" in body

    def test_joining_twice_is_refused_in_french(
        self, client, stakeholder, django_capture_on_commit_callbacks
    ):
        group = make_group()
        services.group_join(group=group, user=stakeholder)
        with pytest.raises(ValidationError) as error:
            services.group_join(group=group, user=stakeholder)
        assert error.value.messages == ["Vous êtes déjà membre de ce groupe de travail."]
        client.force_login(stakeholder)
        response = post(client, url("join", group), capture=django_capture_on_commit_callbacks)
        assert messages_of(response) == ["Vous êtes déjà membre de ce groupe de travail."]
        assert Membership.objects.filter(body=group.body, user=stakeholder).count() == 1
        assert mail.outbox == []

    def test_a_group_of_a_past_year_or_closed_takes_nobody(
        self, client, stakeholder, django_capture_on_commit_callbacks
    ):
        past = make_group("Tourisme 4 saisons", year=THIS_YEAR - 1)
        closed = make_group("Talents", is_active=False)
        client.force_login(stakeholder)
        for group in (past, closed):
            page = client.get(group.get_absolute_url())
            assert page.status_code == 200  # still readable
            assert "Rejoindre le groupe" not in text_of(page)
            assert "n'accueille plus de nouveaux membres" in text_of(page)
            response = post(client, url("join", group), capture=django_capture_on_commit_callbacks)
            assert messages_of(response) == [
                "Ce groupe de travail n'accueille plus de nouveaux membres."
            ]
            with pytest.raises(ValidationError):
                services.group_join(group=group, user=stakeholder)
        assert not Membership.objects.filter(user=stakeholder).exists()
        assert mail.outbox == []

    def test_anonymous_is_sent_to_the_login_page(self, client):
        group = make_group()
        response = client.post(url("join", group))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert not Membership.objects.exists()
        body = text_of(client.get(group.get_absolute_url()))
        assert "Connectez-vous pour rejoindre ce groupe" in body

    def test_join_is_post_only(self, client, stakeholder):
        group = make_group()
        client.force_login(stakeholder)
        assert client.get(url("join", group)).status_code == 405
        assert client.get(url("leave", group)).status_code == 405
        assert not Membership.objects.exists()


class TestJoinOnApproval:
    def test_a_request_waits_for_the_team_and_is_acknowledged(
        self, client, stakeholder, django_capture_on_commit_callbacks
    ):
        group = make_group(join_policy=APPROVAL)
        client.force_login(stakeholder)
        page = text_of(client.get(group.get_absolute_url()))
        assert "Demander à rejoindre le groupe" in page
        response = post(
            client,
            url("join", group),
            {"message": "  Je dirige une criée.  "},
            capture=django_capture_on_commit_callbacks,
        )
        assert "transmise à l'équipe projet" in messages_of(response)[0]
        request = JoinRequest.objects.get()
        assert (request.user, request.status) == (stakeholder, JoinRequest.Status.PENDING)
        assert request.message == "Je dirige une criée."
        assert not Membership.objects.filter(body=group.body).exists()
        (message,) = mail.outbox
        assert message.to == [stakeholder.email]
        assert "demande d'adhésion est bien reçue" in message.subject
        assert f"{settings.SITE_URL}{group.get_absolute_url()}" in message.body
        assert "Votre demande d'adhésion est en attente" in text_of(response)

    def test_a_second_pending_request_is_refused_in_french(
        self, client, stakeholder, django_capture_on_commit_callbacks
    ):
        group = make_group(join_policy=APPROVAL)
        services.group_join(group=group, user=stakeholder)
        with pytest.raises(ValidationError) as error:
            services.group_join(group=group, user=stakeholder)
        assert "déjà en attente" in error.value.messages[0]
        client.force_login(stakeholder)
        response = post(client, url("join", group), capture=django_capture_on_commit_callbacks)
        assert messages_of(response) == [
            "Votre demande d'adhésion est déjà en attente de la réponse de l'équipe projet."
        ]
        assert JoinRequest.objects.count() == 1
        assert mail.outbox == []

    def test_a_member_cannot_ask_again(self, stakeholder):
        group = make_group(join_policy=APPROVAL)
        add(group, stakeholder)
        with pytest.raises(ValidationError) as error:
            services.group_join(group=group, user=stakeholder)
        assert error.value.messages == ["Vous êtes déjà membre de ce groupe de travail."]
        assert not JoinRequest.objects.exists()


class TestDecide:
    def setup_request(self, stakeholder):
        group = make_group(join_policy=APPROVAL)
        request = services.group_join(group=group, user=stakeholder, message="Bonjour")
        mail.outbox.clear()
        return group, request

    def test_accept_makes_a_member_and_tells_them(
        self, client, team, stakeholder, django_capture_on_commit_callbacks
    ):
        group, request = self.setup_request(stakeholder)
        client.force_login(team)
        page = text_of(client.get(group.get_absolute_url()))
        assert "Demandes d'adhésion en attente" in page
        assert "Bonjour" in page
        response = post(
            client,
            url("request_decide", pk=request.pk),
            {"decision": "accept"},
            capture=django_capture_on_commit_callbacks,
        )
        assert "acceptée" in messages_of(response)[0]
        request.refresh_from_db()
        assert request.status == JoinRequest.Status.ACCEPTED
        assert request.decided_by == team
        assert request.decided_at is not None
        membership = Membership.objects.get(body=group.body, user=stakeholder)
        assert membership.role == Membership.Role.MEMBER
        (message,) = mail.outbox
        assert message.to == [stakeholder.email]
        assert "acceptée" in message.subject
        assert f"{settings.SITE_URL}{group.get_absolute_url()}" in message.body
        assert "Aucune demande en attente." in text_of(response)

    def test_refuse_tells_them_and_adds_nobody(
        self, client, team, stakeholder, django_capture_on_commit_callbacks
    ):
        group, request = self.setup_request(stakeholder)
        client.force_login(team)
        response = post(
            client,
            url("request_decide", pk=request.pk),
            {"decision": "refuse"},
            capture=django_capture_on_commit_callbacks,
        )
        assert "refusée" in messages_of(response)[0]
        request.refresh_from_db()
        assert request.status == JoinRequest.Status.REFUSED
        assert not Membership.objects.filter(body=group.body).exists()
        (message,) = mail.outbox
        assert "n'a pas pu être acceptée" in message.body
        # Refused, one may ask again.
        services.group_join(group=group, user=stakeholder)
        assert JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count() == 1

    def test_deciding_twice_or_without_a_choice(
        self, client, team, stakeholder, django_capture_on_commit_callbacks
    ):
        group, request = self.setup_request(stakeholder)
        client.force_login(team)
        response = post(
            client,
            url("request_decide", pk=request.pk),
            {"decision": "peut-être"},
            capture=django_capture_on_commit_callbacks,
        )
        assert messages_of(response) == ["Choisissez d'accepter ou de refuser la demande."]
        post(
            client,
            url("request_decide", pk=request.pk),
            {"decision": "accept"},
            capture=django_capture_on_commit_callbacks,
        )
        mail.outbox.clear()
        response = post(
            client,
            url("request_decide", pk=request.pk),
            {"decision": "refuse"},
            capture=django_capture_on_commit_callbacks,
        )
        assert messages_of(response) == ["Cette demande a déjà été traitée."]
        request.refresh_from_db()
        assert request.status == JoinRequest.Status.ACCEPTED
        assert mail.outbox == []

    def test_the_service_itself_refuses_someone_outside_the_team(self, stakeholder):
        group, request = self.setup_request(stakeholder)
        with pytest.raises(PermissionDenied):
            services.join_request_decide(request=request, accept=True, by=stakeholder)
        request.refresh_from_db()
        assert request.status == JoinRequest.Status.PENDING

    def test_unknown_request_is_404(self, client, team):
        client.force_login(team)
        assert (
            client.post(url("request_decide", pk=999999), {"decision": "accept"}).status_code == 404
        )


class TestLeave:
    def test_leave_closes_the_membership_today(
        self, client, stakeholder, django_capture_on_commit_callbacks
    ):
        group = make_group()
        membership = add(group, stakeholder)
        client.force_login(stakeholder)
        response = post(client, url("leave", group), capture=django_capture_on_commit_callbacks)
        assert messages_of(response) == ["Vous avez quitté le groupe de travail."]
        membership.refresh_from_db()
        assert membership.until == timezone.localdate()
        body = text_of(response)
        assert "Rejoindre le groupe" in body
        assert "Quitter le groupe" not in body
        assert "0 membre" in body
        with pytest.raises(ValidationError) as error:
            services.group_leave(group=group, user=stakeholder)
        assert error.value.messages == ["Vous n'êtes pas membre de ce groupe de travail."]

    def test_one_may_come_back_the_same_day(self, stakeholder):
        group = make_group()
        services.group_join(group=group, user=stakeholder)
        services.group_leave(group=group, user=stakeholder)
        services.group_join(group=group, user=stakeholder)
        assert current_members(group) == {stakeholder.pk}
        assert Membership.objects.filter(body=group.body, user=stakeholder).count() == 2

    def test_leaving_a_group_one_is_not_in(
        self, client, stakeholder, django_capture_on_commit_callbacks
    ):
        group = make_group()
        client.force_login(stakeholder)
        response = post(client, url("leave", group), capture=django_capture_on_commit_callbacks)
        assert messages_of(response) == ["Vous n'êtes pas membre de ce groupe de travail."]


# ------------------------------------------------------------------------------ the pages
class TestGroupPage:
    def test_what_the_public_sees_and_what_it_does_not(self, client, team):
        group = make_group(join_policy=APPROVAL)
        group.objectives.set([Objective.objects.get(slug="filieres-d-excellence")])
        group.filieres.set([Filiere.objects.get(slug="mer")])
        listed = OrganisationFactory(name="Criée de Douarnenez", listed_in_directory=True)
        unlisted = OrganisationFactory(name="SARL Discrète", listed_in_directory=False)
        consultant = UserFactory(first_name="Claire", last_name="Consultante")
        add(group, consultant, role=Membership.Role.FACILITATOR)
        alice = add(
            group, UserFactory(first_name="Alice", last_name="Secretname", organisation=listed)
        ).user
        add(group, UserFactory(last_name="Hiddenname", organisation=listed))
        add(group, UserFactory(last_name="Privatename", organisation=unlisted))
        add(group, UserFactory(last_name="Gonename"), until=timezone.localdate())  # left today
        add(
            group, UserFactory(last_name="Pastname"), until=timezone.localdate() - timedelta(days=3)
        )

        response = client.get(group.get_absolute_url())
        assert response.status_code == 200
        body = text_of(response)
        assert "Faire de la mer un atout" in body
        assert "Présentation du groupe Mer et littoral." in body
        assert "Se positionner sur les filières" in body
        assert "Claire Consultante" in body
        assert "3 membres" in body
        assert "Criée de Douarnenez" in body
        assert body.count("Criée de Douarnenez") == 1  # distinct
        assert "SARL Discrète" not in body
        assert "Et 1 autre organisation." in body
        for name in ("Secretname", "Hiddenname", "Privatename", "Gonename", "Pastname"):
            assert name not in body
        assert "Sur validation de l'équipe projet" in body

        client.force_login(team)
        body = text_of(client.get(group.get_absolute_url()))
        assert "Liste des membres" in body
        assert alice.last_name in body
        assert "SARL Discrète" in body
        assert "Gonename" not in body

    def test_workshops_upcoming_and_past_visible_ones_only(self, client, team, stakeholder):
        group = make_group()
        other = make_group("Autre groupe")
        now = timezone.now()
        MeetingFactory(
            kind=Meeting.Kind.WORKSHOP,
            body=group.body,
            title="Atelier à venir",
            start=now + timedelta(days=5),
        )
        MeetingFactory(
            kind=Meeting.Kind.WORKSHOP,
            body=group.body,
            title="Atelier passé",
            start=now - timedelta(days=30),
            status=Meeting.Status.HELD,
        )
        MeetingFactory(
            kind=Meeting.Kind.WORKSHOP,
            body=group.body,
            title="Atelier brouillon",
            start=now + timedelta(days=8),
            status=Meeting.Status.DRAFT,
        )
        MeetingFactory(
            kind=Meeting.Kind.WORKSHOP,
            body=group.body,
            title="Atelier entre membres",
            start=now + timedelta(days=9),
            visibility=Meeting.Visibility.MEMBERS,
        )
        MeetingFactory(
            kind=Meeting.Kind.WORKSHOP,
            body=other.body,
            title="Atelier d'un autre",
            start=now + timedelta(days=5),
        )
        MeetingFactory(
            kind=Meeting.Kind.PLENARY,
            body=group.body,
            title="Pas un atelier",
            start=now + timedelta(days=5),
        )

        def page(user=None):
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(group.get_absolute_url())
            return response.context["page"], text_of(response)

        data, body = page()
        assert [m.title for m in data.upcoming] == ["Atelier à venir"]
        assert f'href="/ateliers/{data.upcoming[0].slug}/"' in body
        assert [m.title for m in data.past] == ["Atelier passé"]
        for hidden in (
            "Atelier brouillon",
            "Atelier entre membres",
            "Atelier d'un autre",
            "Pas un atelier",
        ):
            assert hidden not in body
        member = add(group).user
        data, body = page(member)
        assert [m.title for m in data.upcoming] == ["Atelier à venir", "Atelier entre membres"]
        assert "Atelier brouillon" not in body
        data, body = page(team)
        assert "Atelier brouillon" in body
        assert "Brouillon" in body

    def test_unknown_group_is_404(self, client):
        assert client.get(url("detail", slug="nexiste-pas")).status_code == 404
        assert client.post(url("join", slug="nexiste-pas")).status_code == 404


class TestList:
    def test_this_year_first_then_past_years_by_year(self, client, stakeholder):
        make_group("Groupe de cette année")
        make_group("Groupe d'il y a deux ans", year=THIS_YEAR - 2)
        make_group("Groupe de l'an dernier A", year=THIS_YEAR - 1)
        make_group("Groupe de l'an dernier B", year=THIS_YEAR - 1, join_policy=APPROVAL)
        mine = make_group("Mon groupe")
        add(mine, stakeholder)
        add(mine)
        client.force_login(stakeholder)
        response = client.get(url("list"))
        body = text_of(response)
        overview = response.context["overview"]
        assert [g.body.name for g in overview.current] == ["Groupe de cette année", "Mon groupe"]
        # past years: one line each on the list, their groups on the year's own page
        assert overview.past_years == [(THIS_YEAR - 1, 2), (THIS_YEAR - 2, 1)]
        assert "Groupe de l'an dernier A" not in body
        order = [
            "Groupe de cette année",
            "Mon groupe",
            french_spacing(f"{THIS_YEAR - 1} : 2 groupes"),
        ]
        positions = [body.index(text) for text in order]
        assert positions == sorted(positions)
        last_year = client.get(url("year", year=THIS_YEAR - 1))
        assert [g.body.name for g in last_year.context["data"].groups] == [
            "Groupe de l'an dernier A",
            "Groupe de l'an dernier B",
        ]
        assert client.get(url("year", year=1990)).status_code == 404
        assert "2 membres" in body
        assert "Vous en êtes membre" in body
        assert "Sur validation de l'équipe projet" in text_of(last_year)
        assert "Adhésion immédiate" in body


# ------------------------------------------------------------------ the project team's forms
def group_data(**overrides):
    data = {
        "name": "Accueillir les talents",
        "year": str(THIS_YEAR),
        "theme": "Attirer et garder les compétences",
        "description": "Un groupe pour les employeurs.",
        "objectives": [str(Objective.objects.get(slug="stimuler-les-initiatives").pk)],
        "filieres": [str(Filiere.objects.get(slug="tourisme").pk)],
        "join_policy": "approval",
        "facilitators": [],
    }
    data.update(overrides)
    return data


class TestManage:
    def test_create_a_group_with_its_body_and_facilitators(self, client, team):
        consultant = UserFactory()
        client.force_login(team)
        assert "Créer un groupe de travail" in text_of(client.get(url("create")))
        response = client.post(
            url("create"), group_data(facilitators=[str(consultant.pk)]), follow=True
        )
        group = WorkingGroup.objects.select_related("body").get()
        assert response.redirect_chain[-1][0] == group.get_absolute_url()
        assert group.body.kind == Body.Kind.WORKING_GROUP
        assert group.body.name == "Accueillir les talents"
        assert group.body.year == THIS_YEAR
        assert group.body.slug == f"accueillir-les-talents-{THIS_YEAR}"
        assert group.join_policy == APPROVAL
        assert [o.slug for o in group.objectives.all()] == ["stimuler-les-initiatives"]
        assert [f.slug for f in group.filieres.all()] == ["tourisme"]
        membership = Membership.objects.get(body=group.body)
        assert (membership.user, membership.role) == (consultant, Membership.Role.FACILITATOR)
        assert consultant.get_full_name() in text_of(response)

    def test_an_invalid_form_says_what_to_change_and_saves_nothing(self, client, team):
        client.force_login(team)
        response = client.post(url("create"), group_data(name="", year="1800"))
        assert response.status_code == 200
        body = text_of(response)
        assert "Indiquez le nom du groupe." in body
        assert "Indiquez une année à partir de 2000." in body
        assert not Body.objects.filter(kind=Body.Kind.WORKING_GROUP).exists()

    def test_edit_keeps_the_address_and_swaps_facilitators(self, client, team):
        group = make_group()
        old = add(group, role=Membership.Role.FACILITATOR)
        promoted = add(group)  # a member becomes a facilitator
        client.force_login(team)
        page = text_of(client.get(url("edit", group)))
        assert 'value="Mer et littoral"' in page
        response = client.post(
            url("edit", group),
            group_data(
                name="Mer, littoral et ports",
                facilitators=[str(promoted.user_id)],
                join_policy="open",
                is_active="",
            ),
            follow=True,
        )
        assert messages_of(response) == ["Groupe de travail modifié."]
        group.refresh_from_db()
        group.body.refresh_from_db()
        assert group.body.slug == slugify(f"Mer et littoral-{THIS_YEAR}")
        assert group.body.name == "Mer, littoral et ports"
        assert group.body.is_active is False
        old.refresh_from_db()
        assert old.until == timezone.localdate()
        promoted.refresh_from_db()
        assert promoted.role == Membership.Role.FACILITATOR
        assert promoted.until is None
        assert Membership.objects.filter(body=group.body, until__isnull=True).count() == 1


# ------------------------------------------------------------------------ permission matrix
ROLES = ["anonymous", "stakeholder", "member", "facilitator", "team"]


@pytest.fixture
def world(db):
    group = make_group(join_policy=APPROVAL)
    member = add(group, UserFactory(last_name="Membrenomcache")).user
    facilitator = add(group, role=Membership.Role.FACILITATOR).user
    applicant = UserFactory(last_name="Candidat")
    request = services.group_join(group=group, user=applicant)
    mail.outbox.clear()
    users = {
        "anonymous": None,
        "stakeholder": UserFactory(),
        "member": member,
        "facilitator": facilitator,
        "team": UserFactory(role="equipe-projet"),
    }
    return group, request, users


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_list_and_detail_are_public(client, world, role):
    group, _request, users = world
    login(client, users[role])
    listing = client.get(url("list"))
    assert listing.status_code == 200
    assert group.body.name in text_of(listing)
    assert ("Créer un groupe de travail" in text_of(listing)) is (role == "team")
    page = client.get(group.get_absolute_url())
    assert page.status_code == 200
    body = text_of(page)
    assert ("Modifier le groupe" in body) is (role == "team")
    assert ("Demandes d'adhésion en attente" in body) is (role == "team")
    assert ("Candidat" in body) is (role == "team")
    assert ("Membrenomcache" in body) is (role in {"team", "facilitator"})
    assert ("Demander à rejoindre le groupe" in body) is (role in {"stakeholder", "team"})
    assert ("Quitter le groupe" in body) is (role in {"member", "facilitator"})


@pytest.mark.parametrize("role", ROLES)
def test_join(client, world, role, django_capture_on_commit_callbacks):
    group, _request, users = world
    user = users[role]
    before = JoinRequest.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, user).post(url("join", group))
    assert response.status_code == 302
    if role == "anonymous":
        assert response.url.startswith(reverse("account_login"))
    created = JoinRequest.objects.count() - before
    assert created == (1 if role in {"stakeholder", "team"} else 0)
    assert len(mail.outbox) == created


@pytest.mark.parametrize("role", ROLES)
def test_leave(client, world, role):
    group, _request, users = world
    user = users[role]
    response = login(client, user).post(url("leave", group))
    assert response.status_code == 302
    if user is not None:
        assert (
            Membership.objects.filter(body=group.body, user=user, until__isnull=False).exists()
        ) is (role in {"member", "facilitator"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["create", "edit", "edit-post"])
def test_manage(client, world, role, view):
    group, _request, users = world
    login(client, users[role])
    if view == "create":
        response = client.get(url("create"))
    elif view == "edit":
        response = client.get(url("edit", group))
    else:
        response = client.post(url("edit", group), group_data(name="Renommé"))
    if role == "team":
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
        assert "Renommé" not in Body.objects.get(pk=group.pk).name


@pytest.mark.parametrize("role", ROLES)
def test_decide(client, world, role, django_capture_on_commit_callbacks):
    group, request, users = world
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, users[role]).post(
            url("request_decide", pk=request.pk), {"decision": "accept"}
        )
    request.refresh_from_db()
    if role == "team":
        assert response.status_code == 302
        assert request.status == JoinRequest.Status.ACCEPTED
        assert len(mail.outbox) == 1
    else:
        assert response.status_code == 403
        assert request.status == JoinRequest.Status.PENDING
        assert mail.outbox == []


# ------------------------------------------------------------------------------ query counts
def _populate(size: int):
    now = timezone.now()
    for index in range(size):
        group = make_group(f"Groupe {size}-{index}", year=THIS_YEAR - index % 3)
        group.objectives.set(Objective.objects.all()[: 1 + index % 3])
        group.filieres.set(Filiere.objects.all()[: index % 2 + 1])
        add(group, role=Membership.Role.FACILITATOR)
    main = make_group(f"Groupe principal {size}", join_policy=APPROVAL)
    for index in range(size):
        add(main, UserFactory(organisation=OrganisationFactory(listed_in_directory=index % 2 == 0)))
        add(main, role=Membership.Role.FACILITATOR)
        services.group_join(group=main, user=UserFactory())
        MeetingFactory(
            kind=Meeting.Kind.WORKSHOP,
            body=main.body,
            start=now + timedelta(days=index - size // 2),
            status=[Meeting.Status.SCHEDULED, Meeting.Status.DRAFT][index % 2],
        )
    main.objectives.set(Objective.objects.all())
    return main


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "member", "team"])
def test_query_counts_do_not_grow(client, who):
    small = _populate(3)
    viewer = {
        "anonymous": None,
        "member": add(small).user,
        "team": UserFactory(role="equipe-projet"),
    }[who]
    login(client, viewer)
    few = (_count(client, url("list")), _count(client, small.get_absolute_url()))
    large = _populate(30)
    if viewer is not None and who == "member":
        add(large, viewer)
    many = (_count(client, url("list")), _count(client, large.get_absolute_url()))
    assert few == many
    assert many[0] <= 12
    assert many[1] <= 16


# ------------------------------------------------------------------- concurrency (PostgreSQL)
def _run_together(function, count: int):
    """Call `function()` from `count` threads released at once (each its own connection)."""
    import threading

    barrier = threading.Barrier(count)
    errors, results = [], []

    def worker():
        try:
            barrier.wait(timeout=30)
            results.append(function())
        except ValidationError as error:
            errors.append(error.messages)
        except Exception as error:  # noqa: BLE001 - any other error fails the test below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("policy", [OPEN, APPROVAL])
def test_simultaneous_clicks_make_one_membership_or_one_request(policy):
    group = make_group(join_policy=policy)
    user = UserFactory()
    results, errors = _run_together(lambda: services.group_join(group=group, user=user), 6)
    assert len(results) == 1
    expected = (
        ["Vous êtes déjà membre de ce groupe de travail."]
        if policy == OPEN
        else ["Votre demande d'adhésion est déjà en attente de la réponse de l'équipe projet."]
    )
    assert errors == [expected] * 5
    if policy == OPEN:
        assert Membership.objects.filter(body=group.body, user=user).count() == 1
    else:
        assert JoinRequest.objects.filter(group=group, user=user).count() == 1
