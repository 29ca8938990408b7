"""The plenary pages: the list, a plenary (programme, registration, restitution) and the project
team's forms (schedule, edit, publish, cancel).

A plenary is a governance Meeting of kind plenary: scheduling, registration and the waiting list
are governance's services; these views parse, authorise (django-rules) and call them. A plenary
the viewer may not see (a draft) answers 404, whatever the action, so it does not leak.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import add_service_errors, call_service
from apps.core.view_helpers import posted as _posted
from apps.governance.forms import schedule_forms
from apps.governance.models import Meeting, Participation
from apps.governance.pages import meeting_for
from apps.governance.selectors import confirmed_count, registration_box
from apps.governance.services import meeting_create, meeting_publish
from apps.governance.views import MeetingCancelView, promoted_message
from apps.minutes.selectors import minutes_box_for

from .forms import SERVICE_FIELD_TO_FORM, PlenaryForm
from .pages import PLENARY_PAGE
from .selectors import plenary_list, plenary_restitution
from .services import plenary_update

SEATED = (Participation.Status.REGISTERED, Participation.Status.ATTENDING)


def _add_service_errors(form, error: ValidationError) -> None:
    add_service_errors(form, error, SERVICE_FIELD_TO_FORM)


# -------------------------------------------------------------------------------------- pages
@require_GET
def plenary_list_view(request):
    return render(
        request,
        "plenaries/list.html",
        {"plenaries": plenary_list(viewer=request.user)},
    )


@require_GET
def plenary_detail(request, slug):
    meeting = meeting_for(request, slug, page=PLENARY_PAGE)
    box = registration_box(meeting=meeting, user=request.user)
    seated = box.participation is not None and box.participation.status in SEATED
    return render(
        request,
        "plenaries/detail.html",
        {
            "meeting": meeting,
            "agenda": list(meeting.agenda_items.all()),
            "box": box,
            # The online link is for those expected there, not for every visitor.
            "show_online_link": seated
            or request.user.has_perm("plenaries.manage_plenary", meeting),
            "restitution": plenary_restitution(plenary=meeting, viewer=request.user),
            "minutes_box": minutes_box_for(meeting=meeting, viewer=request.user),
        },
    )


# ------------------------------------------------------------------------- schedule and edit
@require_http_methods(["GET", "POST"])
def plenary_create(request):
    if not request.user.has_perm("plenaries.add_plenary"):
        raise PermissionDenied
    form, formset = schedule_forms(_posted(request), PlenaryForm)
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        try:
            meeting = meeting_create(
                kind=Meeting.Kind.PLENARY,
                body=None,
                created_by=request.user,
                visibility=Meeting.Visibility.PUBLIC,
                capacity=form.cleaned_data["capacity"],
                agenda=formset.entries(),
                **form.meeting_fields(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "La plénière est enregistrée comme brouillon : seule l'équipe projet la "
                    "voit. Vérifiez-la puis publiez-la pour ouvrir les inscriptions."
                ),
            )
            return redirect(meeting)
    return render(
        request, "plenaries/form.html", {"form": form, "formset": formset, "meeting": None}
    )


@require_http_methods(["GET", "POST"])
def plenary_edit(request, slug):
    meeting = meeting_for(request, slug, page=PLENARY_PAGE, perm="plenaries.manage_plenary")
    if meeting.is_cancelled:
        messages.error(request, _("Cette plénière est annulée : elle ne peut plus être modifiée."))
        return redirect(meeting)
    form, formset = schedule_forms(_posted(request), PlenaryForm, meeting=meeting)
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        try:
            meeting, promoted = plenary_update(
                meeting=meeting,
                by=request.user,
                capacity=form.cleaned_data["capacity"],
                agenda=formset.entries(),
                **form.meeting_fields(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Plénière modifiée."))
            promoted_message(request, promoted)
            return redirect(meeting)
    return render(
        request, "plenaries/form.html", {"form": form, "formset": formset, "meeting": meeting}
    )


# ---------------------------------------------------------------------- publish and cancel
@require_POST
def plenary_publish(request, slug):
    meeting = meeting_for(request, slug, page=PLENARY_PAGE, perm="plenaries.manage_plenary")
    published = _(
        "La plénière est publiée : elle figure au programme et les inscriptions sont ouvertes."
    )
    call_service(request, meeting_publish, meeting=meeting, by=request.user, success=published)
    return redirect(meeting)


class PlenaryCancelView(MeetingCancelView):
    page = PLENARY_PAGE
    perm = "plenaries.manage_plenary"
    template_name = "plenaries/cancel.html"
    help_text = gettext_lazy("Facultatif : il s'affiche sur la page de la plénière.")
    reason_required = False
    already_cancelled = gettext_lazy("Cette plénière est déjà annulée.")

    def success_message(self, meeting):
        return _("Plénière annulée.")

    def extra_context(self, meeting):
        return {"registered": confirmed_count(meeting)}


plenary_cancel = PlenaryCancelView.as_view()
