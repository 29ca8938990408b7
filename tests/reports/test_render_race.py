"""A render that is overtaken never stores its bytes: the document was reset (an RGPD erasure
rewrote the frozen minutes while the worker was drawing the old ones) or another render of it
started. Without this, the old PDF — naming the erased person — would be stored as « ready »
and the new render, finding it ready, would do nothing."""

import pytest

from apps.reports import services
from apps.reports.models import Document
from tests.accounts.factories import UserFactory
from tests.minutes.factories import minutes_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    minutes_in("published", by=UserFactory(role="equipe-projet"))
    document = Document.objects.get()
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PENDING, file="")
    return document


def _during_the_render(monkeypatch, event):
    """Run `event` once, after the HTML was read and drawn, before the bytes are stored."""
    real = services.render_pdf
    calls = []

    def render_then_event(html):
        result = real(html)
        if not calls:
            calls.append(1)
            event()
        return result

    monkeypatch.setattr(services, "render_pdf", render_then_event)


def test_an_erasure_during_the_render_wins(
    document, monkeypatch, django_capture_on_commit_callbacks
):
    version = document.minutes_version
    with django_capture_on_commit_callbacks() as queued:
        _during_the_render(
            monkeypatch, lambda: services.document_rerender_minutes_version(version=version)
        )
        services.document_render(document_id=document.pk)
    document.refresh_from_db()
    # The outdated bytes were thrown away: the document waits for the render the erasure asked.
    assert document.status == Document.Status.PENDING and not document.file
    assert queued, "the erasure's render is enqueued after its commit"
    services.document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.READY and document.file
    assert document.attempts == 2


def test_a_render_overtaken_by_another_stores_nothing(document, monkeypatch):
    stored = []
    real_save = Document.save

    def counting_save(self, *args, **kwargs):
        if self.status == Document.Status.READY:
            stored.append(self.attempts)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Document, "save", counting_save)
    # While the first render draws, the task comes back (its worker was thought dead) and a
    # second render runs to the end.
    _during_the_render(monkeypatch, lambda: services.document_render(document_id=document.pk))
    services.document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert stored == [2], "only the second render stored its file"


def test_a_failure_of_an_overtaken_render_does_not_mark_the_new_one_failed(document, monkeypatch):
    real = services.render_pdf
    state = {"calls": 0}

    def first_fails_after_a_reset(html):
        state["calls"] += 1
        if state["calls"] == 1:
            services.document_rerender_minutes_version(version=document.minutes_version)
            raise OSError("disque plein")
        return real(html)

    monkeypatch.setattr(services, "render_pdf", first_fails_after_a_reset)
    with pytest.raises(OSError):
        services.document_render(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.PENDING and not document.error
