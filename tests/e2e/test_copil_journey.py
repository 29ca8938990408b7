"""Journey: the project lead schedules a COPIL session and convokes; an elected official
answers from the email link; the project lead sees the answer."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from apps.governance.models import Meeting, Membership, Participation
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations
from tests.governance.helpers import add_member, copil

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-Cornouaille-29"


def _login(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")


def test_schedule_convoke_answer(live_server, page, browser):
    lead = UserFactory(email="claire.lefloch@example.org", role="equipe-projet")
    official = UserFactory(
        email="yannick.lebihan@example.org", first_name="Yannick", last_name="Le Bihan", role="elu"
    )
    add_member(copil(), official, role=Membership.Role.ELECTED_OFFICIAL, publicly_listed=True)
    add_member(copil(), role=Membership.Role.PARTNER)

    _login(page, live_server.url, lead.email)
    page.goto(live_server.url + "/copil/")
    assert axe_serious_violations(page) == []
    page.get_by_role("link", name="Programmer une séance").click()
    page.wait_for_url("**/copil/seances/nouvelle/")
    assert axe_serious_violations(page) == []

    day = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Titre de la séance").fill("COPIL : feuille de route 2027")
    page.get_by_label("Date*", exact=True).fill(day.isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Heure de fin").fill("16:30")
    page.get_by_label("Lieu (adresse)").fill("Salle du conseil, 44 place Saint-Corentin, Quimper")
    rows = page.locator("[data-agenda-row]")
    rows.nth(0).get_by_label("Intitulé").fill("Bilan de l'année")
    rows.nth(0).get_by_label("Présenté par").fill("Présidente du COPIL")
    rows.nth(1).get_by_label("Intitulé").fill("Budget et plan d'actions 2027")
    rows.nth(1).get_by_label("Durée prévue (minutes)").fill("45")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url(re.compile(r".*/copil/seances/copil-feuille-de-route-2027-[\d-]+/$"))
    assert page.get_by_text("Brouillon", exact=True).first.is_visible()
    assert axe_serious_violations(page) == []

    meeting = Meeting.objects.get()
    assert [item.title for item in meeting.agenda_items.all()] == [
        "Bilan de l'année",
        "Budget et plan d'actions 2027",
    ]

    page.get_by_role("link", name="Envoyer la convocation").click()
    # The preview first: the recipients and the email, nothing sent yet.
    assert page.get_by_role("heading", name="2 destinataires").is_visible()
    assert page.get_by_text(official.get_full_name()).first.is_visible()
    assert mail.outbox == []
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Envoyer à 2 personnes").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile(r"2 (personnes convoquées|convocations)")).first.is_visible()
    to_official = next(m for m in mail.outbox if m.to == [official.email])
    assert any(name == "invitation.ics" for name, *_ in to_official.attachments)
    answer_link = re.search(r"http://\S+/reunions/reponse/\S+/", to_official.body).group(0)
    # Emails carry SITE_URL; the test server listens elsewhere.
    answer_link = live_server.url + urlsplit(answer_link).path

    # The elected official answers from the email, in another browser session.
    official_context = browser.new_context(locale="fr-FR", reduced_motion="reduce")
    official_page = official_context.new_page()
    official_page.goto(answer_link)
    assert official_page.get_by_role("heading", name="Répondre à la convocation").is_visible()
    official_page.get_by_label("Je serai présent·e").check()
    official_page.get_by_role("button", name="Enregistrer ma réponse").click()
    assert official_page.get_by_text("Merci, votre réponse a été enregistrée.").is_visible()
    assert axe_serious_violations(official_page) == []
    official_context.close()
    participation = Participation.objects.get(meeting=meeting, user=official)
    assert participation.status == Participation.Status.ATTENDING

    # The project lead sees it in the answers table.
    page.reload()
    table = page.locator("#reponses")
    row = table.get_by_role("row").filter(has_text="Yannick Le Bihan")
    assert "Présent" in row.inner_text()
    assert "1" in page.locator("#decompte li").first.inner_text()
    assert axe_serious_violations(page) == []
