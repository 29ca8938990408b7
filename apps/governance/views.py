"""Shared meeting views: answer from the email link, document download, generic meeting page,
registration, and the cancel page every body app subclasses."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import error_message, posted

from . import ics
from .forms import AnswerForm, CancelForm
from .middleware import MeetingMoved, moved_url
from .models import Meeting, MeetingDocument, Participation
from .pages import MeetingPage, meeting_for
from .previews import cancellation_preview
from .rules import is_insider, is_seated
from .selectors import meeting_for_old_slug
from .services import meeting_cancel, participation_answer, registration
from .tokens import participation_id_from_token, token_matches


@require_http_methods(["GET", "POST"])
def answer(request, token):
    """Answer a convocation from the link in the email (no sign-in needed: the link is signed
    for one person and one meeting)."""
    participation_id = participation_id_from_token(token)
    participation = (
        Participation.objects.select_related("meeting", "user").filter(pk=participation_id).first()
        if participation_id
        else None
    )
    if participation is None or not token_matches(token, participation):
        raise Http404(_("Ce lien de réponse n'est pas valide."))
    meeting = participation.meeting
    # The link expires with its meeting: once it has ended, it shows nothing (not even the name).
    if meeting.is_past:
        return render(
            request,
            "governance/answer_refused.html",
            {
                "title": _("Ce lien de réponse a expiré"),
                "reason": _(
                    "La réunion à laquelle ce lien permettait de répondre est terminée : "
                    "il n'est plus utilisable."
                ),
            },
            status=410,
        )
    # It answers only for its invitee: a forwarded link opened by someone else, signed in,
    # must not record an answer in the invitee's name.
    if request.user.is_authenticated and request.user.pk != participation.user_id:
        return render(
            request,
            "governance/answer_refused.html",
            {
                "title": _("Ce lien de réponse ne vous est pas destiné"),
                "reason": _(
                    "Ce lien a été envoyé à une autre personne convoquée : il ne permet de "
                    "répondre qu'en son nom. Si vous êtes vous-même convoqué·e, utilisez le "
                    "lien de votre propre convocation ou répondez depuis la page de la réunion."
                ),
                "meeting": meeting,
            },
            status=403,
        )
    form = AnswerForm(request.POST or None, initial=AnswerForm.initial_for(participation))
    if request.method == "POST" and form.is_valid():
        try:
            participation_answer(
                participation=participation,
                by=participation.user,
                status=form.cleaned_data["status"],
                proxy_name=form.cleaned_data.get("proxy_name", ""),
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Merci, votre réponse a été enregistrée."))
            return redirect("governance:answer", token=token)
    return render(
        request,
        "governance/answer.html",
        {"participation": participation, "meeting": meeting, "form": form},
    )


@require_GET
def document(request, pk):
    """Download a meeting document, with the meeting's rules (a guessed address gets a 404)."""
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    if not request.user.has_perm("governance.view_document", document):
        if request.user.has_perm("governance.view_meeting", document.meeting):
            raise PermissionDenied
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=PurePath(document.file.name).name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _visible_meeting(request, meetings, slug: str) -> Meeting:
    """The meeting at `slug` if the viewer may see it (404 otherwise: its existence must not
    leak). An old address (before a reschedule) redirects, for those who may see the meeting."""
    meeting = meetings.filter(slug=slug).first()
    if meeting is None:
        moved_to = meeting_for_old_slug(slug)
        if moved_to is not None and request.user.has_perm("governance.view_meeting", moved_to):
            raise MeetingMoved(moved_url(request, slug, moved_to.slug))
        raise Http404(_("Cette réunion n'existe pas."))
    if not request.user.has_perm("governance.view_meeting", meeting):
        raise Http404(_("Cette réunion n'existe pas."))
    return meeting


@require_GET
def meeting_detail(request, slug):
    meeting = _visible_meeting(request, Meeting.objects.select_related("body"), slug)
    if meeting.kind in (Meeting.Kind.COPIL, Meeting.Kind.TECHNICAL_COMMITTEE):
        return redirect(meeting)
    return render(
        request,
        "governance/meeting_detail.html",
        {"meeting": meeting, "agenda": list(meeting.agenda_items.all())},
    )


