"""Journey: the project lead drafts COPIL minutes with a decision and an action item and
submits them; a technical committee member comments; the project lead publishes; an elected
official finds them in the reading room, reads them and downloads the PDF."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.governance.models import Body, Meeting, Membership
from apps.minutes.models import Minutes
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations
from tests.governance.helpers import add_member, copil, schedule

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "motdepasse-Cornouaille-29"


def _login(browser, base_url, email):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, reduced_motion="reduce",
        accept_downloads=True,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")
    return context, page


def test_draft_review_publish_read_download(live_server, browser, tmp_path):
    lead = UserFactory(email="lead@example.org", role="equipe-projet")
    reviewer = UserFactory(email="tech@example.org", first_name="Laure", last_name="Quéré")
    add_member(Body.objects.get(slug="comite-technique"), reviewer)
    official = UserFactory(email="elu@example.org", role="elu")
    add_member(copil(), official, role=Membership.Role.ELECTED_OFFICIAL)
    meeting = schedule(by=lead, agenda=["Bilan de l'année", "Budget 2027"], title="COPIL d'hiver")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD,
        start=timezone.now() - timedelta(days=4),
        end=timezone.now() - timedelta(days=4) + timedelta(hours=2),
    )

    # The project lead drafts the minutes from the session page.
    lead_context, page = _login(browser, live_server.url, lead.email)
    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("button", name="Rédiger le compte rendu").click()
    page.wait_for_url(re.compile(r".*/comptes-rendus/\d+/modifier/$"))
    page.get_by_label("Résumé").fill("Le COPIL adopte le budget 2027.")
    page.get_by_label("Texte du compte rendu").fill(
        "### Bilan de l'année\n\nLe bilan est présenté.\n\n### Budget 2027\n\nLe budget est voté."
    )
    page.get_by_role("group", name="Décision 1").get_by_label("Décision").fill(
        "Le budget 2027 de la démarche est adopté à l'unanimité."
    )
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("Action", exact=True).fill("Transmettre le budget aux sept EPCI")
    action.get_by_label("Responsable (personne)").select_option(label=str(official))
    action.get_by_label("Échéance").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/comptes-rendus/\d+/$"))
    page.get_by_role("button", name="Soumettre à relecture").click()
    page.wait_for_load_state()
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.IN_REVIEW
    assert axe_serious_violations(page) == []

    # The technical committee member comments.
    reviewer_context, reviewer_page = _login(browser, live_server.url, reviewer.email)
    reviewer_page.goto(live_server.url + minutes.get_absolute_url())
    reviewer_page.get_by_label("Votre commentaire").fill("Préciser le montant voté.")
    reviewer_page.get_by_role("button", name="Commenter").click()
    reviewer_page.wait_for_load_state()
    assert minutes.comments.get().text == "Préciser le montant voté."
    reviewer_context.close()

    # The project lead publishes.
    page.reload()
    assert page.get_by_text("Préciser le montant voté.").is_visible()
    page.get_by_role("button", name="Publier", exact=True).click()
    page.wait_for_load_state()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.PUBLISHED
    lead_context.close()

    # The elected official finds, reads and downloads them.
    official_context, official_page = _login(browser, live_server.url, official.email)
    official_page.goto(live_server.url + "/comptes-rendus/")
    assert axe_serious_violations(official_page) == []
    row = official_page.get_by_role("link", name="COPIL d'hiver", exact=True)
    assert official_page.get_by_text("nouveau").first.is_visible()
    row.click()
    official_page.wait_for_url(re.compile(r".*/comptes-rendus/\d+/$"))
    assert official_page.get_by_text("Le budget 2027 de la démarche est adopté").first.is_visible()
    assert official_page.get_by_text("Transmettre le budget aux sept EPCI").first.is_visible()
    assert axe_serious_violations(official_page) == []
    with official_page.expect_download() as download_info:
        official_page.get_by_role("link", name=re.compile("Télécharger")).first.click()
    pdf_path = tmp_path / "compte-rendu.pdf"
    download_info.value.save_as(pdf_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "COPIL d'hiver" in text or "COPIL d’hiver" in text
    assert "adopté à l'unanimité" in text.replace("’", "'")
    assert re.search(r"page 1 / \d+", text)
    official_context.close()
