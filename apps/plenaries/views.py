"""The plenary pages: the list, a plenary (programme, registration, restitution) and the project
team's forms (schedule, edit, publish, cancel).

A plenary is a governance Meeting of kind plenary: scheduling, registration and the waiting list
are governance's services; these views parse, authorise (django-rules) and call them. A plenary
the viewer may not see (a draft) answers 404, whatever the action, so it does not leak.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import add_service_errors
from apps.core.view_helpers import error_message as _error_message
from apps.core.view_helpers import posted as _posted
from apps.governance.models import Meeting, Participation
from apps.governance.pages import meeting_for
from apps.governance.selectors import confirmed_count, registration_box
from apps.governance.services import meeting_create, meeting_publish, meeting_update
from apps.governance.services.registration import meeting_set_capacity
from apps.governance.views import MeetingCancelView
from apps.minutes.selectors import minutes_box_for

from .forms import SERVICE_FIELD_TO_FORM, AgendaFormSet, PlenaryForm, agenda_initial
from .pages import PLENARY_PAGE
from .selectors import plenary_list, plenary_restitution

AGENDA_PREFIX = "agenda"
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
    form = PlenaryForm(_posted(request), is_new=True)
    formset = AgendaFormSet(_posted(request), prefix=AGENDA_PREFIX)
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
    if request.method == "POST":
        form = PlenaryForm(request.POST, is_new=False)
        formset = AgendaFormSet(request.POST, prefix=AGENDA_PREFIX)
    else:
        form = PlenaryForm(initial=PlenaryForm.initial_for(meeting), is_new=False)
        formset = AgendaFormSet(prefix=AGENDA_PREFIX, initial=agenda_initial(meeting))
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        capacity = form.cleaned_data["capacity"]
        try:
            # One change: a refused capacity leaves the rest of the plenary untouched too.
            with transaction.atomic():
                promoted = []
                if capacity != meeting.capacity:
                    promoted = meeting_set_capacity(
                        meeting=meeting, capacity=capacity, by=request.user
                    )
                meeting, _rescheduled = meeting_update(
                    meeting=meeting,
                    by=request.user,
                    agenda=formset.entries(),
                    **form.meeting_fields(),
                )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Plénière modifiée."))
            if promoted:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d personne de la liste d'attente a obtenu une place et en est "
                        "informée.",
                        "%(count)d personnes de la liste d'attente ont obtenu une place et en "
                        "sont informées.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )
            return redirect(meeting)
    return render(
        request, "plenaries/form.html", {"form": form, "formset": formset, "meeting": meeting}
    )


# ---------------------------------------------------------------------- publish and cancel
@require_POST
def plenary_publish(request, slug):
    meeting = meeting_for(request, slug, page=PLENARY_PAGE, perm="plenaries.manage_plenary")
    try:
        meeting_publish(meeting=meeting, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _(
                "La plénière est publiée : elle figure au programme et les inscriptions sont "
                "ouvertes."
            ),
        )
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
