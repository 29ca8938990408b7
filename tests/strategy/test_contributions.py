"""Contributions in workshops: the services' rules, capture through the front door (own and on
behalf of a participant), support, moderation, the permission matrix, the workshop section
(selector + template) and the sanitising of what people write."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from apps.governance.models import Meeting, Participation
from apps.strategy import services
from apps.strategy.models import Contribution, Filiere, PriorityAction, Support
from apps.strategy.selectors import workshop_contributions
from tests.accounts.factories import UserFactory
from tests.governance.factories import register
from tests.strategy.factories import (
    ChallengeFactory,
    ContributionFactory,
    SupportFactory,
    first_objective,
)
from tests.strategy.helpers import XSS, assert_sanitised, fragment
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------- fixtures
class World:
    """One workshop, and someone in every role around it."""

    def __init__(self):
        self.facilitator = UserFactory(first_name="Fanny", last_name="Facilitatrice")
        self.workshop = WorkshopFactory(facilitators=[self.facilitator])
        self.meeting = self.workshop.meeting
        self.team = UserFactory(role="equipe-projet", first_name="Théo", last_name="Équipe")
        self.stakeholder = UserFactory(first_name="Sam", last_name="Passant")
        self.participant = register(
            self.meeting, UserFactory(first_name="Paul", last_name="Inscrit")
        ).user
        self.other = register(self.meeting, UserFactory(first_name="Olga", last_name="Autre")).user
        self.contribution = ContributionFactory(meeting=self.meeting, author=self.other)

    def user(self, role):
        return {
            "anonymous": None,
            "stakeholder": self.stakeholder,
            "participant": self.participant,
            "facilitator": self.facilitator,
            "team": self.team,
        }[role]


@pytest.fixture
def world():
    return World()


ROLES = ["anonymous", "stakeholder", "participant", "facilitator", "team"]


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def add_url(meeting):
    return reverse("strategy:contribution_add", kwargs={"slug": meeting.slug})


def workshop_path(meeting) -> str:
    return f"/ateliers/{meeting.slug}/"


def contribution_data(**overrides):
    data = {
        "type": Contribution.Type.PERCEPTION,
        "text": "La Cornouaille manque de visibilité auprès des jeunes actifs.",
        "objectives": [str(first_objective().pk)],
    }
    data.update(overrides)
    return data


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def render_section(meeting, user=None) -> str:
    """The workshop section as the workshop page includes it."""
    request = RequestFactory().get(workshop_path(meeting))
    request.user = user or AnonymousUser()
    context = {
        "contributions": workshop_contributions(meeting=meeting, user=request.user),
        "meeting": meeting,
    }
    return render_to_string("strategy/_workshop_contributions.html", context, request=request)


# ---------------------------------------------------------------------------------- services
class TestServices:
    def test_create_ties_the_contribution_to_its_themes(self, world):
        challenge = ChallengeFactory()
        mer = Filiere.objects.get(slug="mer")
        contribution = services.contribution_create(
            meeting=world.meeting,
            author=world.participant,
            captured_by=world.participant,
            type=Contribution.Type.STRENGTH,
            text="  Des ports actifs toute l'année.  ",
            filieres=[mer],
            challenges=[challenge],
        )
        assert contribution.text == "Des ports actifs toute l'année."
        assert list(contribution.filieres.all()) == [mer]
        assert list(contribution.challenges.all()) == [challenge]

    @pytest.mark.parametrize(
        ("text", "themes", "message"),
        [
            ("", True, "vide"),
            ("   \n ", True, "vide"),
            ("x" * 5001, True, "5000"),
            ("Une idée sans thème.", False, "au moins un objectif"),
        ],
        ids=["empty", "blank", "oversized", "no-theme"],
    )
    def test_refused_without_saving(self, world, text, themes, message):
        before = Contribution.objects.count()
        with pytest.raises(ValidationError) as error:
            services.contribution_create(
                meeting=world.meeting,
                author=world.participant,
                captured_by=world.participant,
                type=Contribution.Type.NEED,
                text=text,
                objectives=[first_objective()] if themes else [],
            )
        assert message in " ".join(error.value.messages)
        assert Contribution.objects.count() == before

    def test_exactly_5000_characters_is_accepted(self, world):
        contribution = services.contribution_create(
            meeting=world.meeting,
            author=world.participant,
            captured_by=world.participant,
            type=Contribution.Type.NEED,
            text="x" * 5000,
            objectives=[first_objective()],
        )
        assert len(contribution.text) == 5000

    def test_support_once(self, world):
        services.contribution_support(contribution=world.contribution, user=world.participant)
        with pytest.raises(ValidationError, match="déjà"):
            services.contribution_support(contribution=world.contribution, user=world.participant)
        assert Support.objects.filter(contribution=world.contribution).count() == 1

    def test_cannot_support_own(self, world):
        with pytest.raises(ValidationError, match="propre contribution"):
            services.contribution_support(contribution=world.contribution, user=world.other)
        assert not Support.objects.exists()

    def test_hide_keeps_the_row(self, world):
        services.contribution_hide(
            contribution=world.contribution, by=world.team, reason="Propos injurieux"
        )
        world.contribution.refresh_from_db()
        assert Contribution.objects.filter(pk=world.contribution.pk).exists()
        assert world.contribution.is_hidden
        assert world.contribution.hidden_reason == "Propos injurieux"
        assert world.contribution.hidden_by == world.team
        assert world.contribution.history.count() == 2  # created, then hidden

    def test_hide_needs_a_reason(self, world):
        with pytest.raises(ValidationError, match="motif"):
            services.contribution_hide(contribution=world.contribution, by=world.team, reason=" ")
        world.contribution.refresh_from_db()
        assert not world.contribution.is_hidden


# ------------------------------------------------------------------------ capture, front door
class TestCapture:
    def test_participant_adds_own_and_goes_back_to_the_workshop(self, client, world):
        login(client, world.participant)
        response = client.post(add_url(world.meeting), contribution_data())
        contribution = Contribution.objects.get(author=world.participant)
        assert response.status_code == 302
        assert response.url == f"{workshop_path(world.meeting)}#contribution-{contribution.pk}"
        assert contribution.captured_by == world.participant
        assert contribution.meeting == world.meeting
        assert "Merci, votre contribution est enregistrée." in flash(response)

    def test_checked_in_walk_in_may_contribute(self, client, world):
        walk_in = UserFactory()
        Participation.objects.create(
            meeting=world.meeting,
            user=walk_in,
            status=Participation.Status.ATTENDING,
            attended=True,
            walk_in=True,
        )
        login(client, walk_in)
        client.post(add_url(world.meeting), contribution_data())
        assert Contribution.objects.filter(author=walk_in).exists()

    def test_waitlisted_may_not(self, client, world):
        waiting = UserFactory()
        Participation.objects.create(
            meeting=world.meeting, user=waiting, status=Participation.Status.WAITLISTED
        )
        login(client, waiting)
        response = client.post(add_url(world.meeting), contribution_data())
        assert response.status_code == 302
        assert not Contribution.objects.filter(author=waiting).exists()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"text": ""}, "La contribution est vide"),
            ({"text": "y" * 5001}, "dépasse 5000 caractères"),
            ({"objectives": []}, "au moins un objectif, une filière ou un défi"),
            ({"type": ""}, "Choisissez le type"),
        ],
        ids=["empty", "oversized", "no-theme", "no-type"],
    )
    def test_refused_form_says_what_to_change_and_keeps_the_text(
        self, client, world, overrides, message
    ):
        login(client, world.participant)
        before = Contribution.objects.count()
        data = contribution_data(**overrides)
        response = client.post(add_url(world.meeting), data)
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body
        assert "La contribution n'a pas été enregistrée" in body
        if data["text"]:
            assert data["text"] in body  # the typed text is still there
        assert Contribution.objects.count() == before

    def test_facilitator_captures_for_a_participant(self, client, world):
        login(client, world.facilitator)
        response = client.post(
            add_url(world.meeting), contribution_data(author=str(world.participant.pk))
        )
        contribution = Contribution.objects.get(author=world.participant)
        assert contribution.captured_by == world.facilitator
        assert "La contribution de Paul Inscrit est enregistrée." in flash(response)

    def test_cannot_capture_for_someone_outside_the_workshop(self, client, world):
        login(client, world.facilitator)
        response = client.post(
            add_url(world.meeting), contribution_data(author=str(world.stakeholder.pk))
        )
        assert response.status_code == 200
        assert not Contribution.objects.filter(author=world.stakeholder).exists()
        assert Contribution.objects.count() == 1

    def test_participant_cannot_speak_for_someone_else(self, client, world):
        """The « au nom de » field is not theirs: a forged one is ignored."""
        login(client, world.participant)
        client.post(add_url(world.meeting), contribution_data(author=str(world.other.pk)))
        latest = Contribution.objects.latest("pk")
        assert latest.author == world.participant
        assert Contribution.objects.filter(author=world.other).count() == 1  # the fixture's

    def test_cancelled_workshop_takes_no_contribution(self, client, world):
        world.meeting.status = Meeting.Status.CANCELLED
        world.meeting.save()
        login(client, world.participant)
        response = client.post(add_url(world.meeting), contribution_data())
        assert response.status_code == 302
        assert not Contribution.objects.filter(author=world.participant).exists()
        assert "Cet atelier n'accepte pas de contributions." in flash(response)

    def test_not_a_workshop_is_404(self, client, world):
        world.meeting.kind = Meeting.Kind.PLENARY
        world.meeting.save()
        login(client, world.participant)
        assert client.post(add_url(world.meeting), contribution_data()).status_code == 404

    def test_get_shows_the_capture_page(self, client, world):
        login(client, world.facilitator)
        response = client.get(add_url(world.meeting))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Ajouter une contribution" in body
        assert 'name="author"' in body  # the « au nom de » select
        assert "Paul Inscrit" in body and "Sam Passant" not in body

    def test_state_changes_are_post_only(self, client, world):
        login(client, world.team)
        for name in ("contribution_support", "contribution_hide", "contribution_unhide"):
            url = reverse(f"strategy:{name}", args=[world.contribution.pk])
            assert client.get(url).status_code == 405


# --------------------------------------------------------------------- support and moderation
class TestSupportAndModeration:
    def test_support_once_through_the_page(self, client, world):
        login(client, world.participant)
        url = reverse("strategy:contribution_support", args=[world.contribution.pk])
        first = client.post(url)
        second = client.post(url)
        assert first.url == f"{workshop_path(world.meeting)}#contribution-{world.contribution.pk}"
        assert "Votre soutien est enregistré." in flash(first)
        assert "Vous soutenez déjà cette contribution." in flash(second)
        assert Support.objects.filter(contribution=world.contribution).count() == 1

    def test_own_contribution_cannot_be_supported(self, client, world):
        login(client, world.other)
        response = client.post(
            reverse("strategy:contribution_support", args=[world.contribution.pk])
        )
        assert "Vous ne pouvez pas soutenir votre propre contribution." in flash(response)
        assert not Support.objects.exists()

    def test_hide_needs_a_reason_through_the_page(self, client, world):
        login(client, world.team)
        response = client.post(
            reverse("strategy:contribution_hide", args=[world.contribution.pk]), {"reason": ""}
        )
        assert response.status_code == 302
        assert "Indiquez le motif du masquage." in flash(response)
        world.contribution.refresh_from_db()
        assert not world.contribution.is_hidden

    def test_hide_then_unhide(self, client, world):
        login(client, world.team)
        client.post(
            reverse("strategy:contribution_hide", args=[world.contribution.pk]),
            {"reason": "Hors sujet"},
        )
        world.contribution.refresh_from_db()
        assert world.contribution.is_hidden and world.contribution.hidden_reason == "Hors sujet"
        client.post(reverse("strategy:contribution_unhide", args=[world.contribution.pk]))
        world.contribution.refresh_from_db()
        assert not world.contribution.is_hidden

    def test_hidden_contribution_cannot_be_supported(self, client, world):
        services.contribution_hide(
            contribution=world.contribution, by=world.team, reason="Hors sujet"
        )
        login(client, world.participant)
        client.post(reverse("strategy:contribution_support", args=[world.contribution.pk]))
        assert not Support.objects.exists()


# -------------------------------------------------------------------------- permission matrix
EXPECTED = {
    # role: (add own, add for others, support, hide, make action)
    "anonymous": (False, False, False, False, False),
    "stakeholder": (False, False, False, False, False),
    "participant": (True, False, True, False, False),
    "facilitator": (True, True, True, False, True),
    "team": (True, True, False, True, True),
}


@pytest.mark.parametrize("role", ROLES)
class TestPermissionMatrix:
    def test_add_own(self, client, world, role):
        user = world.user(role)
        login(client, user)
        before = Contribution.objects.count()
        response = client.post(add_url(world.meeting), contribution_data(text="Mon idée à moi."))
        added = Contribution.objects.filter(text="Mon idée à moi.")
        assert added.exists() is EXPECTED[role][0]
        if EXPECTED[role][0]:
            assert added.get().author == user
        else:
            assert Contribution.objects.count() == before
            assert response.status_code == 302
            if user is None:
                assert response.url.startswith(reverse("account_login"))

    def test_add_for_others(self, client, world, role):
        login(client, world.user(role))
        client.post(
            add_url(world.meeting),
            contribution_data(text="Dit par Paul.", author=str(world.participant.pk)),
        )
        spoken_for = Contribution.objects.filter(text="Dit par Paul.", author=world.participant)
        if role == "participant":
            # Paul is writing for himself: the forged field changes nothing.
            assert spoken_for.get().captured_by == world.participant
        else:
            assert spoken_for.exists() is EXPECTED[role][1]

    def test_support(self, client, world, role):
        login(client, world.user(role))
        response = client.post(
            reverse("strategy:contribution_support", args=[world.contribution.pk])
        )
        assert response.status_code == 302
        assert Support.objects.filter(contribution=world.contribution).exists() is EXPECTED[role][2]

    def test_hide(self, client, world, role):
        login(client, world.user(role))
        response = client.post(
            reverse("strategy:contribution_hide", args=[world.contribution.pk]),
            {"reason": "Hors sujet"},
        )
        world.contribution.refresh_from_db()
        assert world.contribution.is_hidden is EXPECTED[role][3]
        if role == "anonymous":
            assert response.url.startswith(reverse("account_login"))
        elif not EXPECTED[role][3]:
            assert response.status_code == 403

    def test_unhide(self, client, world, role):
        services.contribution_hide(contribution=world.contribution, by=world.team, reason="Doublon")
        login(client, world.user(role))
        client.post(reverse("strategy:contribution_unhide", args=[world.contribution.pk]))
        world.contribution.refresh_from_db()
        assert world.contribution.is_hidden is not EXPECTED[role][3]

    def test_make_action(self, client, world, role):
        login(client, world.user(role))
        url = f"{reverse('strategy:action_create')}?contributions={world.contribution.pk}"
        page = client.get(url)
        created = client.post(
            reverse("strategy:action_create"),
            {
                "contributions": str(world.contribution.pk),
                "title": "Un guichet d'accueil des nouveaux arrivants",
                "objective": str(first_objective().pk),
            },
        )
        made = PriorityAction.objects.filter(contributions=world.contribution).exists()
        assert made is EXPECTED[role][4]
        if role == "anonymous":
            assert page.url.startswith(reverse("account_login"))
        elif EXPECTED[role][4]:
            assert page.status_code == 200
            assert created.status_code == 302
        else:
            assert page.status_code == created.status_code == 403

    def test_section_offers_what_the_role_may_do(self, world, role):
        box = workshop_contributions(
            meeting=world.meeting, user=world.user(role) or AnonymousUser()
        )
        add, for_others, support, hide, make_action = EXPECTED[role]
        assert box["can_add"] is add
        assert box["can_add_for_others"] is for_others
        assert box["can_support"] is support
        assert box["can_hide"] is hide
        assert box["can_make_action"] is make_action
        assert (box["form"] is not None) is add
        html = render_section(world.meeting, world.user(role))
        assert (f'action="{add_url(world.meeting)}"' in html) is add
        assert ('name="author"' in html) is for_others
        assert ("Je soutiens" in html) is support
        assert ('name="reason"' in html) is hide
        assert ('name="contributions"' in html) is make_action


# ------------------------------------------------------------------------ the workshop section
class TestWorkshopSection:
    def test_grouped_by_type_with_author_themes_and_supports(self, world):
        mer = Filiere.objects.get(slug="mer")
        strength = ContributionFactory(
            meeting=world.meeting,
            author=world.participant,
            type=Contribution.Type.STRENGTH,
            text="Des **ports** vivants.",
            filieres=[mer],
        )
        SupportFactory(contribution=strength, user=world.other)
        SupportFactory(contribution=strength, user=world.facilitator)
        box = workshop_contributions(meeting=world.meeting, user=world.other)
        assert [g["type"] for g in box["groups"]] == ["need", "strength"]  # the method's order
        item = box["groups"][1]["items"][0]
        assert item.support_count == 2 and item.supported and not item.viewer_may_support
        html = render_section(world.meeting, world.other)
        card = fragment(html, strength)
        assert "Atout" in card and "<strong>ports</strong>" in card
        assert "Paul Inscrit" in card and "Mer" in card and "2 soutiens" in card
        assert "Vous soutenez" in card

    def test_no_email_shown_for_a_nameless_author(self, world):
        nameless = UserFactory(first_name="", last_name="", email="secret@example.org")
        ContributionFactory(meeting=world.meeting, author=nameless)
        html = render_section(world.meeting)
        assert "secret@example.org" not in html

    def test_hidden_only_for_the_team_with_its_reason(self, world):
        services.contribution_hide(
            contribution=world.contribution, by=world.team, reason="Propos injurieux"
        )
        for user in (None, world.stakeholder, world.participant, world.facilitator):
            html = render_section(world.meeting, user)
            assert f"contribution-{world.contribution.pk}" not in html
            assert world.contribution.text not in html
            box = workshop_contributions(meeting=world.meeting, user=user or AnonymousUser())
            assert world.contribution not in box["items"]
        html = render_section(world.meeting, world.team)
        card = fragment(html, world.contribution)
        assert "Masquée" in card and "Propos injurieux" in card
        assert "Rendre visible" in card

    def test_participants_for_the_au_nom_de_select(self, world):
        cancelled = UserFactory()
        Participation.objects.create(
            meeting=world.meeting, user=cancelled, status=Participation.Status.CANCELLED
        )
        box = workshop_contributions(meeting=world.meeting, user=world.facilitator)
        assert set(box["participants"]) == {world.participant, world.other}

    def test_form_is_pre_checked_with_the_workshop_themes(self, world):
        mer = Filiere.objects.get(slug="mer")
        world.workshop.filieres.set([mer])
        box = workshop_contributions(meeting=world.meeting, user=world.participant)
        assert box["form"].initial["filieres"] == [mer.pk]

    @pytest.mark.parametrize("n", [3, 40])
    def test_constant_queries(self, world, n, django_assert_max_num_queries):
        challenge = ChallengeFactory()
        for i in range(n):
            contribution = ContributionFactory(
                meeting=world.meeting,
                type=Contribution.Type.values[i % 5],
                challenges=[challenge],
            )
            SupportFactory(contribution=contribution, user=world.participant)
        # Fresh objects, as in a request: nothing cached from the setup.
        meeting = Meeting.objects.get(pk=world.meeting.pk)
        facilitator = type(world.facilitator).objects.get(pk=world.facilitator.pk)
        with django_assert_max_num_queries(18):
            html = render_section(meeting, facilitator)
        assert html.count('class="card mb-3 contribution') == n + 1


# ------------------------------------------------------------------------------- sanitising
class TestSanitising:
    def test_workshop_section(self, client, world):
        dangerous = ContributionFactory(meeting=world.meeting, author=world.participant, text=XSS)
        assert_sanitised(render_section(world.meeting), dangerous)
        # and on the capture page, where the section is shown with the form
        login(client, world.facilitator)
        assert_sanitised(client.get(add_url(world.meeting)).content.decode(), dangerous)

    def test_through_capture_and_the_workshop_page(self, client, world):
        login(client, world.participant)
        client.post(add_url(world.meeting), contribution_data(text=XSS))
        dangerous = Contribution.objects.get(author=world.participant)
        assert dangerous.text == XSS.strip()  # stored as typed, sanitised when shown
        # The workshop page (apps.workshops) includes the section: sanitised there as well.
        response = client.get(workshop_path(world.meeting))
        assert response.status_code == 200
        assert_sanitised(response.content.decode(), dangerous)
