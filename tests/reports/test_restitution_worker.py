"""The restitution report rendered by a real Celery worker (pdf queue, production settings):
page 1 gives the key messages, the charts per objective and the annex follow."""

import subprocess

import pytest

from apps.reports.models import Document
from apps.reports.services import document_for_restitution
from tests.conftest import wait_for
from tests.reports.test_restitution import world  # noqa: F401 - fixture
from tests.reports.test_restitution_key_messages import needs  # noqa: F401 - fixture


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_key_messages_on_page_one(world, needs, real_celery, tmp_path):  # noqa: F811
    document = document_for_restitution(meeting=world.plenary)
    ready = wait_for(
        lambda: Document.objects.filter(pk=document.pk, status=Document.Status.READY).first(),
        timeout=90,
    )
    path = tmp_path / "restitution.pdf"
    path.write_bytes(ready.file.read())

    def text(first, last):
        return subprocess.run(
            ["/usr/bin/pdftotext", "-f", str(first), "-l", str(last), str(path), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    page_one = " ".join(text(1, 1).split())
    for expected in (
        "Rapport de restitution",
        "Messages clés",
        world.o1.title,
        "Un guichet unique.",
        "Guichet unique d'accueil",
        "4 participant·es · 2 ateliers · 8 contributions",
    ):
        assert expected in page_one, expected
    assert "Participant·es par EPCI" not in page_one
    rest = " ".join(text(2, ready.page_count).split())
    assert "Contributions par type" in rest and "Actions prioritaires par statut" in rest
    assert "Annexe — la liste complète des contributions" in rest
    png = tmp_path / "page"
    subprocess.run(
        ["/usr/bin/pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(path), str(png)],
        check=True,
    )
    assert len(list(tmp_path.glob("page-*.png"))) == 2
