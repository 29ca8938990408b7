"""Journey: a participant contributes online to a call, comments, votes in a prioritisation
from a phone; the projection screen shows the results and updates without reload (polling)."""

import pytest
from playwright.sync_api import expect

from apps.participation.models import Ballot, BallotPoints, Comment
from apps.strategy.models import Contribution
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations
from tests.participation.factories import make_call, make_prioritisation

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-Cornouaille-29"
SHOTS = "/tmp/shots-participation"


def _login(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")


@pytest.mark.parametrize("device", ["mobile_page", "page"])
def test_contribute_comment_vote_and_project(live_server, request, browser, device):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page = request.getfixturevalue(device)
    participant = UserFactory(first_name="Katell", last_name="Nédélec")
    call = make_call(title="Accueillir les nouveaux actifs")
    prioritisation = make_prioritisation(title="Priorités de la plénière", live=True)
    base = live_server.url

    # Contribute online to the call
    _login(page, base, participant.email)
    page.goto(base + call.get_absolute_url())
    assert axe_serious_violations(page) == []
    page.screenshot(path=f"{SHOTS}/{device}-call.png", full_page=True)
    page.get_by_label("Idée d'action").check()
    page.get_by_label("Votre contribution").fill("Un **week-end découverte** pour les candidats")
    page.get_by_role("button", name="Publier ma contribution").click()
    expect(page.get_by_text("Merci, votre contribution est publiée.")).to_be_visible()
    contribution = Contribution.objects.get(author=participant, meeting__isnull=True)
    assert contribution.source == call

    # Comment on it
    page.get_by_label("Votre commentaire").fill("Je précise : *avec* les clubs d'entreprises.")
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_text("Votre commentaire est publié.")).to_be_visible()
    assert Comment.objects.filter(contribution=contribution, author=participant).exists()
    assert axe_serious_violations(page) == []
    page.screenshot(path=f"{SHOTS}/{device}-contribution.png", full_page=True)

    # Vote in the prioritisation (over budget first: refused in French)
    page.goto(base + prioritisation.get_absolute_url())
    assert axe_serious_violations(page) == []
    first, second, _third = prioritisation.actions.order_by("pk")
    page.get_by_label(first.title).fill("8")
    page.get_by_label(second.title).fill("5")
    page.get_by_role("button", name="Enregistrer mon vote").click()
    expect(page.get_by_text("retirez-en 3")).to_be_visible()
    page.get_by_label(second.title).fill("2")
    page.get_by_role("button", name="Enregistrer mon vote").click()
    expect(page.get_by_text("Votre vote est enregistré.")).to_be_visible()
    assert Ballot.objects.get(prioritisation=prioritisation, user=participant).total == 10
    page.screenshot(path=f"{SHOTS}/{device}-vote.png", full_page=True)

    # The projection screen shows the results and follows new votes without reload
    page.goto(base + f"/participer/priorisations/{prioritisation.slug}/resultats/")
    expect(page.locator(".results-list li").first).to_contain_text(first.title)
    assert axe_serious_violations(page) == []
    page.screenshot(path=f"{SHOTS}/{device}-results.png")
    from apps.participation import services

    for _ in range(3):
        services.ballot_submit(
            prioritisation=prioritisation, user=UserFactory(), points={second.pk: 10}
        )
    expect(page.locator(".results-list li").first).to_contain_text(second.title, timeout=12_000)
    expect(page.locator("[data-ballots]")).to_have_text("4")


@pytest.mark.parametrize("device", ["mobile_page", "page"])
def test_rank_the_actions(live_server, request, device):
    """A ranking: two actions given the same rank are refused in French, then a ranking of
    two actions out of three is recorded and shown back; the results explain the count."""
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page = request.getfixturevalue(device)
    participant = UserFactory()
    ranking = make_prioritisation(title="Classement de la plénière", method="ranking", live=True)
    first, second, third = ranking.actions.order_by("pk")
    base = live_server.url
    _login(page, base, participant.email)
    page.goto(base + ranking.get_absolute_url())
    expect(page.get_by_role("heading", name="Classez les actions")).to_be_visible()
    assert axe_serious_violations(page) == []
    page.get_by_label(third.title).select_option("1")
    page.get_by_label(first.title).select_option("1")
    page.get_by_role("button", name="Enregistrer mon classement").click()
    expect(page.get_by_text("Deux actions ont le rang 1")).to_be_visible()
    page.get_by_label(first.title).select_option("2")
    page.get_by_role("button", name="Enregistrer mon classement").click()
    expect(page.get_by_text("Votre vote est enregistré.")).to_be_visible()
    expect(page.get_by_label(third.title)).to_have_value("1")
    expect(page.get_by_label(first.title)).to_have_value("2")
    expect(page.get_by_label(second.title)).to_have_value("")
    expect(page.get_by_text("méthode de Borda")).to_be_visible()
    assert axe_serious_violations(page) == []
    page.screenshot(path=f"{SHOTS}/{device}-ranking.png", full_page=True)
    lines = dict(
        BallotPoints.objects.filter(ballot__user=participant).values_list("action_id", "points")
    )
    assert lines == {third.pk: 3, first.pk: 2}
