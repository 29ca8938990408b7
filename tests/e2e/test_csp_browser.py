"""The Content-Security-Policy in a real browser: Chromium enforces it, the site's own scripts
still run (the profile's copy button, Bootstrap's menu) and nothing is refused."""

import pytest

from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-Cornouaille-29"


def test_pages_run_their_scripts_and_nothing_is_refused(live_server, page):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    user = UserFactory(email="gaelle.riou@example.org")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")
    page.goto(live_server.url + "/profil/")

    # static/js/copy-link.js ran: the button it reveals is visible and it works.
    button = page.get_by_role("button", name="Copier le lien")
    button.wait_for(state="visible")
    button.click()
    page.wait_for_function(
        "document.getElementById('copie-calendrier-statut').textContent.length > 0"
    )

    # Bootstrap's bundle ran: the « Plus » and account menus open (the menu is expanded at
    # this width: no hamburger from 1200 px).
    page.get_by_role("button", name="Plus").click()
    page.locator("a.dropdown-item", has_text="Acteurs").wait_for(state="visible")
    page.get_by_role("button", name="Mon compte").click()
    page.locator("a.dropdown-item", has_text="Mon profil").wait_for(state="visible")

    # A page that still carried an inline script would be reported by Chromium here.
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/accounts/signup/")
    assert refused == []


def test_chromium_does_refuse_an_inline_script_under_this_policy(live_server, page):
    """The check above can fail: an inline script injected in a served page is refused."""
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.route(
        live_server.url + "/",
        lambda route: route.fulfill(
            response=route.fetch(),
            body=route.fetch().text().replace("</body>", "<script>window.x=1</script></body>"),
        ),
    )
    page.goto(live_server.url + "/")
    assert any("Content Security Policy" in text for text in refused)
    assert page.evaluate("window.x") is None
