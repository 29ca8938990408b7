"""The strategy pages and the contributions of workshops.

Views parse, authorise (django-rules, on the object) and call a service of `services.py`; a
service's ValidationError becomes a form error or a French message. State changes are POST
only and go back to the workshop's page, where the contributions section lives.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import add_service_errors as _add_service_errors
from apps.core.view_helpers import error_message as _error_message
from apps.governance.models import Meeting

from . import services
from .forms import (
    ACTION_ERROR_FIELDS,
    CONTRIBUTION_ERROR_FIELDS,
    ActionEditForm,
    ActionFilterForm,
    ActionForm,
    ActionLinkForm,
    ContributionForm,
)
from .models import Contribution, Objective
from .selectors import (
    ActionFilters,
    action_for_page,
    action_page,
    actions_list,
    contributions_for_action,
    contributions_visible_to,
    duplicate_actions,
    objective_page,
    strategy_overview,
    workshop_contributions,
    workshop_participants,
    workshop_url,
)

MAX_CONTRIBUTIONS_PER_ACTION = 50


# ------------------------------------------------------------------------------------ helpers
def _workshop_or_404(slug: str) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("body"), slug=slug, kind=Meeting.Kind.WORKSHOP
    )


def _contribution_or_404(pk: int, user) -> Contribution:
    """A contribution `user` may see (404 otherwise: a members-only one, or a hidden one, must
    not even reveal where it lives through the redirect that follows)."""
    return get_object_or_404(
        contributions_visible_to(user=user).select_related("meeting", "meeting__body"), pk=pk
    )


def _back_to(contribution: Contribution, request=None) -> str:
    """The page the contribution is shown on: its workshop's; for an online one, the page that
    sent the form (`next`, a local address) or its source's page."""
    if contribution.meeting_id is None:
        target = request.POST.get("next", "") if request is not None else ""
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        source = contribution.source
        url = source.get_absolute_url() if hasattr(source, "get_absolute_url") else "/"
        return f"{url}#contribution-{contribution.pk}"
    return f"{workshop_url(contribution.meeting)}#contribution-{contribution.pk}"


def _contribution_ids(data) -> list[int]:
    """`?contributions=1,2` or `contributions=1&contributions=2`; anything else is ignored."""
    ids = []
    for value in data.getlist("contributions"):
        for part in value.split(","):
            part = part.strip()
            if part.isdigit() and int(part) not in ids:
                ids.append(int(part))
    return ids[:MAX_CONTRIBUTIONS_PER_ACTION]


# -------------------------------------------------------------------------------------- pages
@require_GET
def overview(request):
    return render(request, "strategy/overview.html", strategy_overview(user=request.user))


@require_GET
def objective_detail(request, slug):
    objective = get_object_or_404(Objective, slug=slug)
    context = objective_page(
        objective=objective,
        user=request.user,
        type=request.GET.get("type", ""),
        page=request.GET.get("page"),
    )
    return render(request, "strategy/objective_detail.html", context)


@require_GET
def actions(request):
    form = ActionFilterForm(request.GET or None)
    form.is_valid()  # an unknown objective or status is dropped, never an error page
    data = getattr(form, "cleaned_data", {})
    filters = ActionFilters(objective=data.get("objectif"), status=data.get("statut") or "")
    page = actions_list(user=request.user, filters=filters, page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "strategy/action_list.html",
        {
            "page": page,
            "form": form,
            "filters": filters,
            "query": query.urlencode(),
        },
    )


@require_GET
def action_detail(request, slug):
    action = action_for_page(slug=slug)
    if action is None:
        raise Http404(_("Cette action n'existe pas."))
    context = action_page(action=action, user=request.user)
    context["can_manage"] = request.user.has_perm("strategy.manage_action", action)
    return render(request, "strategy/action_detail.html", context)


