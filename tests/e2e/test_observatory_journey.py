"""Journey: before a workshop, the project lead finds the missing EPCI × category cell on the
workshop page, invites the people who match it, and the coverage updates when one registers.
The observatory page is read on a desktop and on a phone, axe clean."""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.governance import services
from apps.governance.models import Body, Meeting, Participation
from apps.observatory.models import Invitation
from apps.observatory.services import target_set
from apps.stakeholders.models import ActorCategory, Territory
from apps.workshops.models import Workshop
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-Cornouaille-29"
GAP = "Aucun·e professionnel du tourisme du Haut Pays Bigouden inscrit·e"
SHOTS = Path("/tmp/shots-observatory")


def _login(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")


def _workshop():
    lead = UserFactory(role="equipe-projet", email="chef@example.org")
    group = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="GT accueil", slug="gt-accueil")
    tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
    target_set(body=group, by=lead, every_territory=True, categories=[tourism], min_per_cell=1)
    start = timezone.now() + timedelta(days=10)
    meeting = services.meeting_create(
        kind=Meeting.Kind.WORKSHOP, body=group, created_by=lead,
        title="Atelier : accueillir les saisonniers", start=start,
        end=start + timedelta(hours=3), place="Salle des fêtes, Pont-l'Abbé", capacity=30,
    )  # fmt: skip
    services.meeting_publish(meeting=meeting, by=lead)
    Workshop.objects.create(meeting=meeting)
    for territory in Territory.objects.exclude(slug="haut-pays-bigouden"):
        Participation.objects.create(
            meeting=meeting, status=Participation.Status.REGISTERED, queued_at=timezone.now(),
            user=UserFactory(territory=territory, actor_category=tourism),
        )  # fmt: skip
    Participation.objects.create(
        meeting=meeting, status=Participation.Status.REGISTERED, queued_at=timezone.now(),
        user=UserFactory(territory=Territory.objects.get(slug="haut-pays-bigouden")),
    )  # fmt: skip
    invitee = UserFactory(
        email="gwenola@example.org", first_name="Gwenola", last_name="Le Floc'h",
        territory=Territory.objects.get(slug="haut-pays-bigouden"), actor_category=tourism,
        accepts_invitations=True,
    )  # fmt: skip
    return lead, meeting, invitee


def test_lead_finds_the_gap_invites_and_the_coverage_updates(live_server, page, browser):
    SHOTS.mkdir(exist_ok=True)
    lead, meeting, invitee = _workshop()
    base = live_server.url
    _login(page, base, lead.email)

    # The observatory: figures, the coverage grid, the funnel; axe clean.
    page.goto(base + "/observatoire/")
    expect(page.get_by_role("heading", name="Observatoire de la participation")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Couverture : EPCI × catégorie d'acteur")
    ).to_be_visible()
    assert axe_serious_violations(page) == []
    page.screenshot(path=str(SHOTS / "observatoire-desktop.png"))

    # The workshop page names the gap; « Inviter » opens the candidates and the preview.
    page.goto(base + meeting.get_absolute_url())
    box = page.locator("#couverture")
    expect(box).to_contain_text(GAP)
    assert axe_serious_violations(page) == []
    box.get_by_role("link", name=re.compile("Inviter — aucun·e professionnel du tourisme")).click()
    expect(page.get_by_role("heading", name="Aperçu du message")).to_be_visible()
    expect(page.get_by_label(re.compile("Gwenola Le Floc'h"))).to_be_checked()
    assert axe_serious_violations(page) == []
    page.screenshot(path=str(SHOTS / "inviter-desktop.png"))
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.get_by_text("1 invitation(s) envoyée(s).")).to_be_visible()
    assert Invitation.objects.filter(meeting=meeting, user=invitee).exists()
    assert [m.to for m in mail.outbox if "Invitation" in m.subject] == [[invitee.email]]

    # The invited person registers through the link of the email.
    link = re.search(r"http://\S+", next(m for m in mail.outbox if m.to == [invitee.email]).body)
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    _login(phone, base, invitee.email)
    phone.goto(base + urlsplit(link.group(0)).path)  # the email names the site's address
    phone.get_by_role("button", name="Je m'inscris").click()
    expect(phone.get_by_text(re.compile("inscrit", re.I)).first).to_be_visible()
    context.close()

    # The coverage now counts her: the gap is gone, the team sees the mix reached.
    page.goto(base + meeting.get_absolute_url())
    expect(page.locator("#couverture")).to_contain_text("Le mix attendu est atteint.")
    page.goto(base + "/observatoire/?annee=tout")
    expect(
        page.get_by_text(re.compile(r"1 envoyée\(s\), 1 suivie\(s\) d'une inscription"))
    ).to_be_visible()


def test_observatory_on_a_phone(live_server, mobile_page):
    SHOTS.mkdir(exist_ok=True)
    lead, meeting, _invitee = _workshop()
    base = live_server.url
    _login(mobile_page, base, lead.email)
    mobile_page.goto(base + "/observatoire/")
    # The period and the headline figures come first, above the fold.
    expect(mobile_page.get_by_role("button", name="Afficher")).to_be_in_viewport()
    expect(mobile_page.locator("#chiffre-participants")).to_be_in_viewport()
    assert axe_serious_violations(mobile_page) == []
    mobile_page.screenshot(path=str(SHOTS / "observatoire-phone.png"))
    mobile_page.goto(base + meeting.get_absolute_url())
    expect(mobile_page.locator("#couverture")).to_contain_text(GAP)
    assert axe_serious_violations(mobile_page) == []
