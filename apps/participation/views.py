"""Pages of online participation. Views parse, authorise, call a service, render.

A call reserved to a working group is a 404 for everyone else (never a 403 that would say it
exists); so is a hidden comment or contribution for whoever may not moderate it.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import add_service_errors, call_service
from apps.strategy.forms import CONTRIBUTION_ERROR_FIELDS
from apps.strategy.models import PriorityAction

from . import selectors, services
from .forms import (
    CallContributionForm,
    CallForm,
    CommentForm,
    PrioritisationForm,
    ProposalForm,
    ReasonForm,
    ThresholdForm,
)
from .models import Call, Comment, Prioritisation
from .visibility import calls_visible_to, can_view_proposal, is_moderator

NOT_FOUND = _("Cette page n'existe pas ou ne vous est pas accessible.")


def _call_or_404(request, slug) -> Call:
    call = calls_visible_to(user=request.user).filter(slug=slug).first()
    if call is None:
        raise Http404(NOT_FOUND)
    return call


def _login(request):
    return redirect_to_login(request.get_full_path())


# -------------------------------------------------------------------------------------- home
@require_GET
def home(request):
    return render(
        request,
        "participation/home.html",
        {
            "calls": selectors.calls_page(user=request.user, page=request.GET.get("page")),
            "prioritisations": selectors.prioritisations_list(),
            "can_manage": request.user.has_perm("participation.manage_calls"),
            "can_propose": request.user.has_perm("participation.propose_action"),
            "can_moderate": request.user.has_perm("participation.moderate_comment"),
        },
    )


# -------------------------------------------------------------------------------------- calls
@require_http_methods(["GET", "POST"])
def call_detail(request, slug):
    call = _call_or_404(request, slug)
    can_contribute = call.is_open() and request.user.has_perm(
        "participation.contribute_to_call", call
    )
    form = CallContributionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return _login(request)
        if form.is_valid():
            try:
                contribution = services.call_contribute(
                    call=call, author=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                add_service_errors(form, error, CONTRIBUTION_ERROR_FIELDS)
            else:
                messages.success(request, _("Merci, votre contribution est publiée."))
                return redirect(
                    reverse("participation:contribution", kwargs={"pk": contribution.pk})
                )
    return render(
        request,
        "participation/call_detail.html",
        {
            "call": call,
            "form": form,
            "can_contribute": can_contribute,
            "contributions": selectors.call_contributions(
                call=call, user=request.user, page=request.GET.get("page")
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def call_create(request):
    if not request.user.is_authenticated:
        return _login(request)
    if not request.user.has_perm("participation.manage_calls"):
        raise PermissionDenied
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, {k: k for k in form.fields})
        else:
            messages.success(request, _("L'appel est ouvert."))
            return redirect(call)
    return render(request, "participation/call_form.html", {"form": form})


# ----------------------------------------------------------------------- contributions
@require_GET
def contribution_detail(request, pk):
    contribution = selectors.online_contribution(pk=pk, user=request.user)
    if contribution is None:
        raise Http404(NOT_FOUND)
    call = contribution.source if isinstance(contribution.source, Call) else None
    return render(
        request,
        "participation/contribution_detail.html",
        {
            "item": contribution,
            "call": call,
            "thread": selectors.comment_thread(
                user=request.user, contribution=contribution, page=request.GET.get("page")
            ),
            "comment_target": contribution,
            "can_support": request.user.has_perm("strategy.support_contribution", contribution),
            "can_hide": request.user.has_perm("strategy.hide_contribution", contribution),
        },
    )


# --------------------------------------------------------------------------------- comments
def _back(comment_or_target) -> str:
    if isinstance(comment_or_target, Comment):
        target = comment_or_target.target
        anchor = f"#commentaire-{comment_or_target.pk}"
    else:
        target, anchor = comment_or_target, "#commentaires"
    if isinstance(target, PriorityAction):
        return target.get_absolute_url() + anchor
    return reverse("participation:contribution", kwargs={"pk": target.pk}) + anchor


@require_POST
def comment_post(request):
    if not request.user.is_authenticated:
        return _login(request)
    target = parent = None
    data = request.POST
    if data.get("parent", "").isdigit():
        parent = selectors.comment_for(pk=int(data["parent"]), user=request.user)
        if parent is None:
            raise Http404(NOT_FOUND)
        target = parent.target
    elif data.get("contribution", "").isdigit():
        target = selectors.online_contribution(pk=int(data["contribution"]), user=request.user)
        if target is None:
            from apps.strategy.selectors import contributions_visible_to

            target = (
                contributions_visible_to(user=request.user)
                .filter(pk=int(data["contribution"]))
                .first()
            )
    elif data.get("action", "").isdigit():
        target = PriorityAction.objects.filter(pk=int(data["action"])).first()
    if target is None:
        raise Http404(NOT_FOUND)
    form = CommentForm(data)
    form.is_valid()
    kwargs = (
        {"parent": parent}
        if parent
        else (
            {"action": target} if isinstance(target, PriorityAction) else {"contribution": target}
        )
    )
    comment = call_service(
        request,
        services.comment_post,
        author=request.user,
        text=form.cleaned_data.get("text", ""),
        success=_("Votre commentaire est publié."),
        **kwargs,
    )
    return redirect(_back(comment or target))


@require_GET
def comment_detail(request, pk):
    """A comment's address (used by notifications): back to its thread."""
    comment = selectors.comment_for(pk=pk, user=request.user)
    if comment is None:
        raise Http404(NOT_FOUND)
    return redirect(_back(comment))


