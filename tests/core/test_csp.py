"""Content-Security-Policy: one page of each type carries the header, and no page has inline
script (no <script> without src, no on…= handler, no javascript: address) nor a style
attribute (style-src 'self'). The pages come from the demo data (`seed_demo`)."""

import re
from io import StringIO

import pytest
from django.core.exceptions import BadRequest
from django.core.management import call_command
from django.test import Client
from django.urls import include, path, reverse

from apps.accounts.demo import demo_account_user
from apps.governance.models import Meeting, Participation
from apps.governance.tokens import answer_token
from apps.minutes.models import Minutes
from apps.strategy.models import Objective, PriorityAction
from apps.working_groups.models import WorkingGroup

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


def _boom(request):
    raise RuntimeError("a test of the 500 page")


def _bad(request):
    raise BadRequest("a test of the 400 page")


urlpatterns = [path("boom/", _boom), path("bad/", _bad), path("", include("cornouaille.urls"))]
handler400 = "cornouaille.views.error_400"
handler500 = "cornouaille.views.error_500"


def check_page(response) -> list[str]:
    problems = []
    policy = response.headers.get("Content-Security-Policy", "")
    if "script-src 'self'" not in policy or "default-src 'self'" not in policy:
        problems.append(f"CSP header missing or incomplete: {policy!r}")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"CSP allows inline code: {policy!r}")
    html = response.content.decode()
    for name, pattern in (
        ("inline <script>", INLINE_SCRIPT),
        ("inline event handler", EVENT_HANDLER),
        ("javascript: address", JS_URL),
        ("style attribute", STYLE_ATTR),
    ):
        match = pattern.search(html)
        if match:
            problems.append(f"{name}: {html[match.start() : match.start() + 120]!r}")
    return problems


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--participants", "20", "--skip-report", "--force", stdout=StringIO())


def _pages(client: Client) -> dict[str, tuple[str, int]]:
    """(page type → address, expected status) for everyone, anonymous first."""
    public_minutes = Minutes.objects.filter(
        status=Minutes.Status.PUBLISHED, visibility=Minutes.Visibility.PUBLIC
    ).first()
    workshop = Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP).exclude(status="draft").first()
    plenary = Meeting.objects.filter(kind=Meeting.Kind.PLENARY).exclude(status="draft").first()
    copil = Meeting.objects.filter(kind=Meeting.Kind.COPIL, visibility="public").first()
    invitation = (
        Participation.objects.filter(meeting__kind=Meeting.Kind.COPIL)
        .select_related("meeting")
        .order_by("-meeting__start")
        .first()
    )
    group = WorkingGroup.objects.select_related("body").first()
    return {
        "home": (reverse("home"), 200),
        "privacy": (reverse("privacy"), 200),
        "login": (reverse("account_login"), 200),
        "signup": (reverse("account_signup"), 200),
        "password reset": (reverse("account_reset_password"), 200),
        "verification sent": (reverse("account_email_verification_sent"), 200),
        "directory": (reverse("stakeholders:directory"), 200),
        "strategy": (reverse("strategy:overview"), 200),
        "objective": (Objective.objects.first().get_absolute_url(), 200),
        "actions": (reverse("strategy:actions"), 200),
        "action": (PriorityAction.objects.first().get_absolute_url(), 200),
        "copil": (reverse("copil:index"), 200),
        "copil session": (copil.get_absolute_url(), 200),
        "working groups": (reverse("working_groups:list"), 200),
        "working group": (group.get_absolute_url(), 200),
        "workshops": (reverse("workshops:programme"), 200),
        "workshop": (workshop.get_absolute_url(), 200),
        "plenaries": (reverse("plenaries:list"), 200),
        "plenary": (plenary.get_absolute_url(), 200),
        "reading room": (reverse("minutes:reading_room"), 200),
        "minutes": (public_minutes.get_absolute_url(), 200),
        "minutes version": (public_minutes.versions.first().get_absolute_url(), 200),
        "calendar": (reverse("calendars:calendar"), 200),
        "calendar list": (reverse("calendars:calendar") + "?vue=liste", 200),
        "rsvp link": (reverse("governance:answer", args=[answer_token(invitation)]), 200),
        "password reset done": (reverse("account_reset_password_done"), 200),
        "confirm email (bad key)": (reverse("account_confirm_email", args=["cle-inconnue"]), 200),
        "400": ("/bad/", 400),
        "404": ("/pas-de-page-ici/", 404),
        "500": ("/boom/", 500),
    }


