"""Journey: a stakeholder signs up, confirms the email, lands on the profile."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.models import User
from tests.e2e.conftest import axe_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_signup_confirm_profile(live_server, page):
    page.goto(live_server.url + "/")
    assert axe_serious_violations(page) == []
    page.get_by_role("link", name="Je participe").click()
    page.wait_for_url("**/accounts/signup/")
    assert axe_serious_violations(page) == []

    # Submitting without consent is refused with a French message, nothing is created.
    page.get_by_label("Adresse électronique").fill("Soizic.Le-Berre@example.org")
    page.get_by_label("Prénom").fill("Soizic")
    page.get_by_label("Nom*", exact=True).fill("Le Berre")
    page.get_by_label("Mot de passe*", exact=True).fill("Sardine-Concarneau-29")
    page.get_by_label("Mot de passe (confirmation)").fill("Sardine-Concarneau-29")
    page.get_by_label("Organisation").fill("Ville Close Nautisme")
    page.get_by_label("Catégorie d'acteur").select_option(label="Association sportive")
    page.get_by_label("Territoire").select_option(label="Concarneau Cornouaille Agglomération")
    page.get_by_role("button", name="Créer mon compte").click()  # novalidate: French errors
    # RGAA 11.10, 11.11: a focused summary linking the field, the title says « Erreur ».
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        re.compile("Votre consentement est nécessaire")
    )
    assert page.title().startswith("Erreur : ")
    assert page.locator("strong", has_text="Votre consentement est nécessaire").is_visible()
    assert not User.objects.exists()
    assert axe_serious_violations(page) == []

    page.get_by_label("Mot de passe*", exact=True).fill("Sardine-Concarneau-29")
    page.get_by_label("Mot de passe (confirmation)").fill("Sardine-Concarneau-29")
    page.get_by_label(re.compile("J'accepte que mes données")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.get_by_role("heading", name=re.compile("Vérifiez votre adresse")).is_visible()

    # The confirmation link arrives by email (sent in-process: no broker in this test).
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer").click()

    page.wait_for_url("**/mon-espace/")
    assert page.get_by_role("heading", name="Mon profil").is_visible()
    assert page.get_by_text("Soizic Le Berre").first.is_visible()
    assert page.get_by_label("Organisation").input_value() == "Ville Close Nautisme"
    user = User.objects.get(email="soizic.le-berre@example.org")
    assert user.consent_at is not None
    assert user.emailaddress_set.get().verified
    assert axe_serious_violations(page) == []


def test_directory_and_home_on_a_phone(live_server, mobile_page):
    from tests.stakeholders.factories import OrganisationFactory

    OrganisationFactory(name="Cercle celtique de Pont-l'Abbé")
    mobile_page.goto(live_server.url + "/acteurs/")
    assert mobile_page.get_by_role("heading", name="Cercle celtique de Pont-l'Abbé").is_visible()
    # The menu collapses behind a keyboard-operable toggle on small screens.
    toggle = mobile_page.get_by_role("button", name="Ouvrir le menu")
    toggle.focus()
    mobile_page.keyboard.press("Enter")
    assert mobile_page.get_by_role("link", name="Acteurs", exact=True).is_visible()
    assert axe_serious_violations(mobile_page) == []
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal scroll on a phone: {width}px"
