"""The workshop pages: programme, a workshop's page, create/edit/publish/cancel, check-in.

Views parse, authorise (django-rules, on the object) and call a service of
`apps.governance` or `apps.workshops.services`; a service's ValidationError becomes a form
error or a French message, never a 500. A workshop the viewer may not see answers 404,
whatever the action, so that it does not leak; an action they may not take answers 403.
Registering and unregistering are governance's views (governance:register / unregister).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.models import User
from apps.core.view_helpers import add_service_errors, call_service
from apps.core.view_helpers import error_message as _error_message
from apps.core.view_helpers import posted as _posted
from apps.governance.models import Meeting, Participation
from apps.governance.pages import meeting_for
from apps.governance.selectors import day_is_open, day_opens_on, registration_box
from apps.governance.services import checkin_guest, meeting_open_early, meeting_publish
from apps.governance.services.registration import checkin_set, checkin_walk_in
from apps.governance.views import MeetingCancelView, promoted_message
from apps.minutes.selectors import minutes_box_for
from apps.strategy.selectors import workshop_contributions

from .forms import (
    SERVICE_FIELD_TO_FORM,
    CheckinToggleForm,
    GuestWalkInForm,
    ProgrammeFilterForm,
    WalkInForm,
    WalkInSearchForm,
    WorkshopForm,
    person_label,
)
from .pages import WORKSHOP_PAGE
from .selectors import (
    WALK_IN_MIN_QUERY,
    checkin_counts,
    checkin_sheet,
    programme_cards,
    programme_choices,
    programme_meetings,
    walk_in_candidates,
    workshop_of,
)
from .services import workshop_cancel, workshop_create, workshop_update

PAGE_SIZE = 20
S = Participation.Status


# ------------------------------------------------------------------------------------ helpers
def _add_service_errors(form, error: ValidationError) -> None:
    add_service_errors(form, error, SERVICE_FIELD_TO_FORM)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# -------------------------------------------------------------------------------------- pages
@require_GET
def programme(request):
    choices = programme_choices()
    form = ProgrammeFilterForm(request.GET, choices=choices)
    filters = form.filters()
    meetings = programme_meetings(user=request.user, filters=filters)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workshops/programme.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "cards": programme_cards(list(page.object_list)),
        },
    )


@require_GET
def detail(request, slug):
    meeting = meeting_for(request, slug, page=WORKSHOP_PAGE)
    user = request.user
    box = registration_box(meeting=meeting, user=user)
    own = box.participation
    show_online_link = (
        own is not None and own.status in (S.REGISTERED, S.ATTENDING)
    ) or user.has_perm("workshops.checkin", meeting)
    upcoming = not meeting.is_past and not meeting.is_cancelled
    group = meeting.body if meeting.body_id and meeting.body.is_working_group else None
    return render(
        request,
        "workshops/detail.html",
        {
            "meeting": meeting,
            "workshop": workshop_of(meeting),
            "group": group,
            "box": box,
            "show_online_link": show_online_link,
            "contributions": workshop_contributions(meeting=meeting, user=user),
            "upcoming": upcoming,
            "day_open": day_is_open(meeting),
            "opens_on": day_opens_on(meeting),
            "minutes_box": minutes_box_for(meeting=meeting, viewer=user),
        },
    )


# ------------------------------------------------------------------------- create and edit
@require_http_methods(["GET", "POST"])
def create(request):
    if not request.user.has_perm("workshops.manage_workshop"):
        raise PermissionDenied
    form = WorkshopForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            workshop = workshop_create(by=request.user, **form.workshop_fields())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "L'atelier est enregistré comme brouillon : seule l'équipe projet le voit. "
                    "Vérifiez-le puis publiez-le pour ouvrir les inscriptions."
                ),
            )
            return redirect(workshop.meeting)
    return render(request, "workshops/form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
def edit(request, slug):
    meeting = meeting_for(request, slug, page=WORKSHOP_PAGE, perm="workshops.manage_workshop")
    workshop = workshop_of(meeting)
    if meeting.is_cancelled:
        messages.error(request, _("Cet atelier est annulé : il ne peut plus être modifié."))
        return redirect(meeting)
    if request.method == "POST":
        form = WorkshopForm(request.POST, workshop=workshop)
    else:
        form = WorkshopForm(initial=WorkshopForm.initial_for(meeting), workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            workshop, promoted = workshop_update(
                meeting=meeting, by=request.user, **form.workshop_fields()
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Atelier modifié."))
            promoted_message(request, promoted)
            return redirect(workshop.meeting)
    return render(request, "workshops/form.html", {"form": form, "meeting": meeting})


@require_POST
def publish(request, slug):
    meeting = meeting_for(request, slug, page=WORKSHOP_PAGE, perm="workshops.manage_workshop")
    published = _("L'atelier est publié : il figure au programme et prend les inscriptions.")
    call_service(request, meeting_publish, meeting=meeting, by=request.user, success=published)
    return redirect(meeting)


class WorkshopCancelView(MeetingCancelView):
    page = WORKSHOP_PAGE
    perm = "workshops.manage_workshop"
    template_name = "workshops/cancel.html"
    help_text = gettext_lazy("Il figure dans le message envoyé aux personnes inscrites.")
    already_cancelled = gettext_lazy("Cet atelier est déjà annulé.")

    def cancel(self, *, meeting, by, reason):
        workshop_cancel(meeting=meeting, by=by, reason=reason)

    def success_message(self, meeting):
        return _("Atelier annulé. Les personnes inscrites ou en attente en sont informées.")

    def extra_context(self, meeting):
        return {
            "registered": meeting.participations.filter(
                status__in=Participation.REGISTRATION
            ).count()
        }


cancel = WorkshopCancelView.as_view()


# ------------------------------------------------------------------------------------ check-in
def _checkin_workshop(request, slug: str) -> Meeting | None:
    """The workshop for check-in; None (with a message) when it cannot take check-ins."""
    meeting = meeting_for(request, slug, page=WORKSHOP_PAGE, perm="workshops.checkin")
    if meeting.is_cancelled or meeting.is_draft:
        messages.error(
            request,
            _("Cet atelier est annulé : pas d'émargement.")
            if meeting.is_cancelled
            else _("Cet atelier n'est pas encore publié : pas d'émargement."),
        )
        return None
    return meeting


def _not_open_yet(request, meeting: Meeting):
    messages.info(
        request,
        _(
            "L'émargement et les contributions ouvrent le jour de l'atelier, le %(date)s. "
            "L'équipe projet peut les ouvrir plus tôt."
        )
        % {"date": date_format(day_opens_on(meeting), "l j F Y")},
    )
    return redirect(meeting)


@require_GET
def checkin(request, slug):
    meeting = _checkin_workshop(request, slug)
    if meeting is None:
        return redirect("workshops:detail", slug=slug)
    if not day_is_open(meeting):
        return _not_open_yet(request, meeting)
    search = WalkInSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    candidates = walk_in_candidates(query=query, meeting=meeting) if query else None
    return render(
        request,
        "workshops/checkin.html",
        {
            "meeting": meeting,
            "sheet": checkin_sheet(meeting=meeting, query=query),
            "search": search,
            "query": query,
            "candidates": candidates,
            "min_query": WALK_IN_MIN_QUERY,
            "guest_form": GuestWalkInForm(initial={"name": query} if query else None),
        },
    )


@require_POST
def checkin_toggle(request, slug, pk):
    meeting = _checkin_workshop(request, slug)
    if meeting is None:
        return redirect("workshops:detail", slug=slug)
    participation = (
        Participation.objects.select_related("user").filter(meeting=meeting, pk=pk).first()
    )
    if participation is None:
        raise Http404
    form = CheckinToggleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez si la personne est présente ou absente."))
        return redirect("workshops:checkin", slug=meeting.slug)
    name = participation.person_name
    if participation.organisation_name:
        name = f"{name} ({participation.organisation_name})"
    try:
        participation = checkin_set(
            participation=participation, attended=form.cleaned_data["attended"], by=request.user
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        _error_message(request, error)
        return redirect("workshops:checkin", slug=meeting.slug)
    attended = bool(participation.attended)
    text = (
        _("%(name)s est présent·e.") if attended else _("%(name)s n'est plus marqué·e présent·e.")
    ) % {"name": name}
    if _wants_json(request):
        return JsonResponse(
            {"attended": attended, "message": text, **checkin_counts(meeting=meeting)}
        )
    messages.success(request, text)
    return redirect(reverse("workshops:checkin", kwargs={"slug": meeting.slug}) + f"#p-{pk}")


@require_POST
def checkin_walk_in_view(request, slug):
    meeting = _checkin_workshop(request, slug)
    if meeting is None:
        return redirect("workshops:detail", slug=slug)
    form = WalkInForm(request.POST)
    person = (
        User.objects.filter(pk=form.cleaned_data["user"], is_active=True).first()
        if form.is_valid()
        else None
    )
    if person is None:
        messages.error(
            request,
            _("Aucun compte ne correspond : recherchez la personne par son nom ou son adresse."),
        )
        return redirect("workshops:checkin", slug=meeting.slug)
    try:
        participation = checkin_walk_in(meeting=meeting, user=person, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
        return redirect("workshops:checkin", slug=meeting.slug)
    messages.success(
        request, _("%(name)s est enregistré·e comme présent·e.") % {"name": person_label(person)}
    )
    return redirect(
        reverse("workshops:checkin", kwargs={"slug": meeting.slug}) + f"#p-{participation.pk}"
    )


@require_POST
def checkin_guest_view(request, slug):
    """A walk-in without an account: name, organisation, EPCI, category, consent."""
    meeting = _checkin_workshop(request, slug)
    if meeting is None:
        return redirect("workshops:detail", slug=slug)
    form = GuestWalkInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            participation = checkin_guest(
                meeting=meeting,
                by=request.user,
                name=data["name"],
                organisation=data["organisation"],
                territory=data["territory"],
                category=data["category"],
                may_contact=data["may_contact"],
            )
        except ValidationError as error:
            add_service_errors(form, error, {"name": "name"})
        else:
            messages.success(
                request,
                _("%(name)s est enregistré·e comme présent·e.")
                % {"name": participation.guest_name},
            )
            return redirect(
                reverse("workshops:checkin", kwargs={"slug": meeting.slug})
                + f"#p-{participation.pk}"
            )
    if not day_is_open(meeting):
        return _not_open_yet(request, meeting)
    return render(
        request,
        "workshops/checkin.html",
        {
            "meeting": meeting,
            "sheet": checkin_sheet(meeting=meeting),
            "search": WalkInSearchForm(),
            "query": "",
            "candidates": None,
            "min_query": WALK_IN_MIN_QUERY,
            "guest_form": form,
        },
        status=400,
    )


@require_POST
def open_early(request, slug):
    """The project team opens check-in and contributions before the day."""
    meeting = meeting_for(request, slug, page=WORKSHOP_PAGE, perm="workshops.manage_workshop")
    call_service(
        request,
        meeting_open_early,
        meeting=meeting,
        by=request.user,
        success=_("L'émargement et les contributions sont ouverts dès maintenant."),
    )
    return redirect(meeting)
