"""Survey pages: the list, answering (also the public link), results, moderation, exports.

Views parse, authorise (django-rules) and call a service; a refusal is a French message and
nothing is stored.
"""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import call_service, error_message, require_perm

from . import exports, selectors, services
from .answering import initial_data, parse_answers
from .forms import HideForm, ResultFilterForm, ToContributionForm
from .models import Answer, Response, Survey
from .registry import results_boxes

ANSWERED_COOKIE_AGE = 365 * 24 * 3600


def _client_address(request) -> str:
    """The client's address as allauth's rate limits see it (behind a reverse proxy too:
    ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER). Only the rate limiter uses
    it — hashed, in the cache, for an hour; it is never stored."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return ""


def _survey_or_404(request, slug: str) -> Survey:
    """A draft exists only for the project team (its preview): everyone else gets a 404."""
    survey = get_object_or_404(Survey.objects.select_related("barometer"), slug=slug)
    if survey.is_draft and not request.user.has_perm("surveys.preview_survey", survey):
        raise Http404(_("Cette enquête n'existe pas."))
    return survey


def _answered_by_cookie(request, survey: Survey) -> bool:
    value = request.get_signed_cookie(
        services.answered_cookie_name(survey),
        default=None,
        salt=services.ANSWERED_COOKIE_SALT,
    )
    return value == str(survey.pk)


# -------------------------------------------------------------------------------------- list
@require_GET
def survey_list(request):
    return render(
        request,
        "surveys/list.html",
        {
            "surveys": selectors.open_surveys(user=request.user),
            "public_results": selectors.public_results_surveys(),
            "can_manage": request.user.has_perm("surveys.manage_survey"),
        },
    )


# --------------------------------------------------------------------------------- answering
def _annotate(questions, values: dict, errors: dict) -> None:
    """Give each question what the template needs: its current value(s) and its error."""
    for question in questions:
        name = question.field_name
        current = values.get(name, [])
        question.current = [str(v) for v in (current if isinstance(current, list) else [current])]
        question.error = errors.get(question.pk)
        for choice in question.choices.all():
            choice.current_rank = str(values.get(f"{name}_{choice.pk}", ""))
        if question.is_scale:
            low, high = question.bounds
            question.scale_values = [str(value) for value in range(low, high + 1)]


def _render_form(request, survey, questions, *, values, errors, status=200, message=None):
    _annotate(questions, values, errors)
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "sections": selectors.sections_with_questions(questions),
            "values": values,
            "errors": errors,
            "error_count": len(errors),
            "error_questions": [q for q in questions if q.error],
            "message": message,
            "token": services.form_token(survey=survey),
            "preview": survey.is_draft,
            "signed_in": request.user.is_authenticated,
            "can_view_results": request.user.has_perm("surveys.view_results", survey),
        },
        status=status,
    )


def _state_page(request, survey, state: str, status: int = 200):
    return render(
        request,
        "surveys/state.html",
        {
            "survey": survey,
            "state": state,
            "can_view_results": request.user.has_perm("surveys.view_results", survey),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def survey_answer(request, slug):
    survey = _survey_or_404(request, slug)
    user = request.user
    signed_in = user.is_authenticated
    if not survey.is_draft and not survey.is_open():
        if request.method == "POST":
            try:
                services.check_open(survey=survey)
            except ValidationError as error:
                error_message(request, error)
        return _state_page(
            request, survey, "not_yet" if survey.not_yet_open() else "closed", status=200
        )
    if not signed_in and not survey.allow_anonymous:
        return redirect_to_login(request.get_full_path())

    existing = None
    if signed_in:
        existing = Response.objects.filter(survey=survey, user=user).first()
        if existing is not None and existing.status == Response.Status.SUBMITTED:
            return _state_page(request, survey, "answered")
    elif _answered_by_cookie(request, survey):
        return _state_page(request, survey, "answered_here")

    questions = selectors.survey_questions(survey=survey)
    if request.method == "GET":
        values = initial_data(existing.answers.all()) if existing is not None else {}
        return _render_form(request, survey, questions, values=values, errors={})

    if survey.is_draft:
        messages.info(request, _("Aperçu : une enquête en brouillon n'enregistre aucune réponse."))
        return redirect("surveys:answer", slug=survey.slug)
    values = {key: request.POST.getlist(key) for key in request.POST if key.startswith("q")}
    values = {key: (v if len(v) > 1 else v[0]) for key, v in values.items()}
    consent = request.POST.get("consentement") == "oui"
    try:
        key = services.check_form_token(survey=survey, token=request.POST.get("jeton", ""))
    except ValidationError as error:
        return _render_form(
            request,
            survey,
            questions,
            values=values,
            errors={},
            status=400,
            message=" ".join(error.messages),
        )
    address = _client_address(request)
    if not signed_in and services.rate_limited(survey=survey, address=address):
        return _render_form(
            request,
            survey,
            questions,
            values=values,
            errors={},
            status=429,
            message=_(
                "Trop de réponses envoyées depuis votre réseau en peu de temps : réessayez dans "
                "une heure. Rien n'a été enregistré."
            ),
        )
    final = request.POST.get("action") != "save"
    parsed = parse_answers(questions, request.POST, check_required=final)
    if parsed.errors:
        return _render_form(
            request,
            survey,
            questions,
            values=values,
            errors=parsed.errors,
            message=_("Certaines réponses sont à corriger : rien n'a été enregistré."),
        )
    try:
        services.response_save(
            survey=survey,
            user=user,
            questions=questions,
            parsed=parsed,
            submission_key="" if signed_in else key,
            consent=consent,
            final=final,
        )
    except ValidationError as error:
        return _render_form(
            request,
            survey,
            questions,
            values=values,
            errors={},
            message=" ".join(error.messages),
            # 409: the person or this very form already answered; 200: something to change.
            status=409 if isinstance(error, services.AlreadyAnswered) else 200,
        )
    if not final:
        messages.success(
            request, _("Vos réponses sont enregistrées : vous pourrez reprendre plus tard.")
        )
        return redirect("surveys:answer", slug=survey.slug)
    response = redirect("surveys:thanks", slug=survey.slug)
    if not signed_in:
        services.rate_count(survey=survey, address=address)
        response.set_signed_cookie(
            services.answered_cookie_name(survey),
            str(survey.pk),
            salt=services.ANSWERED_COOKIE_SALT,
            max_age=ANSWERED_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@require_GET
def survey_thanks(request, slug):
    survey = _survey_or_404(request, slug)
    return _state_page(request, survey, "thanks")


# ----------------------------------------------------------------------------------- results
@require_GET
def survey_results(request, slug):
    survey = _survey_or_404(request, slug)
    if not request.user.has_perm("surveys.view_results", survey):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("Les résultats de cette enquête ne sont pas publics."))
    form = ResultFilterForm(request.GET or None)
    filters = form.filters()
    with_texts = request.user.has_perm("surveys.view_free_text", survey)
    results = selectors.survey_results(survey=survey, filters=filters, with_texts=with_texts)
    query = request.GET.urlencode()
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "form": form,
            "filters": filters,
            "results": results,
            "with_texts": with_texts,
            "barometer": selectors.barometer_comparison(survey=survey, filters=filters),
            "can_export": request.user.has_perm("surveys.view_raw_answers", survey),
            "can_moderate": request.user.has_perm("surveys.moderate_answer", survey),
            "query": query,
            "boxes": results_boxes(request, survey),
        },
    )


RAW_ANSWERS_REFUSAL = gettext_lazy("Les réponses brutes sont réservées à l'équipe projet.")


def _export(request, slug, *, ext: str, content_type: str, build, response_class=HttpResponse):
    """The raw answers of a survey as a downloaded file (CSV streamed, XLSX in one piece)."""
    survey = _survey_or_404(request, slug)
    refused = require_perm(request, "surveys.view_raw_answers", survey, refusal=RAW_ANSWERS_REFUSAL)
    if refused is not None:
        return refused
    questions = selectors.survey_questions(survey=survey)
    response = response_class(build(survey=survey, questions=questions), content_type=content_type)
    filename = f"enquete-{survey.slug}-{timezone.localdate():%Y-%m-%d}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def survey_export_csv(request, slug):
    return _export(
        request, slug, ext="csv", content_type="text/csv; charset=utf-8",
        build=exports.csv_stream, response_class=StreamingHttpResponse,
    )  # fmt: skip


@require_GET
def survey_export_xlsx(request, slug):
    return _export(
        request, slug, ext="xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        build=exports.xlsx_bytes,
    )  # fmt: skip


# -------------------------------------------------------------------------------- moderation


@require_GET
def free_texts(request, slug):
    survey = _survey_or_404(request, slug)
    if (refusal := require_perm(request, "surveys.moderate_answer", survey)) is not None:
        return refusal
    question_id = request.GET.get("question", "")
    question_id = int(question_id) if question_id.isdigit() else None
    return render(
        request,
        "surveys/free_texts.html",
        {
            "survey": survey,
            "page": selectors.free_text_answers(
                survey=survey, question_id=question_id, page=request.GET.get("page")
            ),
            "questions": selectors.text_questions(survey=survey),
            "question_id": question_id,
            "hide_form": HideForm(),
            "contribution_form": ToContributionForm(),
        },
    )


def _answer_or_404(pk) -> Answer:
    return get_object_or_404(Answer.objects.select_related("response", "question__survey"), pk=pk)


def _back_to_texts(answer: Answer) -> str:
    url = reverse("surveys:free_texts", kwargs={"slug": answer.question.survey.slug})
    return f"{url}#reponse-{answer.pk}"


@require_POST
def answer_hide(request, pk):
    answer = _answer_or_404(pk)
    if (
        refusal := require_perm(request, "surveys.moderate_answer", answer.question.survey)
    ) is not None:
        return refusal
    form = HideForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Indiquez le motif du masquage."))
        services.answer_hide(answer=answer, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("La réponse est masquée (elle reste dans l'export)."))
    except ValidationError as error:
        error_message(request, error)
    return redirect(_back_to_texts(answer))


@require_POST
def answer_unhide(request, pk):
    answer = _answer_or_404(pk)
    if (
        refusal := require_perm(request, "surveys.moderate_answer", answer.question.survey)
    ) is not None:
        return refusal
    services.answer_unhide(answer=answer, by=request.user)
    messages.success(request, _("La réponse est de nouveau visible."))
    return redirect(_back_to_texts(answer))


@require_POST
def answer_to_contribution(request, pk):
    answer = _answer_or_404(pk)
    if (
        refusal := require_perm(request, "surveys.moderate_answer", answer.question.survey)
    ) is not None:
        return refusal
    form = ToContributionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("La contribution n'a pas été créée : choisissez l'atelier et le type."),
        )
        return redirect(_back_to_texts(answer))
    try:
        services.answer_to_contribution(
            answer=answer,
            by=request.user,
            meeting=form.cleaned_data["meeting"],
            type=form.cleaned_data["type"],
            objectives=form.cleaned_data["objectives"],
            filieres=form.cleaned_data["filieres"],
            target_publics=form.cleaned_data["target_publics"],
        )
        messages.success(request, _("La réponse est devenue une contribution (le lien est gardé)."))
    except ValidationError as error:
        error_message(request, error)
    return redirect(_back_to_texts(answer))


# ---------------------------------------------------------------------------------- the team
@require_GET
def team_surveys(request):
    if (refusal := require_perm(request, "surveys.manage_survey")) is not None:
        return refusal
    return render(request, "surveys/team.html", {"surveys": selectors.surveys_for_team()})


@require_POST
def survey_publish(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    if (refusal := require_perm(request, "surveys.manage_survey", survey)) is not None:
        return refusal
    call_service(
        request,
        services.survey_publish,
        survey=survey,
        by=request.user,
        success=_("L'enquête est publiée : son lien public fonctionne."),
    )
    return redirect("surveys:team")


@require_POST
def survey_unpublish(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    if (refusal := require_perm(request, "surveys.manage_survey", survey)) is not None:
        return refusal
    call_service(
        request,
        services.survey_unpublish,
        survey=survey,
        by=request.user,
        success=_("L'enquête est repassée en brouillon."),
    )
    return redirect("surveys:team")
