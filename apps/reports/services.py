"""Request and render PDF documents. The web request only records the request and enqueues
the render after the commit; the worker renders (idempotent: one document per version key)."""

import hashlib
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Document
from .pdf import render_pdf


def _enqueue(document: Document) -> None:
    from .tasks import render_document

    render_document.delay_on_commit(document.pk)


@transaction.atomic
def document_for_minutes_version(*, version, requested_by=None) -> Document:
    """The PDF of one published minutes version: created and enqueued once."""
    document, created = Document.objects.get_or_create(
        version_key=f"minutes:{version.pk}",
        defaults={
            "kind": Document.Kind.MINUTES,
            "minutes_version": version,
            "title": _("Compte rendu — %(title)s — version %(number)d")
            % {
                "title": version.content.get("meeting", {}).get("title", ""),
                "number": version.number,
            },
            "requested_by": requested_by,
        },
    )
    if created:
        _enqueue(document)
    return document


@transaction.atomic
def document_for_restitution(*, meeting, requested_by=None) -> Document:
    """The restitution report of a plenary for the current state of the data: asking twice
    for the same content returns the same document."""
    from .restitution import restitution_fingerprint

    # Cheap aggregates only: the report's data is computed by the worker that renders it.
    fingerprint = restitution_fingerprint(meeting=meeting)
    digest = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:16]
    document, created = Document.objects.get_or_create(
        version_key=f"restitution:{meeting.pk}:{digest}",
        defaults={
            "kind": Document.Kind.RESTITUTION,
            "meeting": meeting,
            "title": _("Rapport de restitution — %(title)s") % {"title": meeting.title},
            "requested_by": requested_by,
        },
    )
    if created:
        _enqueue(document)
    return document


@transaction.atomic
def document_retry(*, document: Document, by) -> Document:
    """Re-render a failed document."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != Document.Status.FAILED:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("Seul un document en échec peut être relancé."))
    document.status = Document.Status.PENDING
    document.error = ""
    document.save(update_fields=["status", "error"])
    _enqueue(document)
    return document


def _html_for(document: Document) -> tuple[str, dict]:
    if document.kind == Document.Kind.MINUTES:
        from .minutes_pdf import minutes_context

        context = minutes_context(version=document.minutes_version)
        return render_to_string("reports/pdf/minutes.html", context), context
    from .restitution import restitution_data

    context = {
        "report": restitution_data(meeting=document.meeting),
        "document": document,
        "SITE_NAME": settings.SITE_NAME,
    }
    return render_to_string("reports/pdf/restitution.html", context), context


def document_render(*, document_id: int) -> Document:
    """Render one document (called by the worker). Safe to call twice: a ready document is
    not rendered again."""
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if document.status == Document.Status.READY:
            return document
        document.status = Document.Status.RENDERING
        document.attempts += 1
        document.save(update_fields=["status", "attempts"])
    started = time.perf_counter()
    try:
        html, _context = _html_for(document)
        pdf, pages, _refused = render_pdf(html)
    except Exception as error:
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    elapsed = time.perf_counter() - started
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        document.file.save(
            f"{slugify(document.title)[:80] or 'document'}.pdf", ContentFile(pdf), save=False
        )
        document.status = Document.Status.READY
        document.error = ""
        document.render_seconds = round(elapsed, 3)
        document.page_count = pages
        document.size = len(pdf)
        document.rendered_at = timezone.now()
        document.save()
    return document
