"""Journey: a newcomer signs up, confirms the email, lands on « Mon espace », searches, adds a
meeting to their agenda (1366×768 laptop and 390×844 phone)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from apps.accounts.models import User
from tests.e2e.conftest import axe_serious_violations
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _laptop(browser):
    """The most common laptop screen: 1366×768."""
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1366, "height": 768}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _add_to_agenda(page, title):
    """« Ajouter à mon agenda » downloads the meeting as a calendar file."""
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Ajouter à mon agenda")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == title


def test_newcomer_signs_up_confirms_lands_on_my_space_searches_adds_to_agenda(live_server, browser):
    """A newcomer signs up, confirms, lands on « Mon espace », searches, adds a meeting to their
    agenda — on a 1366×768 laptop, with the whole menu visible (no hamburger)."""
    workshop = WorkshopFactory(meeting__title="Atelier goémon et tourisme").meeting
    context, page = _laptop(browser)
    page.goto(live_server.url + "/")
    # The whole menu at 1366 px: sections, search, sign-in and sign-up, no hamburger.
    expect(page.get_by_role("button", name="Ouvrir le menu")).to_be_hidden()
    header = page.get_by_role("navigation", name="Navigation principale")
    for name in ("Stratégie", "Ateliers", "COPIL", "Comptes rendus", "Calendrier", "Se connecter"):
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(header.get_by_role("link", name="Créer un compte")).to_be_visible()
    expect(header.get_by_role("searchbox", name="Rechercher sur le site")).to_be_visible()
    # « Plus » opens from the keyboard and holds the other sections.
    header.get_by_role("button", name="Plus").focus()
    page.keyboard.press("Enter")
    expect(header.get_by_role("link", name="Acteurs", exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    assert axe_serious_violations(page) == []

    header.get_by_role("link", name="Créer un compte").click()
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
    # The territory has no default: « — Choisissez — » first, « Hors Cornouaille » explicit.
    territory = page.get_by_label("Territoire")
    assert territory.input_value() == ""
    assert territory.locator("option").last.text_content() == "Hors Cornouaille"
    territory.select_option(label="Concarneau Cornouaille Agglomération")
    page.get_by_role("button", name="Créer mon compte").click()  # novalidate: French errors
    # RGAA 11.10, 11.11: a focused summary linking the field, the title says « Erreur ».
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        re.compile("Votre consentement est nécessaire")
    )
    assert page.title().startswith("Erreur : ")
    assert not User.objects.filter(email__iexact="soizic.le-berre@example.org").exists()
    assert axe_serious_violations(page) == []

    page.get_by_label("Mot de passe*", exact=True).fill("Sardine-Concarneau-29")
    page.get_by_label("Mot de passe (confirmation)").fill("Sardine-Concarneau-29")
    page.get_by_label(re.compile("J'accepte que mes données")).check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.get_by_role("heading", name="Confirmez votre adresse électronique").is_visible()

    # The platform's own confirmation email (sent in-process: no broker in this test).
    (message,) = mail.outbox
    assert message.subject == "[Cornouaille Attractivité] Confirmez votre adresse électronique"
    assert "Cornouaille Attractivité" in message.body and "c'est" not in message.body
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer").click()

    # Confirmed and signed in: « Mon espace », not the profile form.
    page.wait_for_url("**/mon-espace/")
    expect(page.get_by_role("heading", name="Mon espace", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="À venir pour moi")).to_be_visible()
    expect(page.get_by_role("link", name="Atelier goémon et tourisme")).to_be_visible()
    assert axe_serious_violations(page) == []
    user = User.objects.get(email="soizic.le-berre@example.org")
    assert user.consent_at is not None and user.emailaddress_set.get().verified
    assert user.space_visited_at is not None

    # The header's search box finds the workshop.
    search = page.get_by_role("searchbox", name="Rechercher sur le site")
    search.fill("goémon")
    search.press("Enter")
    page.wait_for_url("**/recherche/?q=*")
    expect(page.locator("#nombre-resultats")).to_contain_text("pour « goémon »")
    assert axe_serious_violations(page) == []
    page.get_by_role("link", name="Atelier goémon et tourisme").click()
    page.wait_for_url(f"**{workshop.get_absolute_url()}")
    _add_to_agenda(page, "Atelier goémon et tourisme")
    assert axe_serious_violations(page) == []
    context.close()


def test_on_a_phone_my_space_search_and_agenda(live_server, mobile_page):
    """Same journey on a phone: sign in lands on « Mon espace », the menu (search included) is
    behind the hamburger, the meeting goes to the agenda."""
    from tests.accounts.factories import UserFactory

    WorkshopFactory(meeting__title="Atelier marée basse")
    user = UserFactory(email="erwan@example.org")
    page = mobile_page
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill("motdepasse-Cornouaille-29")
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")
    expect(page.get_by_role("heading", name="Mon espace", level=1)).to_be_visible()
    assert axe_serious_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal scroll on a phone: {width}px"

    search = page.get_by_role("searchbox", name="Rechercher sur le site")
    expect(search).to_be_hidden()
    page.get_by_role("button", name="Ouvrir le menu").click()
    search.fill("marée")
    search.press("Enter")
    page.wait_for_url("**/recherche/?q=*")
    page.get_by_role("link", name="Atelier marée basse").click()
    _add_to_agenda(page, "Atelier marée basse")
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
    more = mobile_page.get_by_role("button", name="Plus")
    expect(more).to_be_visible()
    more.click()
    expect(mobile_page.get_by_role("link", name="Acteurs", exact=True)).to_be_visible()
    assert axe_serious_violations(mobile_page) == []
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal scroll on a phone: {width}px"