# ------------------------------------------------------------------------------ contributions
@require_http_methods(["GET", "POST"])
def contribution_add(request, slug):
    """Capture a contribution: one's own, or (facilitators, project team) a participant's.

    GET shows the capture form on its own page; a refused POST shows it again, with the
    typed text and what to change.
    """
    meeting = _workshop_or_404(slug)
    back = f"{workshop_url(meeting)}#contributions"
    if not request.user.is_authenticated:
        return redirect_to_login(back if request.method == "POST" else request.get_full_path())
    if not request.user.has_perm("strategy.add_contribution", meeting):
        messages.error(
            request,
            _("Seules les personnes inscrites ou présentes à l'atelier peuvent y contribuer."),
        )
        return redirect(back)
    for_others = request.user.has_perm("strategy.add_contribution_for_others", meeting)
    participants = workshop_participants(meeting) if for_others else None
    # Posted by the page's script (fetch): answer with the contributions section only, which
    # the script puts in place of the old one — no reload; errors and typed text stay.
    partial = request.headers.get("X-Partial") == "contributions"
    form = None
    saved = ""
    if request.method == "POST":
        form = ContributionForm(request.POST, participants=participants)
        if form.is_valid():
            author = form.cleaned_data.get("author") or request.user
            try:
                contribution = services.contribution_create(
                    meeting=meeting,
                    author=author,
                    captured_by=request.user,
                    **form.service_kwargs(),
                )
            except ValidationError as error:
                _add_service_errors(form, error, CONTRIBUTION_ERROR_FIELDS)
            else:
                if author.pk == request.user.pk:
                    saved = _("Merci, votre contribution est enregistrée.")
                else:
                    saved = _("La contribution de %(name)s est enregistrée.") % {
                        "name": author.get_full_name() or _("la personne")
                    }
                if not partial:
                    messages.success(request, saved)
                    return redirect(_back_to(contribution, request))
                form = None  # a fresh form for the next one
    contributions = workshop_contributions(meeting=meeting, user=request.user, form=form)
    if not contributions["can_add"]:
        if partial:
            return HttpResponse(_("Cet atelier n'accepte pas de contributions."), status=409)
        messages.error(request, _("Cet atelier n'accepte pas de contributions."))
        return redirect(back)
    if partial:
        contributions["saved_message"] = saved
        return render(
            request,
            "strategy/_workshop_contributions.html",
            {"contributions": contributions},
            status=400 if form is not None and form.errors else 200,
        )
    return render(
        request,
        "strategy/contribution_form.html",
        {"meeting": meeting, "contributions": contributions, "back_url": workshop_url(meeting)},
    )


