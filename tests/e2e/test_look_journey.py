"""Journey through the pages a newcomer reads on a phone (390×844) and a laptop (1366×768):
the workshop programme (filters folded behind a button with their count, the first card above
the fold, badges that wrap without overlapping, select labels not cut), a workshop page (date,
place, seats and the button first), published minutes (stacked decisions and actions, headings
of the text no larger than the sections, a thumb-sized PDF button in Ko), the reading room (a
count for everyone, an excerpt per row), French typography, the visual identity, and the
warning before creating an action that repeats one. Screenshots go to test-artifacts/look/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from apps.governance import services
from apps.governance.models import Meeting
from apps.minutes.services import (
    ActionItemEntry,
    DecisionEntry,
    minutes_publish,
    minutes_save,
    minutes_start,
    minutes_submit,
)
from apps.strategy.models import Filiere, Objective, PriorityAction
from apps.workshops.models import Workshop
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations
from tests.minutes.factories import held_meeting, minutes_in
from tests.strategy.factories import ContributionFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-Cornouaille-29"
SIZES = {"bureau": {"width": 1366, "height": 768}, "telephone": {"width": 390, "height": 844}}
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "look"
LONG_OBJECTIVE = "Se positionner sur les filières d'excellence"


def _open(browser, size, *, email=None, base_url=""):
    context = browser.new_context(locale="fr-FR", viewport=SIZES[size], reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(20_000)
    if email:
        page.goto(base_url + "/accounts/login/")
        page.get_by_label("Adresse électronique").fill(email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Connexion").click()
        page.wait_for_url("**/mon-espace/")
    return context, page


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _workshops(lead):
    objective = Objective.objects.get(slug="filieres-d-excellence")
    mer = Filiere.objects.get(slug="mer")
    meetings = []
    for index in range(3):
        start = timezone.now() + timedelta(days=10 + index)
        meeting = services.meeting_create(
            kind=Meeting.Kind.WORKSHOP, body=None, created_by=lead,
            title=f"Atelier {index + 1} : la mer, une fierté ?", start=start,
            end=start + timedelta(hours=3), place="Halle de la criée, Le Guilvinec", capacity=30,
        )  # fmt: skip
        services.meeting_publish(meeting=meeting, by=lead)
        workshop = Workshop.objects.create(meeting=meeting)
        workshop.objectives.add(objective)
        workshop.filieres.add(mer)
        meetings.append(meeting)
    return meetings


def _select_labels_fit(page) -> list[str]:
    """The selects whose chosen label is wider than their text box (« Toutes les filièr »)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main select')].filter(select => {
            if (!select.offsetParent) return false;
            const style = getComputedStyle(select);
            const context = document.createElement('canvas').getContext('2d');
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const text = select.options[select.selectedIndex].text;
            const room = select.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            return context.measureText(text).width > room + 1;
        }).map(select => select.name)"""
    )


def _badge_lines_overlap(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('main .badge')].filter(badge => {
            const style = getComputedStyle(badge);
            const lineHeight = parseFloat(style.lineHeight) || 0;
            return lineHeight < 1.2 * parseFloat(style.fontSize);
        }).map(badge => badge.textContent.trim())"""
    )


def test_programme_and_workshop_page_on_a_phone_and_a_laptop(live_server, browser):
    lead = UserFactory(role="equipe-projet")
    meetings = _workshops(lead)
    UserFactory(email="acteur@example.org")

    for size in SIZES:
        context, page = _open(browser, size)
        page.goto(live_server.url + "/ateliers/")
        first_card = page.locator("#ateliers > li").first
        box = first_card.bounding_box()
        assert box["y"] < SIZES[size]["height"] - 100, (size, box)  # the first card shows
        assert _select_labels_fit(page) == []
        assert _badge_lines_overlap(page) == []
        summary = page.locator("#bouton-filtres")
        if size == "telephone":
            # folded behind one button; opened, the filters work (no JavaScript needed)
            assert summary.is_visible() and not page.get_by_label("Filière").is_visible()
            summary.click()
            assert page.get_by_label("Filière").is_visible()
            assert _select_labels_fit(page) == []
        else:
            assert not summary.is_visible() and page.get_by_label("Filière").is_visible()
        page.get_by_label("Filière").select_option(label="Mer")
        page.get_by_label("Places restantes seulement").check()
        page.get_by_role("button", name="Filtrer").click()
        page.wait_for_url("**filiere=mer**")
        if size == "telephone":
            assert " ".join(summary.inner_text().split()) == "Filtres 2 actifs"
            assert not page.get_by_label("Filière").is_visible()
        assert page.locator("#ateliers > li").count() == 3
        # French typography: « ? » never starts a line alone
        title = page.locator("#ateliers h2").first.inner_text()
        assert title.endswith("fierté\u202f?"), title
        assert page.locator(".wordmark img").get_attribute("alt") == "Cornouaille Attractivité"
        assert (
            page.locator(".badge-filiere img.pictogram")
            .first.get_attribute("src")
            .endswith("filiere-mer.svg")
        )
        assert axe_serious_violations(page) == [], size
        _shot(page, f"programme-{size}")

        page.goto(live_server.url + meetings[0].get_absolute_url())
        button = page.locator("#essentiel").get_by_text("Connectez-vous pour vous inscrire")
        facts = page.locator("#essentiel .key-facts")
        if size == "telephone":
            assert facts.is_visible() and "Halle de la criée" in facts.inner_text()
        seats = page.get_by_text("30 places restantes")
        for locator in (button, seats):
            box = locator.bounding_box()
            assert box["y"] + box["height"] <= SIZES[size]["height"], (size, box)
        assert axe_serious_violations(page) == [], size
        _shot(page, f"atelier-{size}")
        context.close()

    # Signed in on a phone: the registration button itself is above the fold.
    context, page = _open(
        browser, "telephone", email="acteur@example.org", base_url=live_server.url
    )
    page.goto(live_server.url + meetings[0].get_absolute_url())
    box = page.get_by_role("button", name="Je m'inscris").bounding_box()
    assert box["y"] + box["height"] <= 844 and box["height"] >= 38
    context.close()