@require_GET
def meeting_ics(request, slug):
    """« Ajouter à mon agenda »: the meeting as a single-event .ics, for whoever may see its page
    (404 otherwise: its existence must not leak). The online link goes only to insiders and
    registered people, as on the page."""
    meeting = _visible_meeting(
        request, Meeting.objects.select_related("body").prefetch_related("agenda_items"), slug
    )
    online_link = bool(meeting.online_url) and (
        is_insider.test(request.user, meeting) or is_seated.test(request.user, meeting)
    )
    response = HttpResponse(
        ics.single_event(meeting, online_link=online_link),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def register(request, slug):
    """Register for a workshop or plenary (a seat, or the waiting list when full)."""
    meeting = get_object_or_404(Meeting, slug=slug)
    if not request.user.has_perm("governance.view_meeting", meeting):
        raise Http404
    try:
        participation = registration.registration_create(meeting=meeting, user=request.user)
    except ValidationError as error:
        error_message(request, error)
    else:
        if participation.status == Participation.Status.REGISTERED:
            messages.success(
                request,
                _(
                    "Votre inscription est confirmée. Un courriel de confirmation vous a été "
                    "envoyé."
                ),
            )
        else:
            messages.info(
                request,
                _(
                    "C'est complet : vous êtes sur la liste d'attente. Vous serez inscrit·e et "
                    "prévenu·e automatiquement si une place se libère."
                ),
            )
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def unregister(request, slug):
    """Cancel one's own registration or leave the waiting list: GET asks to confirm (a page,
    no JavaScript needed), POST does it; the first person waiting takes a freed seat."""
    meeting = get_object_or_404(Meeting, slug=slug)
    participation = Participation.objects.filter(meeting=meeting, user=request.user).first()
    if participation is None or not request.user.has_perm("governance.view_meeting", meeting):
        raise Http404
    next_url = request.POST.get("next", "") or request.GET.get("next", "")
    if not (
        next_url
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        next_url = meeting.get_absolute_url()
    was_waiting = participation.status == Participation.Status.WAITLISTED
    if request.method == "GET":
        if participation.status not in Participation.REGISTRATION:
            messages.info(request, _("Il n'y a pas d'inscription à annuler."))
            return redirect(next_url)
        return render(
            request,
            "governance/unregister_confirm.html",
            {"meeting": meeting, "participation": participation, "next_url": next_url},
        )
    try:
        registration.registration_cancel(participation=participation, by=request.user)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(
            request,
            _("Vous avez quitté la liste d'attente.")
            if was_waiting
            else _("Votre inscription est annulée : votre place est libérée."),
        )
    return redirect(next_url)


def promoted_message(request, promoted) -> None:
    """After a cancellation or a capacity change: who left the waiting list (they are told)."""
    if promoted:
        messages.info(
            request,
            ngettext(
                "%(count)d personne de la liste d'attente est maintenant inscrite et en est "
                "informée.",
                "%(count)d personnes de la liste d'attente sont maintenant inscrites et en "
                "sont informées.",
                len(promoted),
            )
            % {"count": len(promoted)},
        )


class MeetingCancelView(View):
    """Cancel a meeting of any kind (the scaffold's cancel page): a body app subclasses it with
    its page, permission, template (extending governance/meeting_cancel.html) and words."""

    http_method_names = ["get", "post"]
    page: MeetingPage
    perm: str
    template_name: str
    help_text: str = ""
    reason_required: bool = True
    already_cancelled: str = ""

    def cancel(self, *, meeting: Meeting, by, reason: str) -> None:
        meeting_cancel(meeting=meeting, by=by, reason=reason)

    def success_message(self, meeting: Meeting) -> str:
        raise NotImplementedError

    def extra_context(self, meeting: Meeting) -> dict:
        return {}

    def dispatch(self, request, slug):
        """GET: the reason. POST: the recipients and the email, to confirm. POST with
        `confirm`: cancel (nothing is cancelled nor sent before that second step)."""
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request)
        meeting = meeting_for(request, slug, page=self.page, perm=self.perm)
        if meeting.is_cancelled:
            messages.info(request, self.already_cancelled)
            return redirect(meeting)
        form = CancelForm(posted(request), help_text=self.help_text, required=self.reason_required)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["reason"]
            if "confirm" not in request.POST:
                context = {
                    "meeting": meeting,
                    "form": form,
                    "reason": reason,
                    "preview": cancellation_preview(meeting=meeting, reason=reason),
                    **self.extra_context(meeting),
                }
                return render(request, "governance/meeting_cancel_confirm.html", context)
            try:
                self.cancel(meeting=meeting, by=request.user, reason=reason)
            except ValidationError as error:
                error_message(request, error)
            else:
                messages.success(request, self.success_message(meeting))
            return redirect(meeting)
        context = {"meeting": meeting, "form": form, **self.extra_context(meeting)}
        return render(request, self.template_name, context)
