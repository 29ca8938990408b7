"""End-to-end fixtures: Debian's Chromium driven by Playwright for Python.

Never `playwright install`: the browser is /usr/bin/chromium (apt-get install chromium).
"""

import os
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _open_page(browser, request, **viewport):
    # No CSS transitions: axe must see final colours, not a fade in progress.
    context = browser.new_context(locale="fr-FR", viewport=viewport, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        # Keep what the browser showed, for the person reading the CI log.
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        (ARTIFACTS / f"{request.node.name}.html").write_text(page.content())
    context.close()


@pytest.fixture
def page(browser, request):
    yield from _open_page(browser, request, width=1280, height=900)


@pytest.fixture
def mobile_page(browser, request):
    yield from _open_page(browser, request, width=390, height=844)


def axe_serious_violations(page) -> list[str]:
    """Run axe-core (bundled with axe-playwright-python) and keep serious/critical findings."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            f"{node['target'][0]} ({node.get('failureSummary', '').splitlines()[-1].strip()})"
            for node in violation["nodes"][:5]
        )
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
