"""The PDF results report of a survey: the aggregated results (no free-text answers), the
barometer's waves, rendered by the worker like the other reports, once per state of the data.
Also the results page's box (registered with surveys' registry) to request and download it."""

import hashlib

from django.conf import settings
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string

from apps.surveys.models import Answer, Response
from apps.surveys.selectors import ResultFilters, barometer_comparison, survey_results


def survey_fingerprint(survey) -> str:
    """Changes whenever the report would: answers, moderation, the survey's own edits."""
    figures = Response.objects.filter(survey=survey).aggregate(
        n=Count("pk", filter=Q(status=Response.Status.SUBMITTED)),
        last=Max("submitted_at"),
    )
    hidden = Answer.objects.filter(question__survey=survey, is_hidden=True).count()
    raw = f"{figures['n']}:{figures['last']}:{hidden}:{survey.updated_at.isoformat()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def survey_context(*, document) -> dict:
    survey = document.survey
    filters = ResultFilters()
    return {
        "survey": survey,
        "results": survey_results(survey=survey, filters=filters, with_texts=False),
        "barometer": barometer_comparison(survey=survey, filters=filters),
        "document": document,
        "SITE_NAME": settings.SITE_NAME,
    }


def results_box(request, survey) -> str | None:
    """The « Rapport PDF » box of the results page: who may read the results may ask for it."""
    from .models import Document

    if not request.user.has_perm("reports.request_survey_results", survey):
        return None
    document = (
        Document.objects.filter(kind=Document.Kind.SURVEY_RESULTS, survey=survey)
        .order_by("-created_at")
        .first()
    )
    return render_to_string(
        "reports/_survey_results_box.html",
        {
            "survey": survey,
            "document": document,
            "stale": document is not None
            and not document.version_key.endswith(survey_fingerprint(survey)),
        },
        request=request,
    )
