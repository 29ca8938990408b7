"""Request and render PDF documents. The web request only records the request and enqueues
the render after the commit; the worker renders (idempotent: one document per version key)."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import STUCK_AFTER, Document
from .pdf import render_pdf

logger = logging.getLogger(__name__)


def _dispatch(document_id: int) -> None:
    """Hand the render to the `pdf` queue. A broker outage is logged, never raised: the request
    that asked for the PDF succeeds, and the sweeper re-queues the document once it is stuck."""
    from .tasks import render_document

    try:
        render_document.apply_async((document_id,))
    except Exception as error:  # noqa: BLE001 - any broker failure: the sweeper retries
        logger.warning("PDF %s not handed to the broker (%s): the sweeper will retry.",
                       document_id, error)  # fmt: skip


def _enqueue(document: Document) -> None:
    transaction.on_commit(lambda: _dispatch(document.pk))


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
def document_rerender_minutes_version(*, version) -> Document | None:
    """Render a published version's PDF again after its frozen copy was rewritten (an RGPD
    erasure): the old file, which still names the person, is removed once the change commits."""
    document = (
        Document.objects.select_for_update().filter(version_key=f"minutes:{version.pk}").first()
    )
    if document is None:
        return None
    old_name = document.file.name
    document.file = ""
    document.status = Document.Status.PENDING
    document.error = ""
    document.page_count = None
    document.size = None
    document.rendered_at = None
    document.save(update_fields=["file", "status", "error", "page_count", "size", "rendered_at"])
    if old_name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    _enqueue(document)
    return document


@transaction.atomic
def document_for_restitution(*, meeting, requested_by=None) -> Document:
    """The restitution report of a plenary for the current state of the data: asking twice
    for the same content returns the same document."""
    from .matrix_section import matrix_for_report
    from .restitution import restitution_fingerprint

    # Cheap aggregates only: the report's data is computed by the worker that renders it. The
    # offer-against-expectations matrix it carries is part of what it restitutes.
    fingerprint = restitution_fingerprint(meeting=meeting)
    _matrix, matrix_digest = matrix_for_report()
    digest = hashlib.sha256(repr((fingerprint, matrix_digest)).encode()).hexdigest()[:16]
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
def document_for_survey_results(*, survey, requested_by=None) -> Document:
    """The PDF results report of a survey for the current state of its answers (idempotent)."""
    from .survey_pdf import survey_fingerprint

    document, created = Document.objects.get_or_create(
        version_key=f"survey:{survey.pk}:{survey_fingerprint(survey)}",
        defaults={
            "kind": Document.Kind.SURVEY_RESULTS,
            "survey": survey,
            "title": _("Résultats de l'enquête — %(title)s") % {"title": survey.title},
            "requested_by": requested_by,
        },
    )
    if created:
        _enqueue(document)
    return document


@transaction.atomic
def document_for_participation(*, period, requested_by=None) -> Document:
    """The « bilan de participation » of one period of the observatory, for the current state
    of the data: asking twice for the same figures returns the same document."""
    from .participation_pdf import participation_fingerprint

    document, created = Document.objects.get_or_create(
        version_key=f"participation:{period.key}:{participation_fingerprint(period)}",
        defaults={
            "kind": Document.Kind.PARTICIPATION,
            "period": period.key,
            "title": _("Bilan de participation — %(period)s") % {"period": period.label},
            "requested_by": requested_by,
        },
    )
    if created:
        _enqueue(document)
    return document


@transaction.atomic
def document_for_proposal(*, proposal, requested_by=None) -> Document:
    """The PDF annex of an action proposed to the COPIL: its prepared file, frozen in the
    proposal, rendered once (idempotent)."""
    document, created = Document.objects.get_or_create(
        version_key=f"copil_proposal:{proposal.pk}",
        defaults={
            "kind": Document.Kind.COPIL_PROPOSAL,
            "proposal": proposal,
            "title": _("Dossier pour le COPIL — %(title)s") % {"title": proposal.action.title},
            "requested_by": requested_by,
        },
    )
    if created:
        _enqueue(document)
    return document


@transaction.atomic
def document_retry(*, document: Document, by) -> Document:
    """Re-render a failed document, or one stuck waiting or rendering (its task was lost)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != Document.Status.FAILED and not document.is_stuck:
        from django.core.exceptions import ValidationError

        raise ValidationError(
            _("Seul un document en échec, ou bloqué depuis plus de dix minutes, peut être relancé.")
        )
    document.status = Document.Status.PENDING
    document.status_since = timezone.now()
    document.error = ""
    document.save(update_fields=["status", "status_since", "error"])
    _enqueue(document)
    return document


