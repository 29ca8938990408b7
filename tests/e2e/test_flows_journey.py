"""Journeys of issue 11's flows, on a laptop (1366×768) and a phone (390×844): the convocation
previewed then sent, a reschedule that asks again and moves the address; the check-in on the
day (filter as you type, sticky counters, a walk-in without an account); the contribution form
saved without reloading; leaving the waiting list with a confirmation."""

import os
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from apps.governance import services
from apps.governance.models import Meeting, Membership, Participation
from apps.strategy.models import Contribution, Objective
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_serious_violations
from tests.e2e.test_workshop_journey import _login
from tests.governance.helpers import copil
from tests.workshops.factories import WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True)
S = Participation.Status
SHOTS = os.environ.get("E2E_SHOTS_DIR", "")
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=False)


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_convocation_preview_then_a_reschedule_that_asks_again(live_server, browser):
    lead = UserFactory(role="equipe-projet", email="lead@example.org")
    members = [UserFactory() for _ in range(14)]
    for member in members:
        Membership.objects.create(body=copil(), user=member)
    start = (timezone.now() + timedelta(days=20)).replace(hour=9, minute=30, second=0)
    meeting = services.meeting_create(
        kind=Meeting.Kind.COPIL, body=copil(), created_by=lead, title="COPIL de printemps",
        start=start, end=start + timedelta(hours=2), place="Hôtel de ville, Quimper",
    )  # fmt: skip

    context, page = _login(browser, live_server.url, lead.email)
    page.set_viewport_size(LAPTOP)
    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("link", name="Envoyer la convocation").click()
    expect(page.get_by_role("heading", name="14 destinataires")).to_be_visible()
    expect(page.locator("#apercu-objet")).to_contain_text("Convocation")
    expect(page.locator("#apercu-message")).to_contain_text("Vous êtes convoqué·e")
    send = page.get_by_role("button", name="Envoyer à 14 personnes")
    assert _in_viewport(page, send)  # the main action above the fold
    assert axe_serious_violations(page) == []
    _shot(page, "convocation-preview-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    assert _in_viewport(page, page.get_by_role("button", name="Envoyer à 14 personnes"))
    _shot(page, "convocation-preview-phone")
    assert mail.outbox == []
    page.get_by_role("button", name="Envoyer à 14 personnes").click()
    expect(page.get_by_text("Convocation envoyée : 14 personnes convoquées.")).to_be_visible()
    assert len(mail.outbox) == 14
    # The next useful action: remind those who have not answered.
    expect(page.get_by_role("link", name="Relancer les 14 personnes sans réponse")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Convoquer"))).to_have_count(0)

    # Someone is excused for this date; the session then moves a week later.
    excused = meeting.participations.get(user=members[0])
    services.participation_answer(participation=excused, by=members[0], status=S.EXCUSED)
    old_url = meeting.get_absolute_url()
    mail.outbox.clear()
    page.set_viewport_size(LAPTOP)
    page.get_by_role("link", name="Modifier").click()
    new_day = timezone.localdate(start) + timedelta(days=7)
    page.get_by_label("Date").fill(new_day.isoformat())
    page.get_by_role("button", name="Enregistrer les modifications").click()
    page.wait_for_url(re.compile(rf".*/copil/seances/copil-de-printemps-{new_day:%Y-%m-%d}/$"))
    excused.refresh_from_db()
    assert excused.status == S.INVITED  # « excusé·e » for the old date says nothing of the new
    assert len(mail.outbox) == 14
    assert "Ancienne date" in mail.outbox[0].body and "Nouvelle date" in mail.outbox[0].body
    # The old address leads to the new one.
    page.goto(live_server.url + old_url)
    assert page.url.endswith(f"copil-de-printemps-{new_day:%Y-%m-%d}/")
    context.close()


def test_checkin_on_the_day_with_a_phone(live_server, browser):
    facilitator = UserFactory(email="fanny@example.org", role="facilitateur")
    # Under way, and today in Paris whatever the hour the suite runs (an hour from now is
    # tomorrow after 23:00, when check-in is not open yet).
    today = timezone.localtime().replace(hour=0, minute=1, second=0, microsecond=0)
    start = max(today, timezone.now() - timedelta(minutes=30))
    meeting = WorkshopFactory(
        meeting__title="Atelier : accueillir les talents",
        meeting__opened_early_at=None,  # today: open by the rule, no override
        meeting__start=start,
        meeting__end=start + timedelta(hours=3),
        facilitators=[facilitator],
    ).meeting
    names = [("Katell", "Nédélec"), ("Ronan", "Cadiou"), ("Anne", "Kervella")]
    people = [UserFactory(first_name=f, last_name=n) for f, n in names]
    people += [UserFactory() for _ in range(25)]
    for person in people:
        Participation.objects.create(
            meeting=meeting, user=person, status=S.REGISTERED, queued_at=timezone.now()
        )

    context, page = _login(browser, live_server.url, facilitator.email)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("link", name="Émargement").click()
    search = page.get_by_role("main").get_by_role("searchbox")
    assert _in_viewport(page, search)
    _shot(page, "checkin-phone")
    # Filter as one types: only Ronan's row stays.
    search.fill("cadi")
    rows = page.locator("#inscrits > li:not(.d-none)")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Ronan Cadiou")
    rows.first.get_by_role("button", name=re.compile("Présent·e")).click()
    expect(page.locator("[data-count='present']")).to_have_text("1")
    search.fill("")
    expect(page.locator("#inscrits > li:not(.d-none)")).to_have_count(len(people))
    # Far down the list, the counters and the search box are still in view (sticky).
    page.locator("#inscrits > li").nth(20).scroll_into_view_if_needed()
    assert _in_viewport(page, page.locator("#compteurs"))
    assert _in_viewport(page, search)
    assert axe_serious_violations(page) == []

    # A walk-in without an account: searched first, then added with who they are.
    search.fill("Yann Le Bihan")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("Aucun compte ne correspond")).to_be_visible()
    form = page.locator("#sans-compte")
    expect(form.get_by_label("Prénom et nom")).to_have_value("Yann Le Bihan")
    form.get_by_label("Organisation").fill("Comité des fêtes de Locronan")
    form.get_by_label("Territoire (EPCI)").select_option(index=1)
    form.get_by_label("Catégorie d'acteur").select_option(index=1)
    form.get_by_label(re.compile("accepte d'être recontactée")).check()
    form.get_by_role("button", name="Enregistrer comme présent·e").click()
    expect(page.get_by_text("Yann Le Bihan est enregistré·e comme présent·e.")).to_be_visible()
    expect(page.locator("[data-count='present']")).to_have_text("2")
    guest = meeting.participations.get(user=None)
    assert guest.guest_name == "Yann Le Bihan" and guest.guest_may_contact
    page.set_viewport_size(LAPTOP)
    page.goto(live_server.url + meeting.get_absolute_url() + "emargement/")
    assert _in_viewport(page, page.get_by_role("main").get_by_role("searchbox"))
    _shot(page, "checkin-desktop")
    assert axe_serious_violations(page) == []
    context.close()


def test_contribution_saved_without_reload_and_leaving_the_waiting_list(live_server, browser):
    objective = Objective.objects.get(slug="notoriete-et-image")
    participant = UserFactory(email="paul@example.org")
    start = timezone.now() + timedelta(hours=1)
    workshop = WorkshopFactory(
        meeting__start=start, meeting__end=start + timedelta(hours=3), meeting__capacity=1
    )
    workshop.objectives.add(objective)
    meeting = workshop.meeting
    Participation.objects.create(
        meeting=meeting, user=participant, status=S.REGISTERED, queued_at=timezone.now()
    )
    context, page = _login(browser, live_server.url, participant.email)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + meeting.get_absolute_url() + "#contribuer-titre")
    page.evaluate("window.notReloaded = true")
    typed = "Des ambassadeurs parmi les salariés"
    page.get_by_label("Votre contribution").fill(typed)
    page.get_by_role("button", name="Enregistrer la contribution").click()
    expect(page.get_by_text("Choisissez le type de la contribution.")).to_be_visible()
    expect(page.get_by_label("Votre contribution")).to_have_value(typed)
    assert page.evaluate("window.notReloaded") is True
    page.locator("label", has_text="Idée d'action").click()
    page.get_by_role("button", name="Enregistrer la contribution").click()
    expect(page.get_by_text("Merci, votre contribution est enregistrée.")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    assert Contribution.objects.get(meeting=meeting).text == typed
    expect(page.get_by_label("Votre contribution")).to_have_value("")
    assert axe_serious_violations(page) == []
    context.close()

    # Someone on the waiting list of a full workshop leaves it, after a confirmation.
    later = timezone.now() + timedelta(days=9)
    full = WorkshopFactory(
        meeting__capacity=1, meeting__start=later, meeting__end=later + timedelta(hours=2)
    ).meeting
    Participation.objects.create(
        meeting=full, user=UserFactory(), status=S.REGISTERED, queued_at=timezone.now()
    )
    waiting = UserFactory(email="attente@example.org")
    Participation.objects.create(
        meeting=full, user=waiting, status=S.WAITLISTED, queued_at=timezone.now()
    )
    context, page = _login(browser, live_server.url, waiting.email)
    page.set_viewport_size(LAPTOP)
    page.goto(live_server.url + full.get_absolute_url())
    page.get_by_role("link", name="Quitter la liste d'attente").click()
    expect(page.get_by_role("heading", name="Quitter la liste d'attente")).to_be_visible()
    assert Participation.objects.get(meeting=full, user=waiting).status == S.WAITLISTED
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Oui, quitter la liste d'attente").click()
    expect(page.get_by_text("Vous avez quitté la liste d'attente.")).to_be_visible()
    assert Participation.objects.get(meeting=full, user=waiting).status == S.CANCELLED

    # A past workshop says it took place, with its attendance — not « places restantes ».
    before = timezone.now() - timedelta(days=4)
    past = WorkshopFactory(
        meeting__title="Atelier passé", meeting__capacity=20,
        meeting__start=before, meeting__end=before + timedelta(hours=2),
    ).meeting  # fmt: skip
    for _ in range(4):
        Participation.objects.create(
            meeting=past, user=UserFactory(), status=S.REGISTERED, attended=True
        )
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + past.get_absolute_url())
    expect(page.get_by_role("heading", name="La réunion a eu lieu")).to_be_visible()
    expect(page.get_by_text("4 personnes présentes.")).to_be_visible()
    expect(page.get_by_text("places restantes")).to_have_count(0)
    _shot(page, "past-workshop-phone")
    assert axe_serious_violations(page) == []
    context.close()
