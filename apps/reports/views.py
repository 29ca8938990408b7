"""PDF documents: download, rendering status, retry, and the request of a restitution report.

A document follows the rules of what it renders (`reports.download_document`): whoever may not
read its source gets a 404, whatever the action, so a document's address cannot be guessed
into. Rendering happens in the worker; these views only read, authorise and call a service.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.view_helpers import error_message
from apps.plenaries.selectors import plenary_for_viewer
from apps.surveys.models import Survey

from .models import Document
from .services import (
    document_for_participation,
    document_for_restitution,
    document_for_survey_results,
    document_retry,
)


def _document_or_404(request, pk: int) -> Document:
    document = get_object_or_404(
        Document.objects.select_related(
            "minutes_version__minutes__meeting__body", "meeting__body", "survey"
        ),
        pk=pk,
    )
    if not request.user.has_perm("reports.download_document", document):
        raise Http404(_("Ce document n'existe pas ou ne vous est pas accessible."))
    return document


def _source_url(document: Document) -> str:
    """The page the document comes from (the minutes version, or the plenary)."""
    try:
        if document.kind == Document.Kind.MINUTES:
            return document.minutes_version.get_absolute_url()
        if document.kind == Document.Kind.SURVEY_RESULTS:
            return reverse("surveys:results", kwargs={"slug": document.survey.slug})
        if document.kind == Document.Kind.PARTICIPATION:
            return reverse("observatory:index") + f"?annee={document.period}"
        return document.meeting.get_absolute_url()
    except NoReverseMatch:
        return "/"


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _filename(document: Document) -> str:
    return f"{slugify(document.title)[:100] or 'document'}.pdf"


@require_GET
def download(request, pk):
    document = _document_or_404(request, pk)
    if not document.is_ready or not document.file:
        pending = document.status in (Document.Status.PENDING, Document.Status.RENDERING)
        response = render(
            request,
            "reports/document_pending.html",
            {
                "document": document,
                "pending": pending,
                "source_url": _source_url(document),
            },
            status=202 if pending else 200,
        )
        return _no_store(response)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=_filename(document),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@require_GET
def status(request, pk):
    document = _document_or_404(request, pk)
    # The block that replaces the page's one in place (reports/document_status.js); its retry
    # form must send people back to the page they are on, not to this JSON address.
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = _source_url(document)
    html = render_to_string(
        "reports/_document_status.html",
        {"document": document, "next_url": next_url},
        request=request,
    )
    return _no_store(
        JsonResponse({"status": document.status, "page_count": document.page_count, "html": html})
    )


@require_POST
def retry(request, pk):
    document = _document_or_404(request, pk)
    if not request.user.has_perm("reports.retry_document", document):
        raise PermissionDenied
    try:
        document_retry(document=document, by=request.user)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("Le rendu du document est relancé."))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(_source_url(document))


@require_POST
def restitution_request(request, slug):
    plenary = plenary_for_viewer(slug=slug, viewer=request.user)
    if plenary is None:
        raise Http404(_("Cette plénière n'existe pas ou ne vous est pas accessible."))
    if not request.user.has_perm("reports.request_restitution", plenary):
        raise PermissionDenied
    document = document_for_restitution(meeting=plenary, requested_by=request.user)
    if document.is_ready:
        messages.info(
            request,
            _(
                "Le rapport de restitution est à jour : rien n'a changé depuis son dernier "
                "rendu, il est prêt à être téléchargé."
            ),
        )
    elif document.status == Document.Status.FAILED:
        messages.error(
            request,
            _("Le rendu de ce rapport a échoué : relancez-le avec « Relancer le rendu »."),
        )
    else:
        messages.success(
            request,
            _(
                "Le rapport de restitution est en cours de rendu : il sera téléchargeable "
                "dans quelques instants sur cette page."
            ),
        )
    return redirect(plenary)


@require_POST
def survey_results_request(request, slug):
    survey = get_object_or_404(Survey.objects.published(), slug=slug)
    if not request.user.has_perm("reports.request_survey_results", survey):
        raise Http404(_("Cette enquête n'existe pas ou ne vous est pas accessible."))
    document = document_for_survey_results(survey=survey, requested_by=request.user)
    if document.is_ready:
        messages.info(request, _("Le rapport PDF est à jour : il est prêt à être téléchargé."))
    elif document.status == Document.Status.FAILED:
        messages.error(
            request, _("Le rendu de ce rapport a échoué : relancez-le avec « Relancer le rendu ».")
        )
    else:
        messages.success(
            request,
            _("Le rapport PDF est en cours de rendu : il sera téléchargeable dans un instant."),
        )
    return redirect("surveys:results", slug=survey.slug)


@require_POST
def participation_request(request):
    """The observatory's « Produire le bilan PDF » button (period in the form)."""
    from apps.observatory.selectors import available_years, period_from

    if not request.user.has_perm("reports.request_participation"):
        raise Http404(_("Cette page n'existe pas ou ne vous est pas accessible."))
    period = period_from(request.POST.get("annee"), available_years())
    document = document_for_participation(period=period, requested_by=request.user)
    if document.is_ready:
        messages.info(request, _("Le bilan PDF est à jour : il est prêt à être téléchargé."))
    elif document.status == Document.Status.FAILED:
        messages.error(
            request, _("Le rendu de ce bilan a échoué : relancez-le avec « Relancer le rendu ».")
        )
    else:
        messages.success(
            request,
            _("Le bilan de participation est en cours de rendu : il sera téléchargeable dans "
              "un instant sur cette page."),
        )  # fmt: skip
    return redirect(reverse("observatory:index") + f"?annee={period.key}")
