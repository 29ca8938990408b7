"""The COPIL pages: overview, sessions (schedule, convoke, answer, attendance, documents).

Views parse, authorise (django-rules, on the object) and call a service of
`apps.governance`; a service's ValidationError becomes a form error or a French message.
A session the viewer may not see answers 404, whatever the action, so it does not leak.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import add_service_errors as _add_service_errors
from apps.core.view_helpers import error_message as _error_message
from apps.core.view_helpers import posted as _posted
from apps.governance.documents import document_add as document_add_service
from apps.governance.forms import AnswerForm, schedule_forms
from apps.governance.models import Meeting, Participation
from apps.governance.pages import meeting_for
from apps.governance.previews import convocation_preview, reminder_preview
from apps.governance.selectors import members_not_yet_convoked
from apps.governance.services import (
    attendance_record,
    attendance_request,
    attendance_request_decide,
    meeting_convoke,
    meeting_create,
    meeting_remind_unanswered,
    meeting_update,
    participation_answer,
)
from apps.governance.views import MeetingCancelView
from apps.minutes.selectors import meeting_minutes

from .forms import (
    SERVICE_FIELD_TO_FORM,
    AttendanceForm,
    DecisionForm,
    DocumentForm,
    SessionForm,
)
from .pages import SESSION_PAGE
from .selectors import (
    SESSION_KINDS,
    convoked_participations,
    copil_archive,
    copil_body,
    copil_overview,
    session_answers,
    viewer_is_insider,
    visible_documents,
)


# ------------------------------------------------------------------------------------ helpers
# -------------------------------------------------------------------------------------- pages
@require_GET
def index(request):
    overview = copil_overview(viewer=request.user)
    return render(
        request,
        "copil/index.html",
        {"overview": overview, "can_add": request.user.has_perm("governance.add_meeting")},
    )


@require_GET
def archive(request, year: int):
    """The past sessions of one year (the index shows only the last few)."""
    data = copil_archive(viewer=request.user, year=year)
    if year not in data.years:
        raise Http404
    return render(request, "copil/archive.html", {"archive": data})


@require_GET
def session(request, slug):
    return _render_session(request, meeting_for(request, slug, page=SESSION_PAGE))


def _render_session(request, meeting: Meeting, *, answer_form=None):
    user = request.user
    own = meeting.viewer_participation
    upcoming = not meeting.is_past and not meeting.is_cancelled
    can_answer = (
        own is not None
        and own.is_convoked
        and upcoming
        and user.has_perm("governance.answer_participation", own)
    )
    if can_answer and answer_form is None:
        answer_form = AnswerForm(initial=AnswerForm.initial_for(own))
    can_manage = user.has_perm("governance.manage_meeting", meeting)
    answers = (
        session_answers(meeting=meeting)
        if user.has_perm("governance.view_answers", meeting)
        else None
    )
    started = meeting.start <= timezone.now()
    can_send = (
        can_manage
        and upcoming
        and meeting.status in (Meeting.Status.DRAFT, Meeting.Status.SCHEDULED)
    )
    # Who the next convocation would reach: none once everyone is convoked (then the useful
    # next step is to remind those who have not answered).
    to_convoke = 0
    if can_send and meeting.convoked_at is not None:
        # (accepted guests are convoked at once after the first convocation: members only)
        to_convoke = members_not_yet_convoked(meeting)
    context = {
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()),
        "documents": visible_documents(meeting=meeting, viewer=user),
        "show_online_link": viewer_is_insider(meeting=meeting, viewer=user),
        "participation": own,
        "answer_form": answer_form if can_answer else None,
        "can_request": own is None and user.has_perm("governance.request_attendance", meeting),
        "login_to_request": not user.is_authenticated
        and meeting.open_to_requests
        and meeting.status == Meeting.Status.SCHEDULED
        and upcoming,
        "answers": answers,
        "can_manage": can_manage,
        "can_edit": can_manage and not meeting.is_cancelled,
        "can_convoke": can_send and (meeting.convoked_at is None or to_convoke > 0),
        "to_convoke": to_convoke,
        "can_remind": can_manage
        and upcoming
        and meeting.status == Meeting.Status.SCHEDULED
        and answers is not None
        and answers.counts["unanswered"] > 0,
        "can_cancel": can_manage and upcoming,
        "can_record_attendance": started
        and not meeting.is_cancelled
        and user.has_perm("governance.record_attendance", meeting),
        "can_add_document": not meeting.is_cancelled
        and user.has_perm("governance.add_document", meeting),
        "minutes_box": meeting_minutes(meeting=meeting, viewer=user),
    }
    return render(request, "copil/session_detail.html", context)


# ------------------------------------------------------------------------- schedule and edit
@require_http_methods(["GET", "POST"])
def session_create(request):
    if not request.user.has_perm("governance.add_meeting"):
        raise PermissionDenied
    body = copil_body()
    form, formset = schedule_forms(_posted(request), SessionForm)
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        try:
            meeting = meeting_create(
                kind=Meeting.Kind.COPIL,
                body=body,
                created_by=request.user,
                agenda=formset.entries(),
                **form.meeting_fields(),
            )
        except ValidationError as error:
            _add_service_errors(form, error, SERVICE_FIELD_TO_FORM)
        else:
            messages.success(
                request,
                _(
                    "La séance est enregistrée comme brouillon : seule l'équipe projet la voit. "
                    "Vérifiez-la puis envoyez la convocation."
                ),
            )
            return redirect(meeting)
    return render(
        request,
        "copil/session_form.html",
        {"form": form, "formset": formset, "meeting": None, "body": body},
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, slug):
    meeting = meeting_for(request, slug, page=SESSION_PAGE, perm="governance.manage_meeting")
    if meeting.is_cancelled:
        messages.error(request, _("Cette séance est annulée : elle ne peut plus être modifiée."))
        return redirect(meeting)
    form, formset = schedule_forms(_posted(request), SessionForm, meeting=meeting)
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        old_start = meeting.start
        try:
            meeting, rescheduled = meeting_update(
                meeting=meeting, by=request.user, agenda=formset.entries(), **form.meeting_fields()
            )
        except ValidationError as error:
            _add_service_errors(form, error, SERVICE_FIELD_TO_FORM)
        else:
            if rescheduled and meeting.start != old_start:
                messages.success(
                    request,
                    _(
                        "Séance déplacée. Les personnes convoquées ont reçu l'ancienne et la "
                        "nouvelle date ; leurs réponses sont remises « sans réponse » et elles "
                        "sont invitées à répondre à nouveau."
                    ),
                )
            elif rescheduled:
                messages.success(
                    request,
                    _("Séance modifiée. Les membres convoqués ont reçu la modification."),
                )
            else:
                messages.success(request, _("Séance modifiée."))
            return redirect(meeting)
    return render(
        request,
        "copil/session_form.html",
        {"form": form, "formset": formset, "meeting": meeting, "body": meeting.body},
    )


# ------------------------------------------------------------------- convoked people's actions
@require_POST
def session_answer(request, slug):
    """Answer for oneself: the participation is the signed-in person's own, never one posted."""
    meeting = meeting_for(request, slug, page=SESSION_PAGE)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    own = meeting.viewer_participation
    if not (
        own is not None
        and own.is_convoked
        and request.user.has_perm("governance.answer_participation", own)
    ):
        messages.error(
            request, _("Vous n'êtes pas convoqué·e à cette séance : aucune réponse enregistrée.")
        )
        return redirect(meeting)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            participation_answer(
                participation=own,
                by=request.user,
                status=form.cleaned_data["status"],
                proxy_name=form.cleaned_data.get("proxy_name", ""),
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as error:
            if meeting.is_past or meeting.is_cancelled:
                _error_message(request, error)
                return redirect(meeting)
            _add_service_errors(
                form, error, {"status": "status", "proxy_name": "proxy_name"}, default=None
            )
        else:
            messages.success(request, _("Merci, votre réponse a été enregistrée."))
            return redirect(meeting)
    return _render_session(request, meeting, answer_form=form)


@require_POST
def session_request(request, slug):
    meeting = meeting_for(request, slug, page=SESSION_PAGE)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    if meeting.viewer_participation is not None:
        messages.info(
            request, _("Vous avez déjà une demande ou une convocation pour cette séance.")
        )
        return redirect(meeting)
    if not request.user.has_perm("governance.request_attendance", meeting):
        messages.error(request, _("Cette séance n'accepte pas de demande de participation."))
        return redirect(meeting)
    try:
        attendance_request(meeting=meeting, user=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _(
                "Votre demande est transmise à l'équipe projet. Si elle est acceptée, "
                "vous recevrez la convocation par courriel."
            ),
        )
    return redirect(meeting)


# ---------------------------------------------------------------------- project team actions
@require_http_methods(["GET", "POST"])
def session_convoke(request, slug):
    """GET: the recipients and the convocation as it will read. POST: send it."""
    meeting = meeting_for(request, slug, page=SESSION_PAGE, perm="governance.manage_meeting")
    if request.method == "GET":
        return render(
            request,
            "copil/session_send.html",
            {
                "meeting": meeting,
                "preview": convocation_preview(meeting=meeting),
                "action": "convoke",
            },
        )
    try:
        count = meeting_convoke(meeting=meeting, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "Convocation envoyée : %(count)d personne convoquée.",
                    "Convocation envoyée : %(count)d personnes convoquées.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(
                request,
                _("La séance est programmée. Aucune nouvelle personne à convoquer."),
            )
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def session_remind(request, slug):
    """GET: who has not answered and the reminder. POST: send it (through the outbox)."""
    meeting = meeting_for(request, slug, page=SESSION_PAGE, perm="governance.manage_meeting")
    if request.method == "GET":
        return render(
            request,
            "copil/session_send.html",
            {"meeting": meeting, "preview": reminder_preview(meeting=meeting), "action": "remind"},
        )
    try:
        count = meeting_remind_unanswered(meeting=meeting, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "Relance envoyée à %(count)d personne sans réponse.",
                    "Relance envoyée à %(count)d personnes sans réponse.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("Tout le monde a répondu : aucune relance envoyée."))
    return redirect(meeting)


class SessionCancelView(MeetingCancelView):
    page = SESSION_PAGE
    perm = "governance.manage_meeting"
    template_name = "copil/session_cancel.html"
    help_text = gettext_lazy("Il figure dans le message envoyé aux personnes convoquées.")
    already_cancelled = gettext_lazy("Cette séance est déjà annulée.")

    def success_message(self, meeting):
        if meeting.convoked_at:
            return _("Séance annulée. Les personnes convoquées en sont informées.")
        return _("Séance annulée.")


session_cancel = SessionCancelView.as_view()


@require_http_methods(["GET", "POST"])
def session_attendance(request, slug):
    meeting = meeting_for(request, slug, page=SESSION_PAGE, perm="governance.record_attendance")
    if meeting.is_cancelled:
        messages.error(request, _("Cette séance a été annulée : pas de présences à enregistrer."))
        return redirect(meeting)
    if meeting.start > timezone.now():
        messages.error(
            request,
            _("La séance n'a pas encore commencé : les présences s'enregistrent ensuite."),
        )
        return redirect(meeting)
    participations = convoked_participations(meeting=meeting)
    present = [
        p.user_id
        for p in participations
        if p.attended or (p.attended is None and p.status == Participation.Status.ATTENDING)
    ]
    form = AttendanceForm(
        _posted(request), participations=participations, initial={"present": present}
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = attendance_record(
                meeting=meeting, present_user_ids=form.cleaned_data["present"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Présences enregistrées : personne n'était présent.")
                if count == 0
                else ngettext(
                    "Présences enregistrées : %(count)d personne présente.",
                    "Présences enregistrées : %(count)d personnes présentes.",
                    count,
                )
                % {"count": count},
            )
            return redirect(meeting)
    return render(
        request,
        "copil/session_attendance.html",
        {"meeting": meeting, "form": form, "participations": participations},
    )


@require_http_methods(["GET", "POST"])
def document_add(request, slug):
    meeting = meeting_for(request, slug, page=SESSION_PAGE, perm="governance.add_document")
    if meeting.is_cancelled:
        messages.error(request, _("Cette séance est annulée : aucun document ne peut être ajouté."))
        return redirect(meeting)
    form = DocumentForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            document = document_add_service(
                meeting=meeting,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                visibility=form.cleaned_data["visibility"],
                by=request.user,
            )
        except ValidationError as error:
            _add_service_errors(
                form, error, {"title": "title", "visibility": "visibility"}, default="file"
            )
        else:
            messages.success(
                request, _("Document « %(title)s » ajouté.") % {"title": document.title}
            )
            return redirect(meeting)
    return render(request, "copil/document_form.html", {"meeting": meeting, "form": form})


@require_POST
def request_decide(request, pk):
    participation = get_object_or_404(
        Participation.objects.select_related("meeting", "meeting__body", "user"),
        pk=pk,
        meeting__kind__in=SESSION_KINDS,
    )
    meeting = participation.meeting
    if not request.user.has_perm("governance.view_meeting", meeting):
        raise Http404
    if not request.user.has_perm("governance.manage_meeting", meeting):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez d'accepter ou de refuser la demande."))
        return redirect(meeting)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        attendance_request_decide(participation=participation, accept=accept, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
        return redirect(meeting)
    name = participation.user.get_full_name() or participation.user.email
    if not accept:
        message = _("Demande de %(name)s refusée ; un message l'en informe.")
    elif meeting.convoked_at:
        message = _("Demande de %(name)s acceptée : la convocation lui est envoyée.")
    else:
        message = _("Demande de %(name)s acceptée : la convocation partira avec celle des membres.")
    messages.success(request, message % {"name": name})
    return redirect(meeting)
