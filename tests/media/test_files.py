"""Stored files follow their rows, and `media_orphans` finds (and removes) the files no row
points to — through Django's storage API, so on the local disk and on an object store alike
(InMemoryStorage stands for the latter here: no path on disk exists)."""

import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from apps.governance.models import MeetingDocument
from tests.governance.factories import MeetingDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["filesystem", "memory"])
def storage(request, settings, tmp_path):
    backend = {
        "filesystem": "django.core.files.storage.FileSystemStorage",
        "memory": "django.core.files.storage.InMemoryStorage",
    }[request.param]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}
    return default_storage


def test_a_deleted_document_takes_its_file_along(storage, django_capture_on_commit_callbacks):
    document = MeetingDocumentFactory()
    name = document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert not storage.exists(name)


def test_a_rolled_back_deletion_keeps_the_file(storage, django_capture_on_commit_callbacks):
    document = MeetingDocumentFactory()
    pk, name = document.pk, document.file.name
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        document.delete()
        raise RuntimeError("panne")
    assert MeetingDocument.objects.filter(pk=pk).exists()
    assert storage.exists(name)


def _run(*args) -> str:
    out = io.StringIO()
    call_command("media_orphans", *args, stdout=out)
    return out.getvalue()


def test_media_orphans_lists_then_deletes_only_unreferenced_files(storage):
    kept = MeetingDocumentFactory()
    orphan = storage.save("meetings/999/abc/oublie.pdf", ContentFile(b"%PDF-1.4"))
    loose = storage.save("vieux.txt", ContentFile(b"x"))

    listed = _run("--min-age", "0")
    assert orphan in listed and loose in listed
    assert kept.file.name not in listed
    assert "2 fichier(s) orphelin(s)" in listed
    assert storage.exists(orphan)  # listing deletes nothing

    deleted = _run("--min-age", "0", "--delete")
    assert "2 fichier(s) orphelin(s) supprimé(s)" in deleted
    assert not storage.exists(orphan) and not storage.exists(loose)
    assert storage.exists(kept.file.name)


def test_recent_files_are_left_alone(storage):
    """A file being uploaded has no row yet: younger than --min-age, it is not an orphan."""
    fresh = storage.save("meetings/1/en-cours/envoi.pdf", ContentFile(b"%PDF-1.4"))
    assert "0 fichier(s) orphelin(s)" in _run("--delete")
    assert storage.exists(fresh)


def test_an_empty_media_root_is_not_an_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "jamais-cree"
    assert "0 fichier(s) orphelin(s)" in _run()
    assert not os.path.exists(settings.MEDIA_ROOT)
