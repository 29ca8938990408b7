"""The working group pages: the list by year, a group's page, join and leave, and the project
team's forms and decisions.

Views parse, authorise (django-rules) and call a service; a service's ValidationError becomes
a form error or a French message. State changes are POST only and end with a redirect.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import add_service_errors
from apps.core.view_helpers import error_message as _error_message
from apps.core.view_helpers import posted as _posted
from apps.minutes.selectors import published_minutes

from .forms import SERVICE_FIELD_TO_FORM, DecisionForm, GroupForm, JoinForm
from .models import JoinRequest, WorkingGroup
from .rules import is_group_member
from .selectors import group_by_slug, group_page, groups_of_year, groups_overview
from .services import group_create, group_join, group_leave, group_update, join_request_decide


def _group_or_404(slug: str) -> WorkingGroup:
    group = group_by_slug(slug)
    if group is None:
        raise Http404(_("Ce groupe de travail n'existe pas."))
    return group


def _add_service_errors(form, error: ValidationError) -> None:
    add_service_errors(form, error, SERVICE_FIELD_TO_FORM)


# -------------------------------------------------------------------------------------- pages
@require_GET
def group_list(request):
    return render(
        request,
        "working_groups/list.html",
        {"overview": groups_overview(viewer=request.user, page=request.GET.get("page"))},
    )


@require_GET
def groups_year(request, year: int):
    """A past year's groups (the list page shows this year's)."""
    data = groups_of_year(viewer=request.user, year=year)
    if data is None:
        raise Http404
    return render(request, "working_groups/year.html", {"data": data})


@require_GET
def group_detail(request, slug):
    group = _group_or_404(slug)
    if not request.user.has_perm("working_groups.view_group", group):
        raise Http404
    return render(
        request,
        "working_groups/detail.html",
        {
            "group": group,
            "page": group_page(group=group, viewer=request.user),
            "join_form": JoinForm(),
            "minutes": list(published_minutes(viewer=request.user, body=group.body)),
        },
    )


# --------------------------------------------------------------------------- join and leave
@require_POST
def join(request, slug):
    group = _group_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(group.get_absolute_url())
    if not request.user.has_perm("working_groups.join_group", group):
        if is_group_member.test(request.user, group):
            messages.info(request, _("Vous êtes déjà membre de ce groupe de travail."))
        else:
            messages.error(request, _("Ce groupe de travail n'accueille plus de nouveaux membres."))
        return redirect(group)
    form = JoinForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("message", [])))
        return redirect(group)
    try:
        result = group_join(group=group, user=request.user, message=form.cleaned_data["message"])
    except ValidationError as error:
        _error_message(request, error)
    else:
        if isinstance(result, JoinRequest):
            messages.success(
                request,
                _(
                    "Votre demande est transmise à l'équipe projet. Vous recevrez sa réponse "
                    "par courriel."
                ),
            )
        else:
            messages.success(
                request,
                _("Bienvenue dans le groupe ! Un courriel de bienvenue vous a été envoyé."),
            )
    return redirect(group)


@require_POST
def leave(request, slug):
    group = _group_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(group.get_absolute_url())
    if not request.user.has_perm("working_groups.leave_group", group):
        messages.error(request, _("Vous n'êtes pas membre de ce groupe de travail."))
        return redirect(group)
    try:
        group_leave(group=group, user=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Vous avez quitté le groupe de travail."))
    return redirect(group)


# ---------------------------------------------------------------------- project team actions
@require_POST
def request_decide(request, pk):
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("group", "group__body", "user"), pk=pk
    )
    group = join_request.group
    if not request.user.has_perm("working_groups.decide_request", group):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez d'accepter ou de refuser la demande."))
        return redirect(group)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        join_request_decide(request=join_request, accept=accept, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
        return redirect(group)
    name = join_request.user.get_full_name() or join_request.user.email
    if accept:
        message = _("Demande de %(name)s acceptée : la personne est membre et en est informée.")
    else:
        message = _("Demande de %(name)s refusée ; un message l'en informe.")
    messages.success(request, message % {"name": name})
    return redirect(group)


@require_http_methods(["GET", "POST"])
def group_create_view(request):
    if not request.user.has_perm("working_groups.manage_group"):
        raise PermissionDenied
    form = GroupForm(_posted(request), is_new=True)
    if request.method == "POST" and form.is_valid():
        try:
            group = group_create(by=request.user, **form.group_fields())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Le groupe de travail est créé."))
            return redirect(group)
    return render(request, "working_groups/form.html", {"form": form, "group": None})


@require_http_methods(["GET", "POST"])
def group_edit(request, slug):
    group = _group_or_404(slug)
    if not request.user.has_perm("working_groups.manage_group", group):
        raise PermissionDenied
    if request.method == "POST":
        form = GroupForm(request.POST, is_new=False)
    else:
        form = GroupForm(initial=GroupForm.initial_for(group), is_new=False)
    if request.method == "POST" and form.is_valid():
        try:
            group = group_update(group=group, by=request.user, **form.group_fields())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Groupe de travail modifié."))
            return redirect(group)
    return render(request, "working_groups/form.html", {"form": form, "group": group})