# A document whose render keeps killing its worker (memory) is not retried forever.
MAX_RENDER_ATTEMPTS = 6


def documents_sweep_stuck(*, now=None) -> int:
    """Beat job: re-queue the documents stuck waiting or rendering past STUCK_AFTER (a lost
    task: broker outage, killed worker); give up after MAX_RENDER_ATTEMPTS. Returns how many
    were re-queued."""
    now = now or timezone.now()
    stuck = Document.objects.filter(
        status__in=[Document.Status.PENDING, Document.Status.RENDERING],
        status_since__lt=now - STUCK_AFTER,
    )
    stuck.filter(attempts__gte=MAX_RENDER_ATTEMPTS).update(
        status=Document.Status.FAILED,
        status_since=now,
        error=_(
            "Rendu interrompu à plusieurs reprises : relancez-le ou prévenez l'équipe technique."
        ),
    )
    ids = list(stuck.filter(attempts__lt=MAX_RENDER_ATTEMPTS).values_list("pk", flat=True))
    Document.objects.filter(pk__in=ids).update(status=Document.Status.PENDING, status_since=now)
    for pk in ids:
        logger.warning("PDF %s was stuck: handed to the queue again.", pk)
        _dispatch(pk)
    return len(ids)


def _html_for(document: Document) -> tuple[str, dict]:
    if document.kind == Document.Kind.MINUTES:
        from .minutes_pdf import minutes_context

        context = minutes_context(version=document.minutes_version)
        return render_to_string("reports/pdf/minutes.html", context), context
    if document.kind == Document.Kind.PARTICIPATION:
        from .participation_pdf import participation_context

        context = participation_context(document=document)
        return render_to_string("reports/pdf/participation.html", context), context
    if document.kind == Document.Kind.COPIL_PROPOSAL:
        context = {
            "proposal": document.proposal,
            "file": document.proposal.file,
            "document": document,
            "SITE_NAME": settings.SITE_NAME,
        }
        return render_to_string("reports/pdf/copil_proposal.html", context), context
    if document.kind == Document.Kind.SURVEY_RESULTS:
        from .survey_pdf import survey_context

        context = survey_context(document=document)
        return render_to_string("reports/pdf/survey_results.html", context), context
    from .matrix_section import matrix_for_report
    from .restitution import restitution_data

    context = {
        "report": restitution_data(meeting=document.meeting),
        "matrix": matrix_for_report()[0],
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
        # A document still "rendering" is rendered again: its task came back because the worker
        # that had it died (Redis redelivers only then); two renders of one version store the
        # same bytes, the last one wins.
        document.status = Document.Status.RENDERING
        document.status_since = timezone.now()
        document.attempts += 1
        document.save(update_fields=["status", "status_since", "attempts"])
    # This render's ticket: if the document is reset (an RGPD erasure rewrote its source, the
    # sweep found it stuck) or another render starts while this one reads and draws, this
    # render's bytes are outdated and are thrown away — never stored over the newer state.
    ours = Q(pk=document.pk, status=Document.Status.RENDERING, attempts=document.attempts)
    started = time.perf_counter()
    try:
        html, _context = _html_for(document)
        pdf, pages, _refused = render_pdf(html)
    except Exception as error:
        Document.objects.filter(ours).update(
            status=Document.Status.FAILED,
            status_since=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    elapsed = time.perf_counter() - started
    with transaction.atomic():
        current = Document.objects.select_for_update().filter(ours).first()
        if current is None:
            logger.info("Rendu du document %s abandonné : le document a changé pendant le rendu.",
                        document_id)  # fmt: skip
            return Document.objects.get(pk=document_id)
        document = current
        document.file.save(
            f"{slugify(document.title)[:80] or 'document'}.pdf", ContentFile(pdf), save=False
        )
        document.status = Document.Status.READY
        document.status_since = timezone.now()
        document.error = ""
        document.render_seconds = round(elapsed, 3)
        document.page_count = pages
        document.size = len(pdf)
        document.rendered_at = timezone.now()
        document.save()
    return document
