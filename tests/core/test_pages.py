"""Site-wide pages: home, privacy, error pages, health check, admin access, the initial data.

The directory is tested in tests/stakeholders, the strategy pages in tests/strategy."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils.html import escape

from apps.stakeholders.models import ActorCategory, Organisation, Territory
from apps.strategy.models import Filiere, Objective
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


def test_404_page_is_french_and_in_the_layout(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page introuvable" in body
    assert 'id="contenu"' in body


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