def test_minutes_on_a_phone_and_the_reading_room(live_server, browser):
    lead = UserFactory(role="equipe-projet")
    meeting = held_meeting(title="COPIL : bilan de l'année")
    minutes_in(
        "published",
        by=lead,
        meeting=meeting,
        summary="",
        body="## Un grand titre tapé dans le texte\n\nLe COPIL adopte le **budget** 2027.",
    )
    # decisions and actions are structured: publish a second minutes that has them
    other = held_meeting(title="COPIL de printemps", days_ago=30)
    draft = minutes_start(meeting=other, by=lead)
    draft = minutes_save(
        minutes=draft, by=lead, base_revision=draft.revision, summary="Le plan est adopté.",
        body="## Plan d'actions\n\nAdopté.",
        decisions=[DecisionEntry(text="Le plan d'actions 2027 est adopté.")],
        action_items=[
            ActionItemEntry(
                what="Chiffrer les actions", owner_id=lead.pk, due_date=timezone.localdate()
            )
        ],
    )  # fmt: skip
    minutes_submit(minutes=draft, by=lead)
    minutes_publish(minutes=draft, by=lead)

    for size in SIZES:
        context, page = _open(browser, size)
        page.goto(live_server.url + "/comptes-rendus/")
        count = page.locator("#nombre-resultats")
        assert count.is_visible() and count.inner_text() == "2 comptes rendus"
        rows = page.locator("#comptes-rendus > li")
        assert "Le COPIL adopte le budget 2027." in rows.nth(1).inner_text()  # no summary
        assert _select_labels_fit(page) == []
        assert axe_serious_violations(page) == [], size
        _shot(page, f"salle-de-lecture-{size}")

        page.goto(live_server.url + draft.get_absolute_url())
        pdf = page.get_by_role("link", name="Télécharger le PDF")
        box = pdf.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
        assert " Ko)" in pdf.inner_text().replace("\xa0", " ")
        display = page.locator("#decisions td").first.evaluate("e => getComputedStyle(e).display")
        assert display == ("block" if size == "telephone" else "table-cell")
        if size == "telephone":
            assert "Décision" in page.locator("#decisions tbody th").first.inner_text()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert axe_serious_violations(page) == [], size
        _shot(page, f"compte-rendu-{size}")

        page.goto(live_server.url + Meeting.objects.get(pk=meeting.pk).minutes.get_absolute_url())
        sizes = page.evaluate(
            """() => [document.querySelector('#texte h2'), document.querySelector('#titre-texte')]
                .map(e => parseFloat(getComputedStyle(e).fontSize))"""
        )
        assert sizes[0] <= sizes[1], sizes
        context.close()


def test_an_action_that_repeats_one_asks_first(live_server, browser):
    lead = UserFactory(email="lead@example.org", role="equipe-projet")
    first, second = ContributionFactory.create_batch(2)
    existing = PriorityAction.objects.create(
        title="Guichet unique d'accueil", slug="guichet-unique",
        objective=Objective.objects.order_by("position").first(),
    )  # fmt: skip
    existing.contributions.set([first, second])

    context, page = _open(browser, "bureau", email=lead.email, base_url=live_server.url)
    page.goto(f"{live_server.url}/strategie/actions/nouvelle/?contributions={first.pk},{second.pk}")
    warning = page.locator("#doublon")
    assert "Ces contributions ont déjà donné une action." in warning.inner_text()
    page.get_by_label("Intitulé de l'action").fill("guichet unique d'accueil")
    page.get_by_role("combobox", name="Objectif").select_option(index=1)
    page.get_by_role("button", name="Créer l'action").click()
    assert "ressemble à une action existante" in page.locator("#doublon").inner_text()
    assert PriorityAction.objects.count() == 1
    assert axe_serious_violations(page) == []
    _shot(page, "action-doublon-bureau")
    page.get_by_role("button", name="Rattacher plutôt à « Guichet unique d'accueil »").click()
    page.wait_for_url(f"**{existing.get_absolute_url()}")
    assert PriorityAction.objects.count() == 1
    context.close()


def test_identity_on_home_and_strategy_pages(live_server, browser):
    """The wordmark and a pictogram per objective and filière, in the palette, pass axe."""
    for size in SIZES:
        context, page = _open(browser, size)
        for path, name in (("/", "accueil"), ("/strategie/", "strategie")):
            page.goto(live_server.url + path)
            assert page.locator(".wordmark img").get_attribute("alt") == "Cornouaille Attractivité"
            sources = page.locator("main img.pictogram").evaluate_all(
                "images => images.map(i => [i.getAttribute('src'), i.getAttribute('alt'),"
                " i.naturalWidth])"
            )
            assert len(sources) >= 4
            assert all(alt == "" and width > 0 for _src, alt, width in sources), sources
            assert any(src.endswith("objectif-notoriete-et-image.svg") for src, *_ in sources)
            if path == "/strategie/":
                assert any(src.endswith("filiere-tourisme.svg") for src, *_ in sources)
            assert axe_serious_violations(page) == [], (size, path)
            _shot(page, f"{name}-{size}")
        context.close()
