"""Journey: a person reads everything the platform holds about them, then erases their account
(told beforehand that published minutes will name « Personne anonymisée »)."""

import os

import pytest
from django.test import Client

from apps.accounts.models import User
from apps.governance.models import Participation
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations
from tests.governance.factories import MeetingFactory, MembershipFactory, ParticipationFactory
from tests.strategy.factories import ContributionFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS")  # a folder, to look at the pages


def _sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_read_my_data_then_erase(live_server, browser, viewport):
    width, height = viewport
    context = browser.new_context(
        locale="fr-FR", viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    page = context.new_page()
    person = UserFactory(first_name="Katell", last_name="Riou")
    ParticipationFactory(
        user=person,
        meeting=MeetingFactory(title="COPIL de printemps"),
        status=Participation.Status.EXCUSED,
    )
    MembershipFactory(user=person, title="Conseillère communautaire")
    ContributionFactory(author=person, text="Un marché des producteurs le dimanche")
    _sign_in(page, live_server, person)

    page.goto(live_server.url + "/profil/")
    link = page.get_by_role("link", name="Voir toutes mes données")
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/profil/mes-donnees/")
    assert page.get_by_role("heading", name="Toutes mes données").is_visible()
    for text in ("COPIL de printemps", "Conseillère communautaire", "Un marché des producteurs"):
        assert page.get_by_text(text).first.is_visible()
    assert axe_serious_violations(page) == []
    _shot(page, f"mes-donnees-{width}")

    page.goto(live_server.url + "/profil/supprimer/")
    assert page.get_by_text("remplacés par « Personne anonymisée »").is_visible()
    button = page.get_by_role("button", name="Supprimer définitivement mon compte")
    assert axe_serious_violations(page) == []
    _shot(page, f"supprimer-{width}")
    page.get_by_label("Mot de passe").fill("motdepasse-Cornouaille-29")
    page.get_by_role("checkbox").check()
    button.click()
    page.wait_for_url(live_server.url + "/")
    person = User.objects.get(pk=person.pk)
    assert person.last_name == "supprimé"
    assert person.memberships.get().until is not None
    context.close()
