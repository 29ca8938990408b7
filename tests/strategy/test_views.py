"""The strategy pages through the front door: overview, objective, priority actions (list,
page, creation from contributions, citing more, update), traceability, hidden contributions,
sanitising, and constant query counts whatever the number of contributions and actions."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from apps.governance.models import Meeting
from apps.strategy import services
from apps.strategy.models import Contribution, Filiere, Objective, PriorityAction
from tests.accounts.factories import UserFactory
from tests.governance.factories import register
from tests.stakeholders.factories import OrganisationFactory
from tests.strategy.factories import (
    ChallengeFactory,
    ContributionFactory,
    PriorityActionFactory,
    SupportFactory,
)
from tests.strategy.helpers import XSS, assert_sanitised, fragment
from tests.workshops.factories import WorkshopFactory, WorkshopMeetingFactory

pytestmark = pytest.mark.django_db


def objectives() -> list[Objective]:
    return list(Objective.objects.order_by("position"))


def workshop_path(meeting) -> str:
    return f"/ateliers/{meeting.slug}/"


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# The same bound for 3 and for 40 contributions and actions (a signed-in stakeholder: session,
# user and permission queries included).
QUERIES = {
    "overview": 11,
    "objective": 12,
    "actions": 9,
    "action": 10,
}  # action: + the decisions about it (minutes hook), + its target publics, + « do I follow it »
# (notifications' follow button)


@pytest.fixture
def team_client(client, project_lead):
    client.force_login(project_lead)
    return client


# ---------------------------------------------------------------------------------- overview
class TestOverview:
    def test_objectives_challenges_actions_and_counts(self, client):
        first, second = objectives()[:2]
        challenge = ChallengeFactory(objective=first, title="Donner envie de rester")
        action = PriorityActionFactory(
            objective=first,
            challenge=challenge,
            title="Un réseau d'ambassadeurs",
            progress=60,
            status=PriorityAction.Status.IN_PROGRESS,
        )
        PriorityActionFactory(objective=second, title="Une marque partagée")
        ContributionFactory(objectives=[first])
        ContributionFactory(objectives=[], challenges=[challenge])  # through its challenge
        ContributionFactory(objectives=[first, second])
        hidden = ContributionFactory(objectives=[first])
        services.contribution_hide(contribution=hidden, by=None, reason="Doublon")

        response = client.get(reverse("strategy:overview"))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Donner envie de rester" in body
        assert escape(action.title) in body and action.get_absolute_url() in body
        assert "En cours" in body
        assert 'max="100" value="60"' in body
        objectives_ = {o.pk: o for o in response.context["objectives"]}
        assert objectives_[first.pk].contribution_count == 3  # hidden one not counted
        assert objectives_[second.pk].contribution_count == 1
        assert "3 contributions" in body

    def test_contributions_of_members_only_workshops_are_not_counted_for_the_public(
        self, client, stakeholder
    ):
        meeting = WorkshopMeetingFactory(visibility=Meeting.Visibility.MEMBERS)
        ContributionFactory(meeting=meeting)
        response = client.get(reverse("strategy:overview"))
        assert response.context["objectives"][0].contribution_count == 0

    @pytest.mark.parametrize("n", [3, 40])
    def test_constant_queries(self, client, stakeholder, n, django_assert_max_num_queries):
        build(n)
        client.force_login(stakeholder)
        with django_assert_max_num_queries(QUERIES["overview"]):
            response = client.get(reverse("strategy:overview"))
        assert response.context["action_count"] == n


# ---------------------------------------------------------------------------------- objective
class TestObjectivePage:
    def test_challenges_actions_and_contributions_grouped_by_type(self, client):
        objective = objectives()[2]
        challenge = ChallengeFactory(objective=objective, title="Jouer collectif à l'export")
        PriorityActionFactory(objective=objective, challenge=challenge, title="Un salon commun")
        meeting = WorkshopMeetingFactory(title="Atelier mer et aliment")
        ContributionFactory(
            meeting=meeting,
            objectives=[objective],
            type=Contribution.Type.STRENGTH,
            text="Une criée *moderne*.",
        )
        ContributionFactory(
            meeting=meeting,
            objectives=[],
            challenges=[challenge],
            type=Contribution.Type.NEED,
            text="Des saisonniers logés.",
        )
        response = client.get(objective.get_absolute_url())
        body = response.content.decode()
        assert "Jouer collectif à l&#x27;export" in body and "Un salon commun" in body
        groups = response.context["groups"]
        assert [g["type"] for g in groups] == ["need", "strength"]
        assert "<em>moderne</em>" in body
        assert "Des saisonniers logés." in body
        assert f'href="{workshop_path(meeting)}"' in body
        assert "Atelier mer et aliment" in body

    def test_capped_per_type_with_voir_tout_then_paginated(self, client):
        objective = objectives()[0]
        for i in range(7):
            ContributionFactory(
                objectives=[objective], text=f"Perception n° {i}.", type="perception"
            )
        ContributionFactory(objectives=[objective], type="need", text="Un seul besoin.")
        response = client.get(objective.get_absolute_url())
        body = response.content.decode()
        perception = response.context["groups"][0]
        assert perception["total"] == 7 and len(perception["items"]) == 5 and perception["more"]
        assert "Perception n° 6." in body and "Perception n° 0." not in body  # the latest first
        assert "?type=perception" in body and "Voir tout (7)" in body
        assert "?type=need" not in body

        everything = client.get(objective.get_absolute_url(), {"type": "perception"})
        assert everything.status_code == 200
        assert len(everything.context["groups"][0]["items"]) == 7
        assert "Un seul besoin." not in everything.content.decode()

    def test_type_filter_pages_many_contributions(self, client):
        objective = objectives()[0]
        for _ in range(25):
            ContributionFactory(objectives=[objective], type="need")
        page_two = client.get(objective.get_absolute_url(), {"type": "need", "page": "2"})
        assert len(page_two.context["groups"][0]["items"]) == 5
        assert (
            client.get(objective.get_absolute_url(), {"type": "nope", "page": "x"}).status_code
            == 200
        )

    def test_hidden_contribution_never_shown_to_non_team(self, client, stakeholder, project_lead):
        objective = objectives()[0]
        hidden = ContributionFactory(objectives=[objective], text="Propos déplacé sur X.")
        services.contribution_hide(contribution=hidden, by=project_lead, reason="Injurieux")
        for user in (None, stakeholder):
            if user:
                client.force_login(user)
            for url in (
                objective.get_absolute_url(),
                f"{objective.get_absolute_url()}?type=need",
            ):
                assert "Propos déplacé sur X." not in client.get(url).content.decode()
        client.force_login(project_lead)
        body = client.get(objective.get_absolute_url()).content.decode()
        assert "Propos déplacé sur X." in body and "Masquée" in body

    def test_members_only_workshop_contributions_stay_with_members(self, client, stakeholder):
        meeting = WorkshopMeetingFactory(visibility=Meeting.Visibility.MEMBERS)
        ContributionFactory(meeting=meeting, text="Dit entre membres.")
        client.force_login(stakeholder)
        body = client.get(objectives()[0].get_absolute_url()).content.decode()
        assert "Dit entre membres." not in body

    def test_sanitised(self, client):
        dangerous = ContributionFactory(objectives=[objectives()[0]], text=XSS)
        body = client.get(objectives()[0].get_absolute_url()).content.decode()
        assert_sanitised(body, dangerous)

    @pytest.mark.parametrize("n", [3, 40])
    def test_constant_queries(self, client, stakeholder, n, django_assert_max_num_queries):
        build(n)
        client.force_login(stakeholder)
        url = objectives()[0].get_absolute_url()
        with django_assert_max_num_queries(QUERIES["objective"]):
            response = client.get(url)
        assert response.status_code == 200
        with django_assert_max_num_queries(QUERIES["objective"] + 1):  # + the paginator's count
            client.get(url, {"type": "need"})


# ------------------------------------------------------------------------------- action list
class TestActionList:
    def test_lists_with_status_progress_and_filters(self, client):
        first, second = objectives()[:2]
        lead = OrganisationFactory(name="CCI Finistère")
        done = PriorityActionFactory(
            objective=first,
            title="Accueil des nouveaux arrivants",
            status=PriorityAction.Status.DONE,
            progress=100,
            lead_organisation=lead,
        )
        running = PriorityActionFactory(objective=second, title="Marque Cornouaille", progress=30)
        body = client.get(reverse("strategy:actions")).content.decode()
        assert "Accueil des nouveaux arrivants" in body and "Marque Cornouaille" in body
        assert "Réalisée" in body and "CCI Finistère" in body
        assert 'value="100"' in body and 'value="30"' in body

        by_objective = client.get(reverse("strategy:actions"), {"objectif": second.slug})
        assert list(by_objective.context["page"].object_list) == [running]
        by_status = client.get(reverse("strategy:actions"), {"statut": "done"})
        assert list(by_status.context["page"].object_list) == [done]
        nonsense = client.get(reverse("strategy:actions"), {"objectif": "x", "statut": "y"})
        assert nonsense.status_code == 200
        assert nonsense.context["page"].paginator.count == 2

    def test_counts_only_visible_origins(self, client, project_lead):
        shown, hidden = ContributionFactory(), ContributionFactory()
        action = PriorityActionFactory(contributions=[shown, hidden])
        services.contribution_hide(contribution=hidden, by=project_lead, reason="Doublon")
        response = client.get(reverse("strategy:actions"))
        assert response.context["page"].object_list[0].contribution_count == 1
        assert action.contributions.count() == 2

    @pytest.mark.parametrize("n", [3, 40])
    def test_constant_queries(self, client, stakeholder, n, django_assert_max_num_queries):
        build(n)
        client.force_login(stakeholder)
        with django_assert_max_num_queries(QUERIES["actions"]):
            response = client.get(reverse("strategy:actions"))
        assert response.context["page"].paginator.count == n


# -------------------------------------------------------------------------------- action page
class TestActionPage:
    def test_page_shows_description_status_progress_lead_due_and_origins(self, client):
        lead = OrganisationFactory(name="Quimper Cornouaille Développement")
        meeting = WorkshopMeetingFactory(title="Atelier talents")
        origin = ContributionFactory(
            meeting=meeting, type=Contribution.Type.ACTION_IDEA, text="Un *pass* d'accueil."
        )
        action = PriorityActionFactory(
            title="Pass d'accueil des talents",
            description="Un **pass** pour les nouveaux arrivants.",
            status=PriorityAction.Status.VALIDATED,
            progress=25,
            lead_organisation=lead,
            due_date=timezone.localdate() + timedelta(days=90),
            contributions=[origin],
        )
        body = client.get(action.get_absolute_url()).content.decode()
        assert "<strong>pass</strong>" in body
        assert "Validée" in body
        assert '<progress id="avancement" max="100" value="25">' in body
        assert '<label for="avancement">' in body
        assert "Quimper Cornouaille Développement" in body
        assert action.due_date.strftime("%Y-%m-%d") in body
        assert "D&#x27;où vient cette action ?" in body or "D'où vient cette action ?" in body
        card = fragment(body, origin)
        assert "Idée d&#x27;action" in card or "Idée d'action" in card
        assert "<em>pass</em>" in card
        assert f'href="{workshop_path(meeting)}"' in card and "Atelier talents" in card
        assert "Mettre à jour l" not in body  # not for the public

    def test_unknown_action_is_404(self, client):
        assert client.get("/strategie/actions/inconnue/").status_code == 404

    def test_hidden_origin_never_shown_to_non_team(self, client, stakeholder, project_lead):
        hidden = ContributionFactory(text="Origine masquée.")
        shown = ContributionFactory(text="Origine visible.")
        action = PriorityActionFactory(contributions=[hidden, shown])
        services.contribution_hide(contribution=hidden, by=project_lead, reason="Doublon")
        for user in (None, stakeholder):
            if user:
                client.force_login(user)
            body = client.get(action.get_absolute_url()).content.decode()
            assert "Origine masquée." not in body and "Origine visible." in body
        client.force_login(project_lead)
        assert "Origine masquée." in client.get(action.get_absolute_url()).content.decode()

    def test_sanitised(self, client):
        dangerous = ContributionFactory(text=XSS)
        action = PriorityActionFactory(contributions=[dangerous], description=XSS)
        body = client.get(action.get_absolute_url()).content.decode()
        assert_sanitised(body, dangerous)
        description = body[body.index('class="action-description"') :]
        description = description[: description.index("</section>")]
        assert "<script" not in description and "onerror" not in description
        assert "javascript:" not in description

    @pytest.mark.parametrize("n", [3, 40])
    def test_constant_queries(self, client, stakeholder, n, django_assert_max_num_queries):
        action = build(n)[-1]
        client.force_login(stakeholder)
        with django_assert_max_num_queries(QUERIES["action"]):
            response = client.get(action.get_absolute_url())
        assert len(response.context["origins"]) == n


# ------------------------------------------------------------------------------ traceability
class TestTraceability:
    def test_action_from_two_contributions_of_two_workshops(self, team_client):
        challenge = ChallengeFactory(objective=objectives()[1], title="Attirer des talents")
        mer = Filiere.objects.get(slug="mer")
        first_meeting = WorkshopMeetingFactory(title="Atelier de Douarnenez")
        second_meeting = WorkshopMeetingFactory(title="Atelier de Concarneau")
        need = ContributionFactory(
            meeting=first_meeting,
            type=Contribution.Type.NEED,
            text="Trouver un logement en arrivant.",
            objectives=[objectives()[1]],
            challenges=[challenge],
            filieres=[mer],
        )
        idea = ContributionFactory(
            meeting=second_meeting,
            type=Contribution.Type.ACTION_IDEA,
            text="Un guichet unique pour les nouveaux arrivants.",
        )
        url = f"{reverse('strategy:action_create')}?contributions={need.pk},{idea.pk}"
        form_page = team_client.get(url)
        assert form_page.status_code == 200
        initial = form_page.context["form"].initial
        assert initial["objective"] == objectives()[1].pk
        assert initial["challenge"] == challenge.pk and initial["filiere"] == mer.pk

        lead = OrganisationFactory(name="Douarnenez Communauté")
        response = team_client.post(
            reverse("strategy:action_create"),
            {
                "contributions": f"{need.pk},{idea.pk}",
                "title": "Guichet unique d'accueil",
                "description": "Logement, emploi du conjoint, écoles.",
                "objective": str(objectives()[1].pk),
                "challenge": str(challenge.pk),
                "filiere": str(mer.pk),
                "lead_organisation": str(lead.pk),
                "due_date": (timezone.localdate() + timedelta(days=200)).isoformat(),
            },
        )
        action = PriorityAction.objects.get(title="Guichet unique d'accueil")
        assert response.status_code == 302 and response.url == action.get_absolute_url()
        assert set(action.contributions.all()) == {need, idea}
        assert action.lead_organisation == lead and action.challenge == challenge

        body = team_client.get(action.get_absolute_url()).content.decode()
        for contribution, meeting in ((need, first_meeting), (idea, second_meeting)):
            card = fragment(body, contribution)
            assert escape(contribution.text) in card
            assert escape(contribution.get_type_display()) in card
            assert f'href="{workshop_path(meeting)}"' in card
            assert escape(meeting.title) in card

    def test_facilitator_turns_their_workshop_contributions_into_an_action(self, client):
        facilitator = UserFactory()
        workshop = WorkshopFactory(facilitators=[facilitator])
        mine = ContributionFactory(meeting=workshop.meeting)
        elsewhere = ContributionFactory()
        client.force_login(facilitator)
        data = {"title": "Action issue de mon atelier", "objective": str(objectives()[0].pk)}
        refused = client.post(
            reverse("strategy:action_create"),
            {**data, "contributions": f"{mine.pk},{elsewhere.pk}"},
        )
        assert refused.status_code == 403
        assert not PriorityAction.objects.exists()
        client.post(reverse("strategy:action_create"), {**data, "contributions": str(mine.pk)})
        assert PriorityAction.objects.get().contributions.get() == mine

    def test_challenge_outside_the_objective_is_refused_with_the_form(self, team_client):
        contribution = ContributionFactory()
        challenge = ChallengeFactory(objective=objectives()[3])
        response = team_client.post(
            reverse("strategy:action_create"),
            {
                "contributions": str(contribution.pk),
                "title": "Action mal rangée",
                "objective": str(objectives()[0].pk),
                "challenge": str(challenge.pk),
            },
        )
        assert response.status_code == 200
        assert "Ce défi ne relève pas de l&#x27;objectif choisi." in response.content.decode()
        assert not PriorityAction.objects.exists()

    def test_hidden_contribution_cannot_found_an_action(self, team_client, project_lead):
        contribution = ContributionFactory()
        services.contribution_hide(contribution=contribution, by=project_lead, reason="Doublon")
        response = team_client.post(
            reverse("strategy:action_create"),
            {
                "contributions": str(contribution.pk),
                "title": "Action fondée sur du masqué",
                "objective": str(objectives()[0].pk),
            },
        )
        assert response.status_code == 200
        assert "Une contribution masquée ne peut pas fonder une action." in (
            response.content.decode()
        )
        assert not PriorityAction.objects.exists()

    def test_hidden_contribution_is_not_shown_to_a_facilitator(self, client, project_lead):
        facilitator = UserFactory()
        workshop = WorkshopFactory(facilitators=[facilitator])
        hidden = ContributionFactory(meeting=workshop.meeting, text="Propos masqué.")
        services.contribution_hide(contribution=hidden, by=project_lead, reason="Injurieux")
        client.force_login(facilitator)
        for method in (client.get, client.post):
            response = method(
                reverse("strategy:action_create"),
                {"contributions": str(hidden.pk), "title": "x", "objective": "1"},
            )
            assert response.status_code == 404
            assert "Propos masqué." not in response.content.decode()
        assert not PriorityAction.objects.exists()

    def test_no_or_unknown_contribution(self, team_client):
        empty = team_client.get(reverse("strategy:action_create"))
        assert empty.status_code == 302 and empty.url == reverse("strategy:actions")
        assert any("Choisissez d'abord" in m for m in flash(empty))
        assert (
            team_client.get(f"{reverse('strategy:action_create')}?contributions=abc").status_code
            == 302
        )
        assert (
            team_client.get(f"{reverse('strategy:action_create')}?contributions=999999").status_code
            == 404
        )

    def test_selection_form_of_the_workshop_section(self, team_client):
        """The section's checkboxes send `contributions=1&contributions=2`."""
        first, second = ContributionFactory(), ContributionFactory()
        response = team_client.get(
            reverse("strategy:action_create"), {"contributions": [first.pk, second.pk]}
        )
        assert response.status_code == 200
        assert response.context["contribution_ids"] == f"{first.pk},{second.pk}"

    def test_cite_more_contributions_for_an_existing_action(self, team_client):
        earlier = ContributionFactory(text="Première origine.")
        action = PriorityActionFactory(contributions=[earlier])
        later = ContributionFactory(text="Dit plus tard, ailleurs.")
        response = team_client.post(
            reverse("strategy:action_link"),
            {"contributions": str(later.pk), "action": str(action.pk)},
        )
        assert response.status_code == 302 and response.url == action.get_absolute_url()
        assert set(action.contributions.all()) == {earlier, later}
        body = team_client.get(action.get_absolute_url()).content.decode()
        assert "Première origine." in body and "Dit plus tard, ailleurs." in body

    def test_cite_needs_an_action(self, team_client):
        contribution = ContributionFactory()
        response = team_client.post(
            reverse("strategy:action_link"), {"contributions": str(contribution.pk)}
        )
        assert response.status_code == 200
        assert "Choisissez l&#x27;action" in response.content.decode()

    def test_cite_is_refused_to_a_stakeholder(self, client, stakeholder):
        contribution = ContributionFactory()
        action = PriorityActionFactory()
        client.force_login(stakeholder)
        response = client.post(
            reverse("strategy:action_link"),
            {"contributions": str(contribution.pk), "action": str(action.pk)},
        )
        assert response.status_code == 403
        assert not action.contributions.exists()


