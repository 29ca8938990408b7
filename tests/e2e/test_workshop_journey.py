"""Journey: the last seat, the waiting list, a cancellation that promotes, the check-in and a
contribution that shows on its objective's page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.governance import services
from apps.governance.models import Meeting, Participation
from apps.strategy.models import Contribution, Objective
from apps.workshops.models import Workshop
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-Cornouaille-29"


def _login(browser, base_url, email):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")
    return context, page


def test_waiting_list_promotion_checkin_and_contribution(live_server, browser):
    lead = UserFactory(role="equipe-projet")
    facilitator = UserFactory(email="maelle@example.org", role="facilitateur")
    first = UserFactory(email="first@example.org", first_name="Katell", last_name="Nédélec")
    second = UserFactory(email="second@example.org", first_name="Ronan", last_name="Cadiou")
    already = UserFactory()
    objective = Objective.objects.get(slug="notoriete-et-image")
    start = timezone.now() + timedelta(days=12)
    meeting = services.meeting_create(
        kind=Meeting.Kind.WORKSHOP, body=None, created_by=lead,
        title="Atelier : l'image de la Cornouaille", start=start,
        end=start + timedelta(hours=3), place="Pôle Max Jacob, Quimper", capacity=2,
    )  # fmt: skip
    services.meeting_publish(meeting=meeting, by=lead)
    # Check-in and contributions open on the day; the team opens them early for this journey.
    services.meeting_open_early(meeting=meeting, by=lead)
    workshop = Workshop.objects.create(meeting=meeting)
    workshop.objectives.add(objective)
    workshop.facilitators.add(facilitator)
    Participation.objects.create(
        meeting=meeting, user=already, status=Participation.Status.REGISTERED,
        queued_at=timezone.now(),
    )  # fmt: skip

    # The first stakeholder takes the last seat.
    first_context, first_page = _login(browser, live_server.url, first.email)
    first_page.goto(live_server.url + "/ateliers/")
    assert axe_serious_violations(first_page) == []
    first_page.get_by_role("link", name="Atelier : l'image de la Cornouaille").first.click()
    assert first_page.get_by_text("1 place restante").first.is_visible()
    assert axe_serious_violations(first_page) == []
    first_page.get_by_role("button", name="Je m'inscris").click()
    assert first_page.get_by_text("Votre inscription est confirmée").is_visible()

    # The second is put on the waiting list.
    second_context, second_page = _login(browser, live_server.url, second.email)
    second_page.goto(live_server.url + meeting.get_absolute_url())
    second_page.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    assert second_page.get_by_text("vous êtes sur la liste d'attente").first.is_visible()
    assert Participation.objects.get(meeting=meeting, user=second).status == "waitlisted"

    # The first cancels: the second is promoted and emailed.
    mail.outbox.clear()
    first_page.get_by_role("link", name="Annuler mon inscription").click()
    first_page.get_by_role("button", name="Oui, annuler mon inscription").click()
    assert first_page.get_by_text("Votre inscription est annulée").is_visible()
    assert Participation.objects.get(meeting=meeting, user=second).status == "registered"
    promotion = next(m for m in mail.outbox if m.to == [second.email])
    assert "place s'est libérée" in promotion.subject
    first_context.close()

    # The facilitator checks the second in, from a phone.
    facilitator_context, facilitator_page = _login(browser, live_server.url, facilitator.email)
    facilitator_page.set_viewport_size({"width": 390, "height": 844})
    facilitator_page.goto(live_server.url + meeting.get_absolute_url() + "emargement/")
    toggle = facilitator_page.get_by_role("button", name=re.compile("Présent·e — Ronan Cadiou"))
    toggle.focus()
    facilitator_page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    # RGAA 7.1, 12.8: the button is never disabled while saving, so the focus stays on it.
    expect(toggle).to_be_focused()
    expect(toggle).to_be_enabled()
    assert Participation.objects.get(meeting=meeting, user=second).attended is True
    assert axe_serious_violations(facilitator_page) == []
    facilitator_context.close()

    # The second adds a contribution tied to the objective; it shows on the objective's page.
    second_page.goto(live_server.url + meeting.get_absolute_url())
    second_page.locator("label", has_text="Idée d'action").click()
    second_page.get_by_label("Votre contribution").fill(
        "Des **ambassadeurs** de la Cornouaille parmi les salariés <script>alert(1)</script>"
    )
    second_page.locator("summary", has_text="À quoi se rattache-t-elle ?").click()
    second_page.get_by_role("checkbox", name=objective.title).check()
    second_page.get_by_role("button", name="Enregistrer la contribution").click()
    expect(second_page.get_by_text("Merci, votre contribution est enregistrée.")).to_be_visible()
    contribution = Contribution.objects.get(meeting=meeting)
    assert contribution.author == second
    second_page.goto(live_server.url + objective.get_absolute_url())
    assert second_page.get_by_text("ambassadeurs").first.is_visible()
    assert "<script>alert(1)</script>" not in second_page.content()
    second_page.goto(live_server.url + "/strategie/")
    assert axe_serious_violations(second_page) == []
    second_context.close()
