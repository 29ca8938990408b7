"""Public pages: home, privacy, directory, strategy, health check, error pages, admin access."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils.html import escape

from apps.stakeholders.models import ActorCategory, Organisation, Territory
from apps.strategy.models import Filiere, Objective
from tests.accounts.factories import UserFactory
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_home_shows_the_four_objectives_and_how_to_take_part(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in body
    for objective in Objective.objects.all():
        assert escape(objective.title) in body
    assert "Comment participer" in body
    assert "Aucun rendez-vous n'est programmé" in body
    assert reverse("privacy") in body


def test_home_ignores_the_browser_language_but_follows_the_chosen_one(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fr"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert "Our shared objectives" in response.content.decode()


def test_initial_data(db):
    assert Objective.objects.count() == 4
    assert set(Filiere.objects.values_list("slug", flat=True)) == {"aliment", "mer", "tourisme"}
    assert Territory.objects.count() == 7
    assert "Cap Sizun – Pointe du Raz" in Territory.objects.values_list("name", flat=True)
    assert ActorCategory.objects.count() == 12


def test_privacy_page_says_what_why_how_long_and_whom_to_ask(client):
    body = client.get(reverse("privacy")).content.decode()
    for expected in ("Ce que nous collectons", "Pourquoi", "Combien de temps", "Vos droits"):
        assert expected in body
    assert "mailto:" in body


def test_strategy_pages(client):
    objective = Objective.objects.first()
    assert client.get(reverse("strategy:overview")).status_code == 200
    response = client.get(objective.get_absolute_url())
    assert response.status_code == 200
    assert escape(objective.title) in response.content.decode()
    assert client.get("/strategie/objectifs/inconnu/").status_code == 404


def test_404_page_is_french_and_in_the_layout(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page introuvable" in body
    assert 'id="contenu"' in body


class TestDirectory:
    url = reverse("stakeholders:directory")

    def test_lists_only_listed_organisations(self, client):
        OrganisationFactory(name="Criée de Guilvinec", listed_in_directory=True)
        OrganisationFactory(name="Entreprise discrète", listed_in_directory=False)
        body = client.get(self.url).content.decode()
        assert "Criée de Guilvinec" in body
        assert "Entreprise discrète" not in body

    def test_filters_by_category_and_territory(self, client):
        tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
        sport = ActorCategory.objects.get(slug="association-sportive")
        fouesnant = Territory.objects.get(slug="pays-fouesnantais")
        quimper = Territory.objects.get(slug="quimper-bretagne-occidentale")
        OrganisationFactory(name="Camping des Dunes", category=tourism, territory=fouesnant)
        OrganisationFactory(name="Hôtel de l'Odet", category=tourism, territory=quimper)
        OrganisationFactory(name="Stade Quimpérois", category=sport, territory=quimper)
        OrganisationFactory(name="Agence parisienne", category=tourism, territory=None)

        body = client.get(self.url, {"categorie": tourism.slug}).content.decode()
        assert "Camping des Dunes" in body and "Hôtel de l&#x27;Odet" in body
        assert "Stade Quimpérois" not in body

        body = client.get(
            self.url, {"categorie": tourism.slug, "territoire": quimper.slug}
        ).content.decode()
        assert "Hôtel de l&#x27;Odet" in body and "Camping des Dunes" not in body

        body = client.get(self.url, {"territoire": "hors"}).content.decode()
        assert "Agence parisienne" in body and "Stade Quimpérois" not in body

    def test_unknown_filters_are_ignored(self, client):
        OrganisationFactory(name="Criée de Guilvinec")
        response = client.get(self.url, {"categorie": "<script>", "territoire": "nulle-part"})
        assert response.status_code == 200
        assert "Criée de Guilvinec" in response.content.decode()
        assert "<script>" not in response.content.decode()

    def test_pagination_keeps_filters(self, client):
        tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
        OrganisationFactory.create_batch(35, category=tourism)
        response = client.get(self.url, {"categorie": tourism.slug, "page": 2})
        body = response.content.decode()
        assert response.context["page_obj"].number == 2
        assert len(response.context["page_obj"].object_list) == 5
        assert f"categorie={tourism.slug}&amp;page=1" in body
        # A page number out of range shows the last page rather than an error.
        assert client.get(self.url, {"page": "999"}).status_code == 200
        assert client.get(self.url, {"page": "abc"}).status_code == 200

    @pytest.mark.parametrize("count", [5, 60])
    def test_query_count_does_not_grow(self, client, count, django_assert_max_num_queries):
        OrganisationFactory.create_batch(count)
        with django_assert_max_num_queries(4):
            assert client.get(self.url).status_code == 200


@pytest.mark.parametrize("count", [0, 40])
def test_home_query_count_does_not_grow(client, count, django_assert_max_num_queries):
    OrganisationFactory.create_batch(count)
    with django_assert_max_num_queries(2):
        client.get("/")


class TestHealthz:
    def test_ok(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["database"] == "ok"
        assert response.json()["status"] == "ok"

    def test_database_down_gives_503(self, client):
        with mock.patch("cornouaille.views._check_database", side_effect=OSError("down")):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {
            "database": "error",
            "broker": "not configured",
            "status": "error",
        }

    def test_broker_down_gives_503(self, client, settings, monkeypatch):
        from cornouaille.celery import app
        from tests.conftest import reset_celery_connections

        unreachable = "redis://127.0.0.1:1/0"  # nothing listens on port 1
        settings.CELERY_BROKER_URL = unreachable
        # Celery reads CELERY_BROKER_URL from the environment before its configuration.
        monkeypatch.setenv("CELERY_BROKER_URL", unreachable)
        original = app.conf.broker_url
        app.conf.broker_url = unreachable
        app.conf.task_always_eager = False
        reset_celery_connections(app)
        try:
            response = client.get("/healthz")
        finally:
            app.conf.task_always_eager = True
            app.conf.broker_url = original
            reset_celery_connections(app)
        assert response.status_code == 503
        assert response.json()["broker"] == "error"
        assert response.json()["database"] == "ok"


class TestAdminAccess:
    def test_project_team_reaches_the_admin_and_edits_organisations(self, client, project_lead):
        client.force_login(project_lead)
        assert client.get(reverse("admin:index")).status_code == 200
        assert client.get(reverse("admin:stakeholders_organisation_changelist")).status_code == 200
        assert client.get(reverse("admin:strategy_objective_changelist")).status_code == 200

    def test_stakeholder_does_not(self, client, stakeholder):
        client.force_login(stakeholder)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert "login" in response.url

    def test_new_organisation_from_admin_is_saved(self, client, project_lead):
        client.force_login(project_lead)
        category = ActorCategory.objects.first()
        response = client.post(
            reverse("admin:stakeholders_organisation_add"),
            {"name": "Lycée maritime du Guilvinec", "category": category.pk, "website": ""},
        )
        assert response.status_code == 302
        assert Organisation.objects.filter(name="Lycée maritime du Guilvinec").exists()


def test_role_predicates(db):
    from apps.accounts import rules as account_rules

    lead = UserFactory(role="equipe-projet")
    facilitator = UserFactory(role="facilitateur")
    official = UserFactory(role="elu")
    tech = UserFactory(role="comite-technique")
    plain = UserFactory()
    assert account_rules.is_project_team(lead) and not account_rules.is_project_team(plain)
    assert account_rules.is_facilitator(facilitator) and not account_rules.is_facilitator(lead)
    assert account_rules.is_elected_official(official)
    assert account_rules.is_technical_committee(tech)
    assert lead.is_staff and not plain.is_staff
    assert lead.has_perm("accounts.list_people") and not plain.has_perm("accounts.list_people")
    assert plain.has_perm("accounts.change_profile", plain)
    assert not plain.has_perm("accounts.change_profile", official)


def test_home_lists_the_next_public_meetings_only(client, project_lead):
    from apps.governance.models import Meeting
    from tests.governance.helpers import schedule

    public = schedule(by=project_lead, title="COPIL ouvert de janvier")
    Meeting.objects.filter(pk=public.pk).update(status=Meeting.Status.SCHEDULED)
    restricted = schedule(
        by=project_lead, title="COPIL restreint", visibility=Meeting.Visibility.MEMBERS
    )
    Meeting.objects.filter(pk=restricted.pk).update(status=Meeting.Status.SCHEDULED)
    schedule(by=project_lead, title="Brouillon secret")
    body = client.get("/").content.decode()
    assert "COPIL ouvert de janvier" in body
    assert public.get_absolute_url() in body
    assert "COPIL restreint" not in body and "Brouillon secret" not in body
    assert "Aucun rendez-vous" not in body
