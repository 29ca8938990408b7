"""The « bilan de participation » PDF: requested from the observatory, rendered by the worker
(eager here; the real worker renders the other kinds in tests/core/test_worker.py), once per
state of the data, downloadable by whoever reads the observatory."""

import subprocess

import pytest

from apps.reports.models import Document
from tests.accounts.factories import UserFactory
from tests.observatory.helpers import dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_request_render_download(client, tmp_path, django_capture_on_commit_callbacks):
    data = dataset()
    client.force_login(UserFactory(role="comite-technique"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/documents-pdf/bilan-participation/", {"annee": data.year})
    assert response.status_code == 302 and f"annee={data.year}" in response["Location"]
    document = Document.objects.get(kind=Document.Kind.PARTICIPATION)
    assert document.period == str(data.year) and document.is_ready and document.page_count >= 2
    # Asking again for unchanged figures gives the same document.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/documents-pdf/bilan-participation/", {"annee": data.year})
    assert Document.objects.filter(kind=Document.Kind.PARTICIPATION).count() == 1
    pdf = b"".join(client.get(document.get_absolute_url()).streaming_content)
    path = tmp_path / "bilan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["/usr/bin/pdftotext", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Bilan de participation" in text
    flat = " ".join(text.split())
    assert "Participants uniques" in flat and "Conserverie de l" in flat, flat[:3000]
    html = client.get("/observatoire/", {"annee": data.year}).content.decode()
    assert document.get_absolute_url() in html


def test_only_observatory_readers(client):
    data = dataset()
    for person in (UserFactory(), UserFactory(role="facilitateur")):
        client.force_login(person)
        response = client.post("/documents-pdf/bilan-participation/", {"annee": data.year})
        assert response.status_code == 404
    assert not Document.objects.exists()
    client.logout()
    assert client.post("/documents-pdf/bilan-participation/").status_code in (302, 404)
