"""Journey: the project lead builds a segment, previews its recipients, sends a test to
herself, then sends the mailing; a recipient unsubscribes in one click from a phone. Then the
open-data pages, on a desktop and a phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.mailings.models import Mailing
from apps.stakeholders.models import ActorCategory, Territory
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import ARTIFACTS, axe_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-Cornouaille-29"
SHOTS = ARTIFACTS / "shots"  # screenshots of the pages, to look at


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= page.viewport_size["height"]


def test_lead_segments_previews_tests_sends_and_a_recipient_unsubscribes(
    live_server, page, mobile_page
):
    bigouden = Territory.objects.get(slug="haut-pays-bigouden")
    tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
    lead = UserFactory(role="equipe-projet", email="cheffe@example.org")
    recipients = [
        UserFactory(newsletter=True, territory=bigouden, actor_category=tourism,
                    email=f"hotel{n}@example.org")
        for n in range(3)
    ]  # fmt: skip
    UserFactory(
        newsletter=False, territory=bigouden, actor_category=tourism, email="non@example.org"
    )
    UserFactory(newsletter=True, actor_category=tourism, email="quimper@example.org")

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(lead.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")
    page.goto(live_server.url + "/lettres/gestion/")
    assert _in_viewport(page, page.get_by_role("link", name="Nouvelle lettre"))
    assert axe_serious_violations(page) == []
    page.get_by_role("link", name="Nouveau segment").click()
    page.get_by_role("textbox", name=re.compile("^Nom")).fill("Tourisme en Haut Pays Bigouden")
    page.get_by_label("Haut Pays Bigouden").check()
    page.get_by_label("Professionnel du tourisme").check()
    # The count follows the criteria as they are ticked.
    expect(page.locator("#segment-live-count")).to_have_text(
        "3 destinataires abonné·es avec ces critères."
    )
    page.get_by_role("button", name="Prévisualiser les destinataires").first.click()
    expect(page.get_by_role("heading", name="3 destinataires")).to_be_visible()
    for person in recipients:
        expect(page.locator(".segment-recipients").get_by_text(person.email)).to_be_visible()
    expect(page.get_by_text("non@example.org")).to_have_count(0)
    expect(page.get_by_text("quimper@example.org")).to_have_count(0)
    assert axe_serious_violations(page) == []
    shot(page, "segment-preview")
    page.get_by_role("button", name="Enregistrer le segment").first.click()
    expect(page.get_by_text("Segment enregistré.")).to_be_visible()
    page.get_by_role("link", name="Écrire une lettre à ce segment").click()
    page.get_by_role("textbox", name=re.compile("^Objet")).fill("La saison touristique 2027")
    page.get_by_role("textbox", name=re.compile("^Texte")).fill(
        "Bonjour,\n\nLa **saison 2027** se prépare avec vous."
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="La saison touristique 2027")).to_be_visible()
    assert axe_serious_violations(page) == []
    shot(page, "mailing-detail")

    page.get_by_role("button", name=re.compile("M'envoyer un test")).click()
    expect(page.get_by_text("Envoi de test parti vers cheffe@example.org.")).to_be_visible()
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert mail.outbox[0].subject == "[TEST] La saison touristique 2027"

    page.get_by_role("button", name="Programmer l'envoi").click()
    expect(page.get_by_text("Envoi lancé")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Envoyée", exact=True)).to_be_visible()
    sent = [m for m in mail.outbox if m.subject == "La saison touristique 2027"]
    assert sorted(m.to[0] for m in sent) == sorted(p.email for p in recipients)
    assert Mailing.objects.get().recipients_count == 3
    shot(page, "mailing-sent")

    # --- A recipient, on a phone, follows the unsubscribe link of the email.
    message = next(m for m in sent if m.to == [recipients[0].email])
    link = re.search(r"https?://\S+/lettres/desabonnement/\S+/", message.body).group(0)
    phone = mobile_page
    phone.goto(live_server.url + "/lettres/desabonnement/" + link.rsplit("/desabonnement/", 1)[1])
    button = phone.get_by_role("button", name="Me désabonner")
    assert _in_viewport(phone, button)
    assert axe_serious_violations(phone) == []
    button.click()
    expect(phone.get_by_role("status")).to_contain_text("ne recevra plus la lettre")
    assert axe_serious_violations(phone) == []
    shot(phone, "unsubscribed-phone")
    recipients[0].refresh_from_db()
    assert not recipients[0].newsletter

    # The mailing is in the public archive.
    phone.goto(live_server.url + "/lettres/")
    phone.get_by_role("link", name="La saison touristique 2027").click()
    expect(phone.locator("strong", has_text="saison 2027")).to_be_visible()
    assert axe_serious_violations(phone) == []
    shot(phone, "archive-phone")


@pytest.mark.parametrize(
    "path",
    ["/donnees-ouvertes/", "/api/v1/docs/", "/exports/", "/profil/", "/lettres/gestion/",
     "/lettres/gestion/segments/nouveau/", "/lettres/"],
)  # fmt: skip
def test_open_data_and_team_pages_are_accessible(live_server, page, mobile_page, path):
    lead = UserFactory(role="equipe-projet")
    for name, browser_page in (("desktop", page), ("phone", mobile_page)):
        browser_page.goto(live_server.url + "/accounts/login/")
        browser_page.get_by_label("Adresse électronique").fill(lead.email)
        browser_page.get_by_label("Mot de passe").fill(PASSWORD)
        browser_page.get_by_role("button", name="Connexion").click()
        browser_page.wait_for_url("**/mon-espace/")
        browser_page.goto(live_server.url + path)
        assert _in_viewport(browser_page, browser_page.get_by_role("heading", level=1))
        assert axe_serious_violations(browser_page) == [], (path, name)
        shot(browser_page, f"{path.strip('/').replace('/', '-')}-{name}")