# ------------------------------------------------------------------------------- action edit
class TestActionEdit:
    def test_team_updates_status_and_progress(self, team_client, project_lead):
        action = PriorityActionFactory(progress=10)
        url = reverse("strategy:action_edit", args=[action.slug])
        assert team_client.get(url).status_code == 200
        response = team_client.post(
            url, {"status": PriorityAction.Status.DONE, "progress": "100", "description": "Fait."}
        )
        assert response.status_code == 302 and response.url == action.get_absolute_url()
        action.refresh_from_db()
        assert action.status == PriorityAction.Status.DONE and action.progress == 100
        assert action.history.latest().history_user == project_lead
        assert "Mettre à jour l" in team_client.get(action.get_absolute_url()).content.decode()

    def test_progress_above_100_is_refused(self, team_client):
        action = PriorityActionFactory(progress=10)
        response = team_client.post(
            reverse("strategy:action_edit", args=[action.slug]),
            {"status": PriorityAction.Status.IN_PROGRESS, "progress": "150"},
        )
        assert response.status_code == 200
        action.refresh_from_db()
        assert action.progress == 10

    @pytest.mark.parametrize("role", ["anonymous", "stakeholder", "facilitator"])
    def test_others_may_not(self, client, role):
        action = PriorityActionFactory(progress=10)
        if role != "anonymous":
            user = UserFactory()
            if role == "facilitator":
                workshop = WorkshopFactory(facilitators=[user])
                action.contributions.add(ContributionFactory(meeting=workshop.meeting))
            client.force_login(user)
        url = reverse("strategy:action_edit", args=[action.slug])
        response = client.post(url, {"status": "done", "progress": "100"})
        action.refresh_from_db()
        assert action.progress == 10
        if role == "anonymous":
            assert response.url.startswith(reverse("account_login"))
        else:
            assert response.status_code == 403


