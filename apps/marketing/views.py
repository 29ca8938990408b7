"""/strategie/offre/ (the territory's service offer) and /strategie/offre-et-attentes/ (the
matrix of target publics × filières, a cell's evidence, and a priority action from a gap)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.view_helpers import add_service_errors
from apps.strategy.models import Filiere, TargetPublic

from . import selectors, services
from .forms import GapActionForm, OfferFilterForm


@require_GET
def offers(request):
    form = OfferFilterForm(request.GET or None)
    page = selectors.offers_page(filters=form.filters(), page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "marketing/offers.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": request.user.has_perm("marketing.manage_offer"),
        },
    )


@require_GET
def matrix(request):
    return render(
        request,
        "marketing/matrix.html",
        {
            "matrix": selectors.offer_expectation_matrix(
                private_surveys=request.user.has_perm("surveys.view_any_results")
            ),
            "private_surveys": request.user.has_perm("surveys.view_any_results"),
            "can_act": request.user.has_perm("marketing.action_from_gap"),
        },
    )


def _cell_or_404(public_slug: str, column: str):
    public = get_object_or_404(TargetPublic, slug=public_slug)
    filiere = None
    if column != selectors.TRANSVERSAL:
        filiere = get_object_or_404(Filiere, slug=column)
    return public, filiere


def _prefill(public, filiere, evidence) -> dict:
    theme = filiere.name if filiere else _("transversal")
    lines = [
        _("Écart relevé dans la matrice offre / attentes : %(public)s × %(theme)s.")
        % {"public": public.name, "theme": theme},
        "",
    ]
    if evidence["expectations"]:
        lines.append(
            _("Attentes exprimées dans les enquêtes (%(n)d répondants de ce public) :")
            % {"n": evidence["respondents"]}
        )
        lines += [f"- {label} : {n}" for _survey, label, n in evidence["expectations"][:5]]
    if evidence["needs"]:
        lines.append(
            _("%(n)d contribution(s) d'atelier de type attente.") % {"n": len(evidence["needs"])}
        )
    lines.append(
        _("Offre existante : %(offers)d offre(s) de services, %(strengths)d atout(s).")
        % {"offers": len(evidence["offers"]), "strengths": len(evidence["strengths"])}
    )
    return {
        "title": _("Répondre aux attentes des %(public)s — %(theme)s")
        % {"public": public.name.lower(), "theme": theme},
        "description": "\n".join(lines),
        "contributions": [str(c.pk) for c in evidence["needs"]],
    }


def _snapshot(evidence) -> dict:
    return {
        "respondents": evidence["respondents"],
        "expectations": [
            {"survey": survey, "label": label, "count": n}
            for survey, label, n in evidence["expectations"]
        ],
        "needs": [c.pk for c in evidence["needs"]],
        "offers": [o.pk for o in evidence["offers"]],
        "strengths": [c.pk for c in evidence["strengths"]],
    }


@require_http_methods(["GET", "POST"])
def matrix_cell(request, public, column):
    target_public, filiere = _cell_or_404(public, column)
    can_act = request.user.has_perm("marketing.action_from_gap")
    if request.method == "POST" and not can_act:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("Seule l'équipe projet crée des actions prioritaires."))
    evidence = selectors.matrix_cell(
        public=target_public,
        filiere=filiere,
        with_texts=request.user.has_perm("surveys.view_any_free_text"),
        private_surveys=request.user.has_perm("surveys.view_any_results"),
    )
    form = None
    if can_act:
        data = request.POST if request.method == "POST" else None
        form = GapActionForm(
            data, needs=evidence["needs"], initial=_prefill(target_public, filiere, evidence)
        )
        if data is not None and form.is_valid():
            try:
                action = services.action_create_from_gap(
                    by=request.user,
                    target_public=target_public,
                    filiere=filiere,
                    objective=form.cleaned_data["objective"],
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    contributions=form.chosen_contributions(),
                    evidence=_snapshot(evidence),
                )
            except ValidationError as error:
                add_service_errors(form, error, {"title": "title"})
            else:
                messages.success(
                    request, _("L'action prioritaire est créée, avec les éléments de l'écart.")
                )
                return redirect(action.get_absolute_url())
    return render(
        request,
        "marketing/cell.html",
        {
            "public": target_public,
            "filiere": filiere,
            "column": column,
            "evidence": evidence,
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )
