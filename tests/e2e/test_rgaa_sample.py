"""RGAA checks a browser can make, over the sample of docs/rgaa/ (one seed, one browser, every
sample page in one go; CI time is limited): at each Tab the focused element and the contrast
of its focus ring (10.7, 3.3), 320 px reflow with no horizontal scroll (10.11), 200 % text with
no clipped text (10.4), text spacing (10.12), duplicate ids (8.2), axe-core (serious/critical),
the error summary receiving the focus (11.10, 11.11), the result message after an action taking
the focus (7.5), the PDF status updating in place (13.1). The keyboard walk is written to
test-artifacts/rgaa-keyboard.json for the person redoing the audit."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from apps.governance.models import Meeting
from apps.minutes.models import Minutes
from apps.reports.models import Document
from apps.strategy.models import PriorityAction
from tests.e2e.conftest import ARTIFACTS, CHROMIUM_ARGS, axe_serious_violations  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "chef.projet@demo.cornouaille.test"
PASSWORD = "cornouaille-demo-2026"
TABS = 30  # enough to cross the header, the menu and the first controls of the main content

FOCUS_PROBE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  let node = el.parentElement, ground = { r: 255, g: 255, b: 255, a: 1 };
  while (node) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c && c.a > 0.5) { ground = c; break; }
    node = node.parentElement;
  }
  const cs = getComputedStyle(el);
  const ring = parse(cs.outlineColor) || ground;
  const white = { r: 255, g: 255, b: 255, a: 1 };
  return {
    element: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (
      el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\\s+/).join(".") : ""),
    name: (el.getAttribute("aria-label") || el.innerText || el.value || "").trim().slice(0, 60),
    outline: cs.outlineStyle + " " + cs.outlineWidth,
    ring: Math.round(ratio(ring, ground) * 100) / 100,
    halo: /255, 255, 255/.test(cs.boxShadow) ? Math.round(ratio(white, ground) * 100) / 100 : 0,
    visible: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
  };
}"""

CLIPPED_TEXT = """() => {
  const out = [];
  const selector = "main th, main td, main .btn, main .badge, main h1, main h2, main h3, "
    + "main label, header .nav-link";
  document.querySelectorAll(selector).forEach((el) => {
    if (el.offsetParent === null || el.clientWidth <= 1) return;  // hidden, or visually-hidden
    if (el.scrollWidth > el.clientWidth + 2) {
      out.push(el.tagName.toLowerCase() + ": " + el.innerText.trim().slice(0, 40));
    }
  });
  return out;
}"""

TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: .12em !important;"
    " word-spacing: .16em !important; } p { margin-bottom: 2em !important; }"
)

DUPLICATE_IDS = """() => {
  const seen = {}, dup = [];
  document.querySelectorAll("[id]").forEach((el) => {
    if (seen[el.id]) dup.push(el.id);
    seen[el.id] = 1;
  });
  return dup;
}"""


def _sample(base):
    workshop = (
        Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP)
        .exclude(status=Meeting.Status.DRAFT)
        .order_by("-start")
        .first()
    )
    session = (
        Meeting.objects.filter(kind=Meeting.Kind.COPIL)
        .exclude(status=Meeting.Status.DRAFT)
        .order_by("-start")
        .first()
    )
    minutes = Minutes.objects.filter(status=Minutes.Status.PUBLISHED).first()
    document = Document.objects.filter(
        status=Document.Status.READY,
        kind__in=(Document.Kind.MINUTES, Document.Kind.RESTITUTION),
    ).first()
    action = PriorityAction.objects.first()
    public = {
        "accueil": "/",
        "connexion": reverse("account_login"),
        "inscription": reverse("account_signup"),
    }
    signed_in = {
        "plan-du-site": reverse("sitemap"),
        "confidentialite": reverse("privacy"),
        "accessibilite": reverse("accessibility"),
        "ateliers": reverse("workshops:programme"),
        "atelier": workshop.get_absolute_url(),
        "emargement": reverse("workshops:checkin", kwargs={"slug": workshop.slug}),
        "copil-seance": session.get_absolute_url(),
        "copil-formulaire": reverse("copil:session_edit", kwargs={"slug": session.slug}),
        "compte-rendu": minutes.get_absolute_url(),
        "salle-de-lecture": reverse("minutes:reading_room"),
        "strategie": reverse("strategy:overview"),
        "action": action.get_absolute_url(),
        "profil": reverse("accounts:profile"),
        "calendrier": reverse("calendars:calendar"),
        "document-pdf": _source_of(document),
    }
    return public, signed_in


def _source_of(document):
    if document.kind == Document.Kind.MINUTES:
        return document.minutes_version.get_absolute_url()
    return document.meeting.get_absolute_url()