# ------------------------------------------------------------------------------------ admin
def test_admin_pages(team_client):
    action = PriorityActionFactory(contributions=[ContributionFactory()])
    contribution = action.contributions.get()
    SupportFactory(contribution=contribution)
    for name in ("challenge", "contribution", "priorityaction", "support"):
        assert team_client.get(reverse(f"admin:strategy_{name}_changelist")).status_code == 200
    assert (
        team_client.get(
            reverse("admin:strategy_contribution_changelist"), {"is_hidden__exact": "1"}
        ).status_code
        == 200
    )
    assert (
        team_client.get(
            reverse("admin:strategy_contribution_change", args=[contribution.pk])
        ).status_code
        == 200
    )
    assert (
        team_client.get(
            reverse("admin:strategy_contribution_history", args=[contribution.pk])
        ).status_code
        == 200
    )
    assert (
        team_client.get(
            reverse("admin:strategy_priorityaction_change", args=[action.pk])
        ).status_code
        == 200
    )


# ---------------------------------------------------------------------------------- builders
def build(n: int) -> list[PriorityAction]:
    """n contributions over several workshops, objectives and challenges, each supported and
    each the origin of its own action; the last action cites them all."""
    objective_list = objectives()
    challenges = [ChallengeFactory(objective=o) for o in objective_list]
    filieres = list(Filiere.objects.all())
    meetings = [WorkshopFactory().meeting for _ in range(4)]
    supporter = register(meetings[0]).user
    lead = OrganisationFactory()
    contributions, actions = [], []
    for i in range(n):
        objective = objective_list[i % len(objective_list)]
        contribution = ContributionFactory(
            meeting=meetings[i % len(meetings)],
            type=Contribution.Type.values[i % len(Contribution.Type.values)],
            objectives=[objective_list[0], objective],
            challenges=[challenges[i % len(challenges)]],
            filieres=[filieres[i % len(filieres)]],
        )
        SupportFactory(contribution=contribution, user=supporter)
        contributions.append(contribution)
        actions.append(
            PriorityActionFactory(
                objective=objective,
                challenge=challenges[i % len(challenges)] if i % 2 else None,
                lead_organisation=lead,
                contributions=[contribution],
            )
        )
    actions[-1].contributions.set(contributions)
    return actions


def test_strategy_pages(client):
    objective = Objective.objects.first()
    assert client.get(reverse("strategy:overview")).status_code == 200
    response = client.get(objective.get_absolute_url())
    assert response.status_code == 200
    assert escape(objective.title) in response.content.decode()
    assert client.get("/strategie/objectifs/inconnu/").status_code == 404
