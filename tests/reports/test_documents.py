"""PDF documents: the URL fetcher, the minutes PDF (content, metadata, sanitising), idempotent
and retried rendering, and the document views (download, status, retry, restitution request)
walked through the roles. PDF text is read with poppler's pdftotext, as a reader would."""

import http.server
import re
import subprocess
import threading
import zlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from apps.governance.models import Meeting, Membership
from apps.minutes.models import Minutes
from apps.minutes.services import (
    DecisionEntry,
    minutes_publish,
    minutes_save,
    minutes_start,
    minutes_submit,
)
from apps.reports import services
from apps.reports.models import Document
from apps.reports.pdf import BASE_URL, render_pdf
from tests.accounts.factories import UserFactory
from tests.governance.factories import day_at_14h
from tests.governance.helpers import add_member, copil

pytestmark = pytest.mark.django_db

PDFTOTEXT = "/usr/bin/pdftotext"
PDFINFO = "/usr/bin/pdfinfo"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# ------------------------------------------------------------------------------------ helpers
def pdf_text(pdf: bytes, tmp_path, *, layout: bool = False) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    args = [PDFTOTEXT, *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_info(pdf: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([PDFINFO, str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects, object streams inflated (the catalog lives in one)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def held_meeting(lead, *, title="Séance d'automne du COPIL", **fields) -> Meeting:
    start = (timezone.now() - timedelta(days=5)).replace(second=0, microsecond=0)
    defaults = {
        "kind": Meeting.Kind.COPIL,
        "body": copil(),
        "slug": f"copil-{Meeting.objects.count() + 1}",
        "start": start,
        "end": start + timedelta(hours=2),
        "place": "Salle du conseil, Quimper",
        "status": Meeting.Status.HELD,
        "created_by": lead,
    }
    defaults.update(fields)
    return Meeting.objects.create(title=title, **defaults)


def publish_minutes(
    lead,
    django_capture_on_commit_callbacks,
    *,
    meeting=None,
    body="## Bilan\n\nLe bilan des ateliers est **approuvé**.",
    decisions=("Le bilan 2026 est approuvé.", "Le budget des ateliers est reconduit."),
    visibility=Minutes.Visibility.PUBLIC,
    execute=True,
):
    """Minutes published through the workflow services; the render runs after the commit."""
    minutes = minutes_start(meeting=meeting or held_meeting(lead), by=lead)
    minutes = minutes_save(
        minutes=minutes,
        by=lead,
        base_revision=minutes.revision,
        summary="Séance consacrée au bilan.",
        body=body,
        visibility=visibility,
        decisions=[DecisionEntry(text=text) for text in decisions],
    )
    minutes_submit(minutes=minutes, by=lead)
    with django_capture_on_commit_callbacks(execute=execute):
        version = minutes_publish(minutes=minutes, by=lead, notify=False)
    return version


@pytest.fixture
def lead(db):
    return UserFactory(role="equipe-projet")


@pytest.fixture
def published(lead, django_capture_on_commit_callbacks):
    version = publish_minutes(lead, django_capture_on_commit_callbacks)
    return Document.objects.get(minutes_version=version)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# ------------------------------------------------------------------------------- URL fetcher
class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    """A real HTTP server on 127.0.0.1: proves the PDF never calls it."""
    _CountingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class TestURLFetcher:
    def test_refuses_files_network_and_escaping_paths(self, local_server, tmp_path):
        port = local_server.server_address[1]
        html = (
            '<html lang="fr"><head><title>Essai</title>'
            '<link rel="stylesheet" href="/static/reports/pdf.css">'
            '<link rel="attachment" href="file:///etc/passwd"></head><body><h1>Essai</h1>'
            '<img src="file:///etc/passwd" alt="">'
            f'<img src="http://127.0.0.1:{port}/espion.png" alt="">'
            '<img src="/static/../../etc/passwd" alt="">'
            '<img src="/static/reports/%2e%2e/%2e%2e/%2e%2e/etc/passwd" alt="">'
            "</body></html>"
        )
        pdf, pages, refused = render_pdf(html)
        assert "file:///etc/passwd" in refused
        assert f"http://127.0.0.1:{port}/espion.png" in refused
        assert f"{BASE_URL}etc/passwd" in refused  # /static/../../ resolved, then refused
        assert any("%2e%2e" in url for url in refused)
        assert local_server.RequestHandlerClass.hits == []  # no request left the process
        assert pdf.startswith(b"%PDF-") and pages == 1
        assert "root:" not in pdf_text(pdf, tmp_path)
        assert b"root:x:0" not in pdf_objects(pdf)
        detach = subprocess.run(
            ["/usr/bin/pdfdetach", "-list", str(tmp_path / "document.pdf")],
            capture_output=True,
            text=True,
            check=True,
        )
        assert detach.stdout.startswith("0 embedded files")

    def test_serves_a_static_file_and_a_data_url(self, tmp_path):
        pixel = (
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU"
            "5ErkJggg=="
        )
        html = (
            '<html lang="fr"><head><title>Essai</title>'
            '<link rel="stylesheet" href="/static/reports/pdf.css"></head><body><h1>Essai</h1>'
            f'<img src="data:image/png;base64,{pixel}" alt="point" style="width:10mm">'
            '<img src="/static/favicon.svg" alt="logo" style="width:10mm">'
            "</body></html>"
        )
        pdf, pages, refused = render_pdf(html)
        assert refused == []
        text = pdf_text(pdf, tmp_path)
        assert "page 1 / 1" in text  # the page counter comes from the served stylesheet
        (tmp_path / "images.pdf").write_bytes(pdf)
        listing = subprocess.run(
            ["/usr/bin/pdfimages", "-list", str(tmp_path / "images.pdf")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert len(listing.strip().splitlines()) >= 3  # header, rule, the data: PNG


# ------------------------------------------------------------------------------- minutes PDF
class TestMinutesPDF:
    def test_content_pages_and_metadata(self, published, tmp_path):
        assert published.status == Document.Status.READY
        pdf = published.file.read()
        version = published.minutes_version
        text = pdf_text(pdf, tmp_path)
        assert "Séance d'automne du COPIL" in text
        assert "Le bilan 2026 est approuvé." in text
        assert "Le budget des ateliers est reconduit." in text
        assert "Le bilan des ateliers est approuvé." in text  # Markdown rendered
        assert f"page 1 / {published.page_count}" in text
        with translation.override("fr"):
            published_on = dateformat.format(timezone.localtime(version.published_at), "j F Y")
        assert "Version : 1" in text
        assert f"publiée le {published_on}" in text
        layout = pdf_text(pdf, tmp_path, layout=True)
        rows = [line for line in layout.splitlines() if re.match(r"\s*[12]\s{2,}Le b", line)]
        assert len(rows) == 2  # the decisions table: one row per decision, numbered
        info = pdf_info(pdf, tmp_path)
        assert info["Title"] == "Séance d'automne du COPIL — compte rendu"
        assert info["Author"] == "Cornouaille Attractivité"
        assert info["Pages"] == str(published.page_count)
        assert info["JavaScript"] == "no"
        assert b"/Lang (fr)" in pdf_objects(pdf)

    def test_no_script_reaches_the_pdf(self, lead, django_capture_on_commit_callbacks, tmp_path):
        body = (
            "## Bilan\n\nAvant <script>alert('xss-script')</script> après.\n\n"
            '<img src="x" onerror="alert(\'xss-onerror\')">\n\n'
            "[un lien](javascript:alert('xss-link')) et "
            "<a href=\"javascript:alert('xss-a')\">un autre</a>."
        )
        version = publish_minutes(lead, django_capture_on_commit_callbacks, body=body)
        document = Document.objects.get(minutes_version=version)
        pdf = document.file.read()
        text = pdf_text(pdf, tmp_path)
        assert "Avant" in text and "un lien" in text and "un autre" in text
        for payload in ("alert", "xss", "onerror", "javascript", "<script"):
            assert payload not in text
        assert b"javascript" not in pdf_objects(pdf).lower()
        assert pdf_info(pdf, tmp_path)["JavaScript"] == "no"


# ---------------------------------------------------------------------------------- services
class TestRendering:
    def test_one_document_per_version(self, published):
        version = published.minutes_version
        again = services.document_for_minutes_version(version=version)
        assert again.pk == published.pk
        assert Document.objects.filter(minutes_version=version).count() == 1

    def test_rendering_twice_renders_once(self, published, monkeypatch):
        calls = []
        monkeypatch.setattr(services, "render_pdf", lambda *a, **k: calls.append(1))
        before = Document.objects.get(pk=published.pk)
        after = services.document_render(document_id=published.pk)
        assert calls == []
        assert after.render_seconds == before.render_seconds
        assert after.rendered_at == before.rendered_at
        assert after.attempts == before.attempts == 1
        assert after.file.name == before.file.name

    def test_a_failing_render_is_recorded_then_retried(
        self, lead, django_capture_on_commit_callbacks, monkeypatch
    ):
        real = services.render_pdf

        def broken(html, **kwargs):
            raise RuntimeError("police introuvable")

        monkeypatch.setattr(services, "render_pdf", broken)
        version = publish_minutes(lead, django_capture_on_commit_callbacks, execute=False)
        document = Document.objects.get(minutes_version=version)
        with pytest.raises(RuntimeError):
            services.document_render(document_id=document.pk)
        document.refresh_from_db()
        assert document.status == Document.Status.FAILED
        assert document.error == "RuntimeError: police introuvable"
        assert document.attempts == 1 and not document.file

        monkeypatch.setattr(services, "render_pdf", real)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.document_retry(document=document, by=lead)
        assert len(callbacks) == 1  # re-enqueued after the commit
        document.refresh_from_db()
        assert document.status == Document.Status.PENDING and document.error == ""
        callbacks[0]()  # the worker picks it up
        document.refresh_from_db()
        assert document.status == Document.Status.READY and document.attempts == 2
        with pytest.raises(ValidationError):
            services.document_retry(document=document, by=lead)


# ------------------------------------------------------------------------------------- views
@pytest.fixture
def people(lead):
    member = UserFactory()
    add_member(copil(), member, role=Membership.Role.ELECTED_OFFICIAL)
    return {"anonymous": None, "stakeholder": UserFactory(), "member": member, "team": lead}


def restitution_document(plenary) -> Document:
    return Document.objects.create(
        kind=Document.Kind.RESTITUTION,
        meeting=plenary,
        version_key=f"restitution:{plenary.pk}:test",
        title=f"Rapport de restitution — {plenary.title}",
    )


def plenary_meeting(lead, **fields) -> Meeting:
    start = day_at_14h(20)
    defaults = {
        "kind": Meeting.Kind.PLENARY,
        "title": "Plénière de restitution",
        "slug": f"pleniere-{Meeting.objects.count() + 1}",
        "start": start,
        "end": start + timedelta(hours=3),
        "place": "Théâtre de Cornouaille, Quimper",
        "status": Meeting.Status.SCHEDULED,
        "created_by": lead,
    }
    defaults.update(fields)
    return Meeting.objects.create(**defaults)


def _ready(document: Document) -> Document:
    services.document_render(document_id=document.pk)
    document.refresh_from_db()
    return document


class TestDownloadPermissions:
    # who → may download (True) or gets a 404 (False)
    MATRIX = {
        "public_minutes": {"anonymous": True, "stakeholder": True, "member": True, "team": True},
        "members_minutes": {
            "anonymous": False, "stakeholder": False, "member": True, "team": True,
        },
        "public_restitution": {
            "anonymous": True, "stakeholder": True, "member": True, "team": True,
        },
        "members_restitution": {
            "anonymous": False, "stakeholder": False, "member": True, "team": True,
        },
        "draft_restitution": {
            "anonymous": False, "stakeholder": False, "member": False, "team": True,
        },
    }  # fmt: skip

    @pytest.fixture
    def documents(self, lead, django_capture_on_commit_callbacks):
        public = publish_minutes(lead, django_capture_on_commit_callbacks)
        members = publish_minutes(
            lead,
            django_capture_on_commit_callbacks,
            meeting=held_meeting(lead, title="COPIL restreint", visibility="members"),
            visibility=Minutes.Visibility.MEMBERS,
        )
        return {
            "public_minutes": Document.objects.get(minutes_version=public),
            "members_minutes": Document.objects.get(minutes_version=members),
            "public_restitution": _ready(restitution_document(plenary_meeting(lead))),
            "members_restitution": _ready(
                restitution_document(
                    plenary_meeting(lead, body=copil(), visibility=Meeting.Visibility.MEMBERS)
                )
            ),
            "draft_restitution": _ready(
                restitution_document(plenary_meeting(lead, status=Meeting.Status.DRAFT))
            ),
        }

    @pytest.mark.parametrize("who", ["anonymous", "stakeholder", "member", "team"])
    def test_matrix(self, documents, people, who):
        client = client_for(people[who])
        for name, document in documents.items():
            assert document.status == Document.Status.READY, name
            allowed = self.MATRIX[name][who]
            response = client.get(document.get_absolute_url())
            status = client.get(reverse("reports:status", kwargs={"pk": document.pk}))
            if not allowed:
                assert response.status_code == 404, (name, who)
                assert status.status_code == 404, (name, who)
                continue
            assert response.status_code == 200, (name, who)
            assert response["Content-Type"] == "application/pdf"
            assert response["Cache-Control"] == "private, no-store"
            disposition = response["Content-Disposition"]
            assert disposition.startswith("attachment; filename=")
            assert re.fullmatch(r'attachment; filename="[a-z0-9-]+\.pdf"', disposition)
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
            assert status.json()["status"] == "ready"
            assert status.json()["page_count"] == document.page_count

    def test_filename_is_clean(self, documents):
        response = Client().get(documents["public_minutes"].get_absolute_url())
        assert response["Content-Disposition"] == (
            'attachment; filename="compte-rendu-seance-dautomne-du-copil-version-1.pdf"'
        )

    def test_an_unknown_document_is_a_404(self, people):
        response = client_for(people["team"]).get(reverse("reports:download", kwargs={"pk": 999}))
        assert response.status_code == 404

    def test_a_document_not_ready_shows_a_waiting_page(
        self, lead, people, django_capture_on_commit_callbacks
    ):
        version = publish_minutes(lead, django_capture_on_commit_callbacks, execute=False)
        document = Document.objects.get(minutes_version=version)
        response = Client().get(document.get_absolute_url())
        assert response.status_code == 202
        assert response["Cache-Control"] == "private, no-store"
        page = response.content.decode()
        assert "en cours de rendu" in page and "Rendu en cours…" in page
        # RGAA 13.1: no self-reload; the status block updates in place as a live region.
        assert 'http-equiv="refresh"' not in page and 'aria-live="polite"' in page
        answer = Client().get(reverse("reports:status", kwargs={"pk": document.pk})).json()
        assert answer["status"] == "pending" and answer["page_count"] is None
        assert "data-document-status" in answer["html"] and "Rendu en cours…" in answer["html"]

    def test_a_failed_document_shows_the_failure_and_retry_to_the_team(self, lead, people):
        document = restitution_document(plenary_meeting(lead))
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.FAILED, error="RuntimeError: boom"
        )
        anonymous = Client().get(document.get_absolute_url()).content.decode()
        team = client_for(lead).get(document.get_absolute_url()).content.decode()
        assert "Échec du rendu" in anonymous and "Relancer le rendu" not in anonymous
        assert "Échec du rendu" in team and "Relancer le rendu" in team


class TestRetryView:
    def test_only_the_team_retries_failed_documents(
        self, lead, people, django_capture_on_commit_callbacks
    ):
        document = restitution_document(plenary_meeting(lead))
        Document.objects.filter(pk=document.pk).update(status=Document.Status.FAILED)
        url = reverse("reports:retry", kwargs={"pk": document.pk})
        assert client_for(people["stakeholder"]).post(url).status_code == 403
        assert Client().post(url).status_code == 403
        assert client_for(lead).get(url).status_code == 405
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client_for(lead).post(url, {"next": "/plenieres/"})
        assert len(callbacks) == 1
        assert response.status_code == 302 and response.url == "/plenieres/"
        document.refresh_from_db()
        assert document.status == Document.Status.READY  # tasks run in-process in tests

    def test_a_ready_document_is_not_retried(self, published, lead):
        client = client_for(lead)
        response = client.post(
            reverse("reports:retry", kwargs={"pk": published.pk}), {"next": "https://evil.test/"}
        )
        assert response.status_code == 302 and not response.url.startswith("https://evil")
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("Seul un document en échec" in m for m in messages)

    def test_a_hidden_source_is_a_404_even_for_retry(self, lead, people):
        document = restitution_document(plenary_meeting(lead, status=Meeting.Status.DRAFT))
        url = reverse("reports:retry", kwargs={"pk": document.pk})
        assert client_for(people["member"]).post(url).status_code == 404


class TestRestitutionRequest:
    def test_the_team_requests_the_report_once_per_content(
        self, lead, people, django_capture_on_commit_callbacks
    ):
        plenary = plenary_meeting(lead)
        url = reverse("reports:restitution_request", kwargs={"slug": plenary.slug})
        client = client_for(lead)
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(url)
        assert first.status_code == 302
        assert first.url == reverse("plenaries:detail", kwargs={"slug": plenary.slug})
        document = Document.objects.get(meeting=plenary)
        assert document.status == Document.Status.READY and document.requested_by == lead
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            second = client.post(url)
        assert callbacks == []  # nothing to render again
        assert Document.objects.filter(meeting=plenary).count() == 1
        messages = [str(m) for m in second.wsgi_request._messages]
        assert any("à jour" in m for m in messages)

    def test_others_may_not(self, lead, people):
        plenary = plenary_meeting(lead)
        draft = plenary_meeting(lead, status=Meeting.Status.DRAFT)
        for who in ("anonymous", "stakeholder", "member"):
            client = client_for(people[who])
            url = reverse("reports:restitution_request", kwargs={"slug": plenary.slug})
            assert client.post(url).status_code == 403
            hidden = reverse("reports:restitution_request", kwargs={"slug": draft.slug})
            assert client.post(hidden).status_code == 404
        assert client_for(lead).get(url).status_code == 405
        assert not Document.objects.exists()

    def test_not_a_plenary_is_a_404(self, lead):
        meeting = held_meeting(lead)
        url = reverse("reports:restitution_request", kwargs={"slug": meeting.slug})
        assert client_for(lead).post(url).status_code == 404


# ------------------------------------------------------------------------ status include, admin
class TestStatusInclude:
    def render(self, document, user):
        return render_to_string(
            "reports/_document_status.html", {"document": document, "user": user}
        )

    def test_each_state(self, published, lead, people):
        ready = self.render(published, people["stakeholder"])
        assert "Télécharger le PDF" in ready and f"(PDF, {published.page_count} page" in ready
        assert published.get_absolute_url() in ready
        published.status = Document.Status.RENDERING
        assert "Rendu en cours…" in self.render(published, people["stakeholder"])
        assert "reports/document_status.js" in self.render(published, people["stakeholder"])
        published.status = Document.Status.FAILED
        assert "Échec du rendu" in self.render(published, people["stakeholder"])
        assert "Relancer le rendu" not in self.render(published, people["stakeholder"])
        assert "Relancer le rendu" in self.render(published, lead)
        assert self.render(None, lead).strip() == ""


class TestAdmin:
    def test_read_only_list_and_retry_action(
        self, lead, published, django_capture_on_commit_callbacks
    ):
        lead.is_staff = True
        lead.save(update_fields=["is_staff"])
        failed = restitution_document(plenary_meeting(lead))
        Document.objects.filter(pk=failed.pk).update(status=Document.Status.FAILED)
        client = client_for(lead)
        changelist = reverse("admin:reports_document_changelist")
        response = client.get(changelist, {"status__exact": "failed"})
        assert response.status_code == 200
        assert failed.title in response.content.decode()
        assert published.title not in response.content.decode()
        assert client.get(reverse("admin:reports_document_add")).status_code == 403
        detail = client.get(reverse("admin:reports_document_change", args=[published.pk]))
        assert detail.status_code == 200 and 'name="title"' not in detail.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                changelist,
                {"action": "retry_render", "_selected_action": [failed.pk, published.pk]},
                follow=True,
            )
        page = response.content.decode()
        assert "1 document remis en file de rendu." in page
        assert "1 document ignoré" in page
        failed.refresh_from_db()
        assert failed.status == Document.Status.READY

    def test_stakeholders_have_no_access(self, published):
        staff = UserFactory(is_staff=True)
        response = client_for(staff).get(reverse("admin:reports_document_changelist"))
        assert response.status_code == 403
