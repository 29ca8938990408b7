"""Media on an S3-compatible bucket (a real HTTP server: moto in server mode, see .ci/run).

Uploaded documents and rendered PDFs land in the bucket, never on the local disk; downloads
stream through the permission-checked views; WeasyPrint reads media through the storage API;
deleting a row deletes its object; `media_orphans` lists and removes what no row references.
"""

import io
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.governance.models import Meeting, MeetingDocument
from apps.reports.models import Document
from apps.reports.pdf import render_pdf
from tests.accounts.factories import UserFactory
from tests.governance.factories import TINY_PDF, MeetingFactory
from tests.reports.test_documents import publish_minutes
from tests.s3 import object_names

PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2b0c5770000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def _empty_local_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "local-media"


def local_files() -> list[str]:
    root = settings.MEDIA_ROOT
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def lead(db):
    return UserFactory(role="equipe-projet")


def upload(client, meeting, *, name="diaporama.pdf", data=TINY_PDF, visibility="members"):
    return client.post(
        reverse("copil:document_add", kwargs={"slug": meeting.slug}),
        {
            "title": "Diaporama",
            "visibility": visibility,
            "file": SimpleUploadedFile(name, data, "application/pdf"),
        },
    )


# ---------------------------------------------------------------------------------- settings
def test_settings_pick_the_bucket_only_when_s3_bucket_is_set():
    """Production settings with and without S3_BUCKET (a fresh interpreter each time)."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cornouaille.settings.production",
        "DJANGO_SECRET_KEY": "settings-probe-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
        "DJANGO_ALLOWED_HOSTS": "concertation.example.org",
        "SITE_URL": "https://concertation.example.org",
        "DATABASE_URL": "postgres://user:pass@db:5432/cornouaille",
        "CELERY_BROKER_URL": "redis://redis:6379/0",
        "REDIS_URL": "redis://redis:6379/1",
        "EMAIL_URL": "smtp://mail.example.org:587",
    }
    base_env = {k: v for k, v in base_env.items() if not k.startswith("S3_")}

    def storage(**extra):
        out = subprocess.run(
            [sys.executable, "-c", code],
            env={**base_env, **extra},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        import json

        return json.loads(out.strip().splitlines()[-1])

    assert storage()["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    s3 = storage(
        S3_BUCKET="cornouaille-media",
        S3_ENDPOINT_URL="http://objectstore:9000",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
        S3_REGION="fr-par",
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert options["bucket_name"] == "cornouaille-media"
    assert options["endpoint_url"] == "http://objectstore:9000"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True and options["querystring_expire"] <= 300
    assert options["file_overwrite"] is False


# ------------------------------------------------------------------------- documents on S3
@pytest.mark.s3
class TestDocumentsInTheBucket:
    def test_upload_lands_in_the_bucket_and_downloads_through_the_view(self, s3_storage, lead):
        meeting = MeetingFactory()
        team = Client()
        team.force_login(lead)
        assert upload(team, meeting).status_code == 302
        document = MeetingDocument.objects.get()
        assert object_names(s3_storage.client, s3_storage.bucket) == [document.file.name]
        assert local_files() == []  # nothing on this host's disk

        # Private: the object grants nothing to everyone, and no public URL is handed out.
        acl = s3_storage.client.get_object_acl(Bucket=s3_storage.bucket, Key=document.file.name)
        grantees = [grant["Grantee"].get("URI", "") for grant in acl["Grants"]]
        assert not any("AllUsers" in uri or "AuthenticatedUsers" in uri for uri in grantees)
        assert "X-Amz-Signature=" in document.file.url  # only ever signed, and short-lived

        response = team.get(reverse("governance:document", kwargs={"pk": document.pk}))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == TINY_PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert "diaporama.pdf" in response["Content-Disposition"]
        # The session page links to the view, never to the bucket.
        page = team.get(meeting.get_absolute_url()).content.decode()
        assert reverse("governance:document", kwargs={"pk": document.pk}) in page
        assert "X-Amz" not in page and s3_storage.bucket not in page

    def test_permission_is_checked_before_the_bucket_is_read(self, s3_storage, lead):
        meeting = MeetingFactory(visibility=Meeting.Visibility.PUBLIC)
        team = Client()
        team.force_login(lead)
        upload(team, meeting, visibility="members")
        document = MeetingDocument.objects.get()
        outsider = Client()
        outsider.force_login(UserFactory())
        response = outsider.get(reverse("governance:document", kwargs={"pk": document.pk}))
        assert response.status_code == 403
        assert not hasattr(response, "streaming_content")

    def test_deleting_a_document_deletes_its_object(
        self, s3_storage, lead, django_capture_on_commit_callbacks
    ):
        meeting = MeetingFactory()
        team = Client()
        team.force_login(lead)
        upload(team, meeting, name="a.pdf")
        upload(team, meeting, name="b.pdf")
        first, second = MeetingDocument.objects.order_by("pk")
        assert len(object_names(s3_storage.client, s3_storage.bucket)) == 2

        with django_capture_on_commit_callbacks(execute=True):
            first.delete()
        assert object_names(s3_storage.client, s3_storage.bucket) == [second.file.name]

        # A whole meeting deleted (cascade): its documents' objects go too.
        with django_capture_on_commit_callbacks(execute=True):
            Meeting.objects.filter(pk=meeting.pk).delete()
        assert object_names(s3_storage.client, s3_storage.bucket) == []

    def test_a_rolled_back_delete_keeps_the_object(self, s3_storage, lead):
        from django.db import transaction

        meeting = MeetingFactory()
        team = Client()
        team.force_login(lead)
        upload(team, meeting)
        document = MeetingDocument.objects.get()
        with pytest.raises(RuntimeError), transaction.atomic():
            document.delete()
            raise RuntimeError("rollback")
        assert object_names(s3_storage.client, s3_storage.bucket) == [document.file.name]


# ------------------------------------------------------------------------------ PDFs on S3
@pytest.mark.s3
class TestPDFsInTheBucket:
    def test_rendered_pdf_is_stored_in_the_bucket_and_downloads(
        self, s3_storage, lead, django_capture_on_commit_callbacks
    ):
        version = publish_minutes(lead, django_capture_on_commit_callbacks)
        document = Document.objects.get(minutes_version=version)
        assert document.status == Document.Status.READY
        assert document.file.name in object_names(s3_storage.client, s3_storage.bucket)
        assert local_files() == []
        team = Client()
        team.force_login(lead)
        response = team.get(document.get_absolute_url())
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-") and len(body) == document.size

    def test_weasyprint_reads_media_through_the_storage_not_the_network(self, s3_storage):
        name = default_storage.save("meetings/logo/pixel.png", ContentFile(PIXEL_PNG))
        endpoint = s3_storage.env["S3_ENDPOINT_URL"]
        html = (
            '<html lang="fr"><head><title>Essai</title></head><body><h1>Essai</h1>'
            f'<img src="/media/{name}" alt="pixel" style="width:10mm">'
            # The object's own address on the S3 server: a network URL, refused.
            f'<img src="{endpoint}/{s3_storage.bucket}/{name}" alt="réseau">'
            '<img src="/media/../settings.py" alt="évasion">'
            '<img src="/media/introuvable.png" alt="absent">'
            "</body></html>"
        )
        pdf, pages, refused = render_pdf(html)
        assert pdf.startswith(b"%PDF-") and pages == 1
        assert f"/media/{name}" not in " ".join(refused)
        assert any(url.startswith(endpoint) for url in refused)
        assert any("introuvable.png" in url for url in refused)
        assert len(refused) == 3


# ------------------------------------------------------------------------------- orphans
def _orphans_command(*args) -> str:
    out = io.StringIO()
    call_command("media_orphans", *args, stdout=out)
    return out.getvalue()


@pytest.mark.s3
def test_media_orphans_lists_then_removes_unreferenced_objects(s3_storage, lead):
    meeting = MeetingFactory()
    team = Client()
    team.force_login(lead)
    upload(team, meeting)
    kept = MeetingDocument.objects.get().file.name
    # Left by an earlier version that deleted rows without their files.
    for key in ("meetings/999/0ld/ordre-du-jour.pdf", "documents/minutes/0ld/cr.pdf"):
        s3_storage.client.put_object(Bucket=s3_storage.bucket, Key=key, Body=b"%PDF-1.4 old")

    listing = _orphans_command("--min-age", "0")
    assert "meetings/999/0ld/ordre-du-jour.pdf" in listing
    assert "documents/minutes/0ld/cr.pdf" in listing
    assert kept not in listing
    assert "2 fichier(s) orphelin(s) trouvé(s)" in listing
    assert len(object_names(s3_storage.client, s3_storage.bucket)) == 3  # listing deletes nothing

    # Young files may belong to an upload in progress: skipped by default (1 hour).
    assert "0 fichier(s) orphelin(s)" in _orphans_command()

    removed = _orphans_command("--min-age", "0", "--delete")
    assert "2 fichier(s) orphelin(s) supprimé(s)" in removed
    assert object_names(s3_storage.client, s3_storage.bucket) == [kept]


@pytest.mark.django_db
def test_media_orphans_on_the_local_storage(lead, django_capture_on_commit_callbacks):
    meeting = MeetingFactory()
    team = Client()
    team.force_login(lead)
    upload(team, meeting)
    document = MeetingDocument.objects.get()
    stray = default_storage.save("meetings/1/stray/oublie.pdf", ContentFile(b"%PDF-1.4"))
    old = time.time() - 2 * 3600
    os.utime(settings.MEDIA_ROOT / stray, (old, old))
    listing = _orphans_command()
    assert stray in listing and document.file.name not in listing
    _orphans_command("--delete")
    assert not default_storage.exists(stray)
    assert default_storage.exists(document.file.name)
    # Local storage too: deleting the row deletes the file.
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert local_files() == []


@pytest.mark.django_db
def test_an_unreachable_storage_does_not_block_the_delete(
    lead, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """The row goes; the file stays as an orphan, logged, for media_orphans to remove."""
    meeting = MeetingFactory()
    team = Client()
    team.force_login(lead)
    upload(team, meeting)
    document = MeetingDocument.objects.get()
    storage = document.file.storage

    def unreachable(name):
        raise OSError("bucket unreachable")

    monkeypatch.setattr(storage, "delete", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not MeetingDocument.objects.exists()
    assert "media_orphans" in caplog.text and document.file.name in caplog.text
    monkeypatch.undo()
    assert default_storage.exists(document.file.name)
