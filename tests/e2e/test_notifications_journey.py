"""Journey: a participant follows the priority action born of their idea (on a phone), the
project team changes its status (desktop), the participant sees the notification in the header,
opens it, lands on the action and finds it in « ce que sont devenues mes idées ». Axe-clean."""

import pytest
from playwright.sync_api import expect

from apps.notifications.models import Notification
from apps.strategy.models import PriorityAction
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations
from tests.strategy.factories import ContributionFactory, PriorityActionFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-Cornouaille-29"
SHOTS = "/tmp/shots-h14a"


def _login(browser, base_url, email, viewport):
    context = browser.new_context(locale="fr-FR", viewport=viewport, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")
    return context, page


@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 1366, "height": 768}],
    ids=["phone", "desktop"],
)
def test_follow_status_change_notification_and_my_ideas(live_server, browser, viewport):
    lead = UserFactory(email="chef@example.org", role="equipe-projet")
    participant = UserFactory(email="katell@example.org", first_name="Katell")
    contribution = ContributionFactory(
        author=participant, text="Une bourse aux logements pour les saisonniers."
    )
    action = PriorityActionFactory(
        title="Bourse aux logements saisonniers", status=PriorityAction.Status.VALIDATED,
        progress=10, contributions=[contribution],
    )  # fmt: skip
    name = "phone" if viewport["width"] < 500 else "desktop"

    # The participant follows the action from its page.
    p_context, p_page = _login(browser, live_server.url, participant.email, viewport)
    p_page.goto(live_server.url + action.get_absolute_url())
    follow = p_page.get_by_role("button", name="Suivre cette action")
    expect(follow).to_be_in_viewport()
    follow.click()
    expect(p_page.get_by_text("Vous suivez cette action.")).to_be_visible()
    assert axe_serious_violations(p_page) == []

    # The project team marks it done.
    l_context, l_page = _login(browser, live_server.url, lead.email, {"width": 1366, "height": 768})
    l_page.goto(live_server.url + action.get_absolute_url())
    l_page.get_by_role("link", name="Mettre à jour l'action").click()
    l_page.get_by_label("Statut").select_option(PriorityAction.Status.DONE)
    l_page.get_by_label("Avancement (%)").fill("100")
    l_page.get_by_role("button", name="Enregistrer").click()
    expect(l_page.get_by_text("L'action est mise à jour.")).to_be_visible()
    assert Notification.objects.filter(recipient=participant).count() == 1

    # The participant sees it in the header, opens the centre and the notification.
    p_page.reload()
    header = p_page.get_by_role("link", name="Notifications 1 non lue")
    expect(header).to_be_visible()
    header.click()
    p_page.wait_for_url("**/notifications/")
    expect(p_page.get_by_role("heading", name="Mes notifications")).to_be_visible()
    link = p_page.get_by_role(
        "link", name="L'action « Bourse aux logements saisonniers » a changé de statut"
    )
    expect(link).to_be_in_viewport()
    p_page.screenshot(path=f"{SHOTS}/e2e-centre-{name}.png", full_page=True)
    assert axe_serious_violations(p_page) == []
    # Keyboard: the notification's link is reachable with Tab and opens with Enter.
    link.focus()
    p_page.keyboard.press("Enter")
    p_page.wait_for_url(f"**{action.get_absolute_url()}")
    expect(p_page.get_by_role("heading", name="Bourse aux logements saisonniers")).to_be_visible()
    assert Notification.objects.get(recipient=participant).read_at is not None
    expect(p_page.get_by_role("link", name="Notifications")).to_be_visible()  # no unread left

    # « Ce que sont devenues mes idées »: the idea, the action and its new status.
    p_page.goto(live_server.url + "/mon-espace/contributions/")
    idea = p_page.locator(f"#idee-{contribution.pk}")
    expect(idea).to_contain_text("Une bourse aux logements pour les saisonniers.")
    expect(idea).to_contain_text("Bourse aux logements saisonniers — Réalisée")
    expect(idea).to_contain_text("avancement 100 %")
    p_page.screenshot(path=f"{SHOTS}/e2e-ideas-{name}.png", full_page=True)
    assert axe_serious_violations(p_page) == []
    p_context.close()
    l_context.close()