@require_POST
def contribution_support(request, pk):
    contribution = _contribution_or_404(pk, request.user)
    back = _back_to(contribution, request)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if not request.user.has_perm("strategy.support_contribution", contribution):
        messages.error(
            request,
            _(
                "Seules les personnes qui peuvent participer à cet appel soutiennent ses "
                "contributions."
            )
            if contribution.meeting_id is None
            else _(
                "Seules les personnes inscrites ou présentes à l'atelier peuvent soutenir "
                "ses contributions."
            ),
        )
        return redirect(back)
    try:
        services.contribution_support(contribution=contribution, user=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Votre soutien est enregistré."))
    return redirect(back)


def _moderated_contribution(request, pk: int, perm: str):
    contribution = _contribution_or_404(pk, request.user)
    if request.user.is_authenticated and not request.user.has_perm(perm, contribution):
        raise PermissionDenied
    return contribution


@require_POST
def contribution_hide(request, pk):
    contribution = _moderated_contribution(request, pk, "strategy.hide_contribution")
    if not request.user.is_authenticated:
        return redirect_to_login(_back_to(contribution, request))
    try:
        services.contribution_hide(
            contribution=contribution, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("La contribution est masquée : seule l'équipe projet la voit encore, avec le motif."),
        )
    return redirect(_back_to(contribution, request))


@require_POST
def contribution_unhide(request, pk):
    contribution = _moderated_contribution(request, pk, "strategy.hide_contribution")
    if not request.user.is_authenticated:
        return redirect_to_login(_back_to(contribution, request))
    try:
        services.contribution_unhide(contribution=contribution, by=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("La contribution est de nouveau visible."))
    return redirect(_back_to(contribution, request))


# ---------------------------------------------------------------------------------- actions
def _chosen_contributions(request) -> list[Contribution] | None:
    """The contributions named in the request, all of which the user may turn into an action.

    None: nothing usable was named (the caller says so). 404 when one does not exist, 403
    when the user may not use one of them (hidden ones never reveal more than that).
    """
    data = request.POST if request.method == "POST" else request.GET
    ids = _contribution_ids(data)
    if not ids:
        return None
    contributions = contributions_for_action(ids=ids, user=request.user)
    if len(contributions) != len(ids):
        raise Http404(_("Une des contributions choisies n'existe pas."))
    if not all(request.user.has_perm("strategy.make_action", c) for c in contributions):
        raise PermissionDenied
    return contributions


def _render_action_form(
    request, contributions, *, form=None, link_form=None, duplicates=None, status=200
):
    ids = ",".join(str(c.pk) for c in contributions)
    if duplicates is None:  # on arrival: the actions that already cite every chosen one
        duplicates = duplicate_actions(contributions=contributions)
    return render(
        request,
        "strategy/action_form.html",
        {
            "contributions": contributions,
            "contribution_ids": ids,
            "form": form or ActionForm(initial=ActionForm.initial_from(contributions)),
            "link_form": link_form or ActionLinkForm(),
            "hidden_chosen": any(c.is_hidden for c in contributions),
            "duplicates": duplicates,
            "asks_confirmation": bool(form is not None and duplicates),
        },
        status=status,
    )


def _no_contribution_chosen(request):
    messages.error(
        request,
        _(
            "Choisissez d'abord une ou plusieurs contributions (cases « pour une action » "
            "de la page d'un atelier)."
        ),
    )
    return redirect("strategy:actions")


@require_http_methods(["GET", "POST"])
def action_create(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    contributions = _chosen_contributions(request)
    if contributions is None:
        return _no_contribution_chosen(request)
    if request.method == "GET":
        return _render_action_form(request, contributions)
    form = ActionForm(request.POST)
    if form.is_valid() and not request.POST.get("confirm_duplicate"):
        # The same title, or contributions that already found one action: ask first.
        duplicates = duplicate_actions(
            contributions=contributions, title=form.cleaned_data["title"]
        )
        if duplicates:
            return _render_action_form(request, contributions, form=form, duplicates=duplicates)
    if form.is_valid():
        try:
            action = services.action_create_from_contributions(
                contributions=contributions, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_service_errors(form, error, ACTION_ERROR_FIELDS)
        else:
            messages.success(
                request,
                ngettext(
                    "L'action « %(title)s » est créée, avec sa contribution d'origine.",
                    "L'action « %(title)s » est créée, avec ses %(count)d contributions d'origine.",
                    len(contributions),
                )
                % {"title": action.title, "count": len(contributions)},
            )
            return redirect(action)
    return _render_action_form(request, contributions, form=form)


@require_http_methods(["GET", "POST"])
def action_link(request):
    """Cite contributions as the origin of an existing action."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    contributions = _chosen_contributions(request)
    if contributions is None:
        return _no_contribution_chosen(request)
    if request.method == "GET":
        return _render_action_form(request, contributions)
    link_form = ActionLinkForm(request.POST)
    if link_form.is_valid():
        action = link_form.cleaned_data["action"]
        try:
            services.action_link_contributions(
                action=action, contributions=contributions, by=request.user
            )
        except ValidationError as error:
            _add_service_errors(link_form, error, {})
        else:
            messages.success(
                request,
                _("Les contributions sont citées comme origine de l'action « %(title)s ».")
                % {"title": action.title},
            )
            return redirect(action)
    return _render_action_form(request, contributions, link_form=link_form)


@require_http_methods(["GET", "POST"])
def action_edit(request, slug):
    action = action_for_page(slug=slug)
    if action is None:
        raise Http404(_("Cette action n'existe pas."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("strategy.manage_action", action):
        raise PermissionDenied
    form = ActionEditForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        # simple_history records who changed what; a new status is announced (notifications)
        services.action_update(
            action=form.instance,
            by=request.user,
            **{name: form.cleaned_data[name] for name in ActionEditForm.Meta.fields},
        )
        messages.success(request, _("L'action est mise à jour."))
        return redirect(action)
    return render(
        request,
        "strategy/action_edit.html",
        {"action": action, "form": form, "cancel_url": reverse("strategy:action", args=[slug])},
    )