def _team_pages() -> dict[str, tuple[str, int]]:
    draft = Minutes.objects.exclude(status=Minutes.Status.PUBLISHED).first()
    workshop = Meeting.objects.filter(kind=Meeting.Kind.WORKSHOP).first()
    plenary = Meeting.objects.filter(kind=Meeting.Kind.PLENARY).first()
    copil = Meeting.objects.filter(kind=Meeting.Kind.COPIL).first()
    group = WorkingGroup.objects.select_related("body").first()
    return {
        "profile": (reverse("accounts:profile"), 200),
        "sign out": (reverse("account_logout"), 200),
        "erase account": (reverse("accounts:erase"), 200),
        "email addresses": (reverse("account_email"), 200),
        "password change": (reverse("account_change_password"), 200),
        "copil session form": (reverse("copil:session_create"), 200),
        "copil session edit": (reverse("copil:session_edit", args=[copil.slug]), 200),
        "copil attendance": (reverse("copil:session_attendance", args=[copil.slug]), 200),
        "workshop form": (reverse("workshops:create"), 200),
        "workshop edit": (reverse("workshops:edit", args=[workshop.slug]), 200),
        "check-in": (reverse("workshops:checkin", args=[workshop.slug]), 200),
        "plenary form": (reverse("plenaries:create"), 200),
        "plenary edit": (reverse("plenaries:edit", args=[plenary.slug]), 200),
        "working group form": (reverse("working_groups:create"), 200),
        "working group edit": (reverse("working_groups:edit", args=[group.body.slug]), 200),
        "contribution form": (reverse("strategy:contribution_add", args=[workshop.slug]), 200),
        "action edit": (
            reverse("strategy:action_edit", args=[PriorityAction.objects.first().slug]),
            200,
        ),
        "draft minutes": (draft.get_absolute_url(), 200),
        "minutes editor": (reverse("minutes:edit", args=[draft.pk]), 200),
        "admin": (reverse("admin:index"), 200),
        "admin list": (reverse("admin:governance_meeting_changelist"), 200),
        "admin form": (reverse("admin:governance_meeting_change", args=[copil.pk]), 200),
    }


@pytest.mark.django_db
@pytest.mark.urls("tests.core.test_csp")
def test_every_page_type_has_the_policy_and_no_inline_script(demo):
    anonymous = Client(raise_request_exception=False)
    team = Client()
    team.force_login(demo_account_user(role="equipe-projet"))
    checked, failures = 0, []
    for who, client, pages in (
        ("anonymous", anonymous, _pages(anonymous)),
        ("project team", team, _team_pages()),
    ):
        for page, (address, status) in pages.items():
            response = client.get(address)
            checked += 1
            if response.status_code != status:
                failures.append(f"{who} {page} {address}: {response.status_code} != {status}")
                continue
            failures += [f"{who} {page} {address}: {p}" for p in check_page(response)]
    # A stakeholder meets the 403 page on the team's forms.
    stakeholder = Client()
    stakeholder.force_login(demo_account_user(role=None))
    response = stakeholder.get(reverse("workshops:create"))
    checked += 1
    if response.status_code != 403:
        failures.append(f"stakeholder 403: {response.status_code}")
    failures += [f"stakeholder 403: {p}" for p in check_page(response)]
    assert not failures, "\n".join(failures)
    assert checked == len(_pages(anonymous)) + len(_team_pages()) + 1 >= 45


def test_the_checks_catch_inline_code():
    class Page:
        headers = {"Content-Security-Policy": "default-src 'self'; script-src 'self'"}

    for html in (
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
        '<p style="color: red">',
    ):
        page = Page()
        page.content = html.encode()
        assert check_page(page), html
    page = Page()
    page.content = b'<script src="/static/js/copy-link.js" defer></script><p data-onclick="x">'
    assert check_page(page) == []
