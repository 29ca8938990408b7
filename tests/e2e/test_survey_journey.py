"""Journey: an outsider answers the perception survey on a phone through the public link; the
project team reads the results and turns a gap of the offer / expectations matrix into a
priority action."""

import pytest
from playwright.sync_api import expect

from apps.marketing.models import GapAction
from apps.strategy.models import Contribution, Filiere, PriorityAction, TargetPublic
from apps.surveys.models import Response
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations
from tests.strategy.factories import ContributionFactory
from tests.surveys.factories import demo_survey

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-Cornouaille-29"


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= page.viewport_size["height"]


def test_outsider_answers_on_a_phone_and_team_acts_on_a_gap(live_server, browser, mobile_page):
    survey = demo_survey(slug="image-2026", answers=80, title="Image de la Cornouaille 2026")
    need = ContributionFactory(type=Contribution.Type.NEED, text="Des stages d'été dans la mer")
    need.target_publics.set([TargetPublic.objects.get(slug="jeunes-et-etudiants")])
    need.filieres.set([Filiere.objects.get(slug="mer")])
    before = Response.objects.count()

    # --- The outsider, on a phone, no account.
    page = mobile_page
    page.goto(f"{live_server.url}/enquetes/{survey.slug}/")
    assert _in_viewport(
        page,
        page.get_by_role("heading", name="Baromètre image-2026")
        .or_(page.get_by_role("heading", level=1))
        .first,
    )
    assert _in_viewport(page, page.get_by_text("Vous êtes plutôt…"))
    assert axe_serious_violations(page) == []
    page.get_by_label("Jeunes et étudiants").check()
    page.get_by_label("Pays Bigouden Sud").check()
    page.get_by_label("25 à 39 ans").check()
    page.locator("label[for$='-4']").first.click()  # « 4 » on the 1–5 scale
    page.locator("fieldset", has_text="Recommanderiez-vous").locator("label", has_text="9").click()
    page.get_by_label("Mer", exact=True).first.check()
    page.get_by_label("Des métiers et une économie de la mer").check()
    page.get_by_label("Oui").check()
    # The conditional question appears once « Oui » is chosen.
    page.get_by_label("Qu'est-ce qui pourrait vous freiner ?").fill("Le logement près de la côte")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    # No consent: a French message, nothing stored.
    expect(page.get_by_text("Cochez la case de consentement")).to_be_visible()
    assert Response.objects.count() == before
    assert axe_serious_violations(page) == []
    page.get_by_label("Qu'est-ce qui pourrait vous freiner ?").fill("Le logement près de la côte")
    page.get_by_label("Jeunes et étudiants").check()
    page.get_by_label("Pays Bigouden Sud").check()
    page.locator("label[for$='-4']").first.click()
    page.locator("fieldset", has_text="Recommanderiez-vous").locator("label", has_text="9").click()
    page.get_by_label("J'accepte que mes réponses").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_text("Merci ! Vos réponses sont enregistrées.")).to_be_visible()
    assert axe_serious_violations(page) == []
    stored = Response.objects.filter(user__isnull=True).latest("pk")
    assert stored.target_public.slug == "jeunes-et-etudiants"
    assert stored.answers.filter(text="Le logement près de la côte").exists()
    # Coming back from the same phone: already answered.
    page.goto(f"{live_server.url}/enquetes/{survey.slug}/")
    expect(page.get_by_text("déjà été envoyée depuis ce navigateur")).to_be_visible()

    # --- The project team reads the results and acts on a gap.
    lead = UserFactory(role="equipe-projet")
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1366, "height": 768}, reduced_motion="reduce"
    )
    team = context.new_page()
    team.set_default_timeout(15_000)
    team.goto(live_server.url + "/accounts/login/")
    team.get_by_label("Adresse électronique").fill(lead.email)
    team.get_by_label("Mot de passe").fill(PASSWORD)
    team.get_by_role("button", name="Connexion").click()
    team.wait_for_url("**/mon-espace/")
    team.goto(f"{live_server.url}/enquetes/{survey.slug}/resultats/")
    expect(team.locator("svg.survey-chart").first).to_be_visible()
    expect(team.get_by_text("réponses envoyées")).to_be_visible()
    assert axe_serious_violations(team) == []
    team.get_by_label("Public").select_option("jeunes-et-etudiants")
    team.get_by_role("button", name="Appliquer").click()
    expect(team.get_by_text("réponses (filtre appliqué)")).to_be_visible()

    team.goto(f"{live_server.url}/strategie/offre-et-attentes/")
    assert axe_serious_violations(team) == []
    team.get_by_role("link", name="voir les éléments : Jeunes et étudiants, Mer").click()
    expect(team.get_by_text("Des stages d'été dans la mer").first).to_be_visible()
    assert axe_serious_violations(team) == []
    title = team.get_by_label("Intitulé de l'action")
    assert "Répondre aux attentes des jeunes et étudiants" in title.input_value()
    team.get_by_label("Objectif").select_option(index=1)
    team.get_by_role("button", name="Créer l'action prioritaire").click()
    expect(team.get_by_text("L'action prioritaire est créée")).to_be_visible()
    action = PriorityAction.objects.get()
    assert list(action.contributions.all()) == [need]
    assert GapAction.objects.filter(action=action).exists()
    expect(team.get_by_text("Des stages d'été dans la mer").first).to_be_visible()
    context.close()


def test_team_pages_are_accessible(live_server, browser, page):
    from apps.marketing.models import ServiceOffer

    survey = demo_survey(slug="image-2026", answers=30)
    ServiceOffer.objects.create(name="Pépinière", slug="pepiniere", description="Bureaux.")
    lead = UserFactory(role="equipe-projet")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(lead.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")
    for path in (
        "/enquetes/",
        "/enquetes/gestion/",
        f"/enquetes/{survey.slug}/reponses-libres/",
        "/strategie/offre/",
        "/strategie/",
    ):
        page.goto(live_server.url + path)
        assert axe_serious_violations(page) == [], path