def _check_page(page, cdp, name, url, problems, walk):
    page.set_viewport_size({"width": 1366, "height": 768})
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
    page.goto(url)
    for violation in axe_serious_violations(page):
        problems.append(f"{name}: axe {violation}")
    for duplicate in page.evaluate(DUPLICATE_IDS):
        problems.append(f"{name}: id en double « {duplicate} » (8.2)")
    # Keyboard walk: every focused element shows a ring of at least 3:1 against its ground.
    steps = []
    page.mouse.click(1, 1)
    for _ in range(TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_PROBE)
        if focus is None:
            break
        steps.append(focus)
        if not focus["visible"] or max(focus["ring"], focus["halo"]) < 3:
            problems.append(f"{name}: focus peu visible sur {focus['element']} ({focus}) (10.7)")
    walk[name] = steps
    if not steps:
        problems.append(f"{name}: aucun élément ne reçoit le focus au clavier (12.8)")
    # 320 px: no horizontal scroll (10.11).
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 321:
        problems.append(f"{name}: défilement horizontal à 320 px ({width} px) (10.11)")
    # Text spacing redefined by the user (WCAG's values): nothing clipped (10.12).
    page.set_viewport_size({"width": 1366, "height": 768})
    page.add_style_tag(content=TEXT_SPACING)
    for clipped in page.evaluate(CLIPPED_TEXT):
        problems.append(f"{name}: texte coupé avec l'espacement redéfini — {clipped} (10.12)")
    # 200 % text (the browser's text size setting): no horizontal scroll, no clipped text.
    page.set_viewport_size({"width": 1366, "height": 768})
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 1367:
        problems.append(f"{name}: défilement horizontal à 200 % ({width} px) (10.4)")
    for clipped in page.evaluate(CLIPPED_TEXT):
        problems.append(f"{name}: texte coupé ou débordant à 200 % — {clipped} (10.4)")


def _context(browser):
    # The text-spacing check injects a user stylesheet; a reader's own styles apply whatever the
    # page's Content-Security-Policy says, so the audit context does not enforce it (the CSP has
    # its own tests: tests/core/test_csp.py).
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 1366, "height": 768},
        reduced_motion="reduce",
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page, context.new_cdp_session(page)


def test_rgaa_sample(live_server, browser):
    call_command("seed_demo", participants=12, skip_report=True, force=True, verbosity=0)
    base = live_server.url
    public, signed_in = _sample(base)
    problems: list[str] = []
    walk: dict[str, list] = {}

    context, page, cdp = _context(browser)
    for name, url in public.items():
        _check_page(page, cdp, name, base + url, problems, walk)
    # Sign-up with errors: French summary, focused, title « Erreur : » (11.10, 11.11, 8.6).
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
    page.goto(base + reverse("account_signup"))
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_load_state()
    assert page.title().startswith("Erreur : ")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.locator("[data-error-summary] a").first.click()
    assert page.evaluate("document.activeElement.tagName") in {"INPUT", "SELECT", "TEXTAREA"}
    # Sign in (the error summary of the sign-in form too).
    page.goto(base + reverse("account_login"))
    page.get_by_label("Adresse électronique").fill(LEAD)
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")
    # The result of the action (« Connexion … réussie ») takes the focus: it is read (RGAA 7.5).
    expect(page.locator("#messages")).to_be_focused()

    for name, url in signed_in.items():
        _check_page(page, cdp, name, base + url, problems, walk)

    # COPIL form with an error: the summary takes the focus and links the field.
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
    page.goto(base + signed_in["copil-formulaire"])
    page.get_by_label("Titre", exact=False).first.fill("")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Erreur : Modifier la séance du ")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")

    # A PDF being rendered: the block updates in place (no reload, RGAA 13.1) as a live region,
    # and the link then says what it is (« PDF, N pages, size », RGAA 6.1, 13.3).
    document = Document.objects.filter(
        status=Document.Status.READY,
        kind__in=(Document.Kind.MINUTES, Document.Kind.RESTITUTION),
    ).first()
    Document.objects.filter(pk=document.pk).update(status=Document.Status.RENDERING)
    page.goto(base + signed_in["document-pdf"])
    block = page.locator(f"[data-status-url='{reverse('reports:status', args=[document.pk])}']")
    expect(block).to_have_attribute("aria-live", "polite")
    page.evaluate("window.notReloaded = true")
    Document.objects.filter(pk=document.pk).update(status=Document.Status.READY)
    link = block.get_by_role("link")
    expect(link).to_have_text(
        re.compile(rf"\(PDF, {document.page_count} pages?, .+\)"), timeout=15_000
    )
    assert page.evaluate("window.notReloaded === true")
    assert "http-equiv" not in page.content()
    context.close()

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "rgaa-keyboard.json").write_text(json.dumps(walk, ensure_ascii=False, indent=1))
    assert not problems, "\n".join(problems)