@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    if not request.user.is_authenticated:
        return _login(request)
    comment = selectors.comment_for(pk=pk, user=request.user)
    if comment is None:
        raise Http404(NOT_FOUND)
    if not request.user.has_perm("participation.edit_comment", comment):
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error, {"text": "text"})
        else:
            messages.success(request, _("Votre commentaire est modifié."))
            return redirect(_back(comment))
    return render(
        request,
        "participation/comment_edit.html",
        {"comment": comment, "form": form, "back_url": _back(comment)},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def comment_report(request, pk):
    if not request.user.is_authenticated:
        return _login(request)
    comment = selectors.comment_for(pk=pk, user=request.user)
    if comment is None:
        raise Http404(NOT_FOUND)
    form = ReasonForm(request.POST)
    form.is_valid()
    call_service(
        request,
        services.comment_report,
        comment=comment,
        by=request.user,
        reason=form.cleaned_data.get("reason", ""),
        success=_("Merci : les modérateurs examineront ce commentaire."),
    )
    return redirect(_back(comment))


@require_POST
def comment_hide(request, pk):
    if not request.user.is_authenticated:
        return _login(request)
    if not request.user.has_perm("participation.moderate_comment"):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    call_service(
        request,
        services.comment_hide,
        comment=comment,
        by=request.user,
        reason=form.cleaned_data.get("reason", ""),
        success=_("Le commentaire est masqué (conservé, avec son motif)."),
    )
    return redirect(_back(comment))


@require_GET
def moderation(request):
    """The moderators' queue: the comments people reported, with their reasons."""
    if not request.user.is_authenticated:
        return _login(request)
    if not request.user.has_perm("participation.moderate_comment"):
        raise PermissionDenied
    return render(
        request,
        "participation/moderation.html",
        {"comments": selectors.reported_comments()},
    )


# --------------------------------------------------------------------------- prioritisation
def _prioritisation_or_404(slug) -> Prioritisation:
    return get_object_or_404(Prioritisation.objects.select_related("meeting"), slug=slug)


def _parse_points(request, actions) -> tuple[dict, list[str]]:
    points, errors = {}, []
    for action in actions:
        raw = (request.POST.get(f"points-{action.pk}") or "").strip()
        if not raw:
            continue
        try:
            points[action.pk] = int(raw)
        except ValueError:
            errors.append(
                _("« %(value)s » n'est pas un nombre de points (action « %(title)s »).")
                % {"value": raw[:20], "title": action.title}
            )
    return points, errors


def _parse_ranks(request, actions) -> tuple[dict, list[str]]:
    ranks, errors = {}, []
    for action in actions:
        raw = (request.POST.get(f"rang-{action.pk}") or "").strip()
        if not raw:
            continue
        try:
            ranks[action.pk] = int(raw)
        except ValueError:
            errors.append(
                _("« %(value)s » n'est pas un rang (action « %(title)s »).")
                % {"value": raw[:20], "title": action.title}
            )
    return ranks, errors


def _my_ranks(points: dict, count: int) -> dict:
    """The stored Borda points back to ranks (n points: first)."""
    return {
        action_id: count + 1 - value
        for action_id, value in points.items()
        if isinstance(value, int) and value > 0
    }


@require_http_methods(["GET", "POST"])
def prioritisation_detail(request, slug):
    prioritisation = _prioritisation_or_404(slug)
    actions = selectors.prioritisation_actions(prioritisation)
    errors = []
    submitted = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return _login(request)
        parse = _parse_ranks if prioritisation.is_ranking else _parse_points
        submitted, errors = parse(request, actions)
        if not errors:
            given = {"ranks" if prioritisation.is_ranking else "points": submitted}
            try:
                services.ballot_submit(prioritisation=prioritisation, user=request.user, **given)
            except ValidationError as error:
                errors = list(error.messages)
            else:
                messages.success(
                    request,
                    _("Votre vote est enregistré. Vous pouvez le modifier jusqu'à la clôture."),
                )
                return redirect(prioritisation)
    if submitted is not None:
        mine = submitted
    else:
        mine = selectors.my_points(prioritisation=prioritisation, user=request.user)
        if prioritisation.is_ranking:
            mine = _my_ranks(mine, len(actions))
    for action in actions:
        action.my_points = mine.get(action.pk, "")
    return render(
        request,
        "participation/prioritisation_detail.html",
        {
            "prioritisation": prioritisation,
            "actions": actions,
            "errors": errors,
            "used": sum(v for v in mine.values() if isinstance(v, int) and v > 0),
            "ranks": range(1, len(actions) + 1),
            "ranked": sum(1 for v in mine.values() if isinstance(v, int) and v > 0),
            "can_vote": prioritisation.is_open()
            and request.user.has_perm("participation.vote", prioritisation),
            "can_manage": request.user.has_perm("participation.manage_prioritisations"),
            "results": selectors.results(prioritisation=prioritisation)
            if prioritisation.results_visible() or is_moderator(request.user)
            else None,
        },
        status=400 if errors else 200,
    )


@require_GET
def prioritisation_results(request, slug):
    """The page projected in a plenary room: large type, refreshed by a small JSON poll
    (and a <meta refresh> without JavaScript)."""
    prioritisation = _prioritisation_or_404(slug)
    if not (prioritisation.results_visible() or is_moderator(request.user)):
        return render(
            request,
            "participation/results.html",
            {"prioritisation": prioritisation, "results": None},
        )
    return render(
        request,
        "participation/results.html",
        {
            "prioritisation": prioritisation,
            "results": selectors.results(prioritisation=prioritisation),
        },
    )


@require_GET
def prioritisation_results_json(request, slug):
    prioritisation = _prioritisation_or_404(slug)
    if not (prioritisation.results_visible() or is_moderator(request.user)):
        return JsonResponse({"error": _("Les résultats seront visibles à la clôture.")}, status=403)
    response = JsonResponse(selectors.results_json(prioritisation=prioritisation))
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def prioritisation_create(request):
    if not request.user.is_authenticated:
        return _login(request)
    if not request.user.has_perm("participation.manage_prioritisations"):
        raise PermissionDenied
    form = PrioritisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("objective")
        data["actions"] = form.chosen_actions()
        try:
            prioritisation = services.prioritisation_create(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error, {k: k for k in form.fields})
        else:
            messages.success(request, _("La priorisation est créée."))
            return redirect(prioritisation)
    return render(request, "participation/prioritisation_form.html", {"form": form})


@require_POST
def prioritisation_close(request, slug):
    if not request.user.is_authenticated:
        return _login(request)
    if not request.user.has_perm("participation.manage_prioritisations"):
        raise PermissionDenied
    prioritisation = _prioritisation_or_404(slug)
    call_service(
        request,
        services.prioritisation_close,
        prioritisation=prioritisation,
        by=request.user,
        success=_("La priorisation est close : ses résultats sont publiés."),
    )
    return redirect(prioritisation)


# ------------------------------------------------------------------------------ proposals
@require_http_methods(["GET", "POST"])
def proposals(request):
    if not request.user.is_authenticated:
        return _login(request)
    can_propose = request.user.has_perm("participation.propose_action")
    form = ProposalForm(request.POST if "action" in request.POST else None)
    threshold = ThresholdForm(request.POST if "min_supports" in request.POST else None)
    if request.method == "POST":
        if not can_propose:
            raise PermissionDenied
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            proposal = call_service(
                request,
                services.proposal_create,
                action=data["action"],
                meeting=data["meeting"] or services.next_copil_session(),
                by=request.user,
                reason=data["reason"],
                note=data["note"],
                success=_("L'action est inscrite à l'ordre du jour du COPIL."),
            )
            if proposal:
                return redirect(proposal)
        elif threshold.is_bound and threshold.is_valid():
            created = call_service(
                request,
                services.proposals_from_threshold,
                meeting=services.next_copil_session(),
                by=request.user,
                min_supports=threshold.cleaned_data["min_supports"] or 0,
                min_points=threshold.cleaned_data["min_points"] or 0,
            )
            if created is not None:
                messages.success(
                    request,
                    _("%(n)d action(s) inscrite(s) à l'ordre du jour.") % {"n": len(created)},
                )
            return redirect("participation:proposals")
    return render(
        request,
        "participation/proposals.html",
        {
            "proposals": selectors.proposals_list(user=request.user),
            "form": form,
            "threshold": threshold,
            "can_propose": can_propose,
            "next_session": services.next_copil_session(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def proposal_detail(request, pk):
    proposal = get_object_or_404(
        selectors.visible_proposals(user=request.user).select_related(
            "action", "meeting__body", "agenda_item", "decision"
        ),
        pk=pk,
    )
    if not can_view_proposal(request.user, proposal):
        raise Http404(NOT_FOUND)
    return render(request, "participation/proposal_detail.html", {"proposal": proposal})
