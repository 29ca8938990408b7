"""The observatory's pages: figures (team, technical committee, elected officials), targets and
targeted invitations (project team). Views parse, authorise, call a selector or a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.csvsafe import csv_response
from apps.core.view_helpers import call_service, posted
from apps.governance.models import Body, Meeting
from apps.stakeholders.models import ActorCategory, Territory

from . import selectors
from .caching import Figures
from .charts import columns, hbars
from .coverage import MAX_CANDIDATES, invitation_candidates, meeting_coverage, target_for
from .forms import InviteForm, TargetForm
from .models import CoverageTarget
from .registry import page_boxes
from .services import invitation_message, invitations_send, target_set


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _period(request, figures=None, phases=None):
    years = figures.years() if figures else selectors.available_years()
    return selectors.period_from(request.GET.get("annee"), years, phases), years


def _charts(board) -> dict:
    period = board.period.label
    return {
        "territories": hbars(
            [(row.label, row.value) for row in board.territories],
            title=_("Participants uniques par EPCI — %(p)s") % {"p": period},
            desc=_(
                "Barres horizontales : nombre de participants uniques de chaque EPCI ; "
                "les chiffres sont dans le tableau qui suit."
            ),
            slug="epci",
        ),  # fmt: skip
        "categories": hbars(
            [(row.label, row.value) for row in board.categories],
            title=_("Participants uniques par catégorie d'acteur — %(p)s") % {"p": period},
            desc=_("Barres horizontales par catégorie ; les chiffres sont dans le tableau."),
            slug="categories",
        ),
        "filieres": hbars(
            [(row.label, row.value) for row in board.filieres],
            title=_("Participants uniques par filière — %(p)s") % {"p": period},
            desc=_("Barres horizontales par filière des réunions suivies."),
            slug="filieres",
        ),
        "objectives": hbars(
            [(row.label, row.value) for row in board.objectives],
            title=_("Participants uniques par objectif — %(p)s") % {"p": period},
            desc=_("Barres horizontales par objectif des réunions suivies."),
            slug="objectifs",
        ),
        "years": hbars(
            [(row.label, row.value) for row in board.years_rows],
            title=_("Participants uniques par année"),
            desc=_("Barres horizontales, une par année de la démarche."),
            slug="annees",
        ),
        "months": columns(
            [m.label for m in board.months],
            [
                (_("Nouveaux"), "#1f5f8b", [m.new for m in board.months]),
                (_("Revenus"), "#b35900", [m.returning for m in board.months]),
            ],
            title=(
                _("Participants par trimestre, nouveaux et revenus — %(p)s")
                if board.quarterly
                else _("Participants par mois, nouveaux et revenus — %(p)s")
            )
            % {"p": period},
            desc=_(
                "Colonnes empilées par mois : en bleu les personnes venues pour la première "
                "fois, en orange celles déjà venues ; les chiffres sont dans le tableau."
            ),
            slug="mois",
        ),  # fmt: skip
        "funnel": hbars(
            [(row.label, row.value) for row in board.funnel],
            title=_("Entonnoir de la participation — %(p)s") % {"p": period},
            desc=_(
                "Barres horizontales : invité·es, inscrit·es, présent·es, ont contribué, "
                "portent une action."
            ),
            slug="entonnoir",
        ),  # fmt: skip
    }


@login_required
@require_http_methods(["GET"])
def index(request):
    _require(request, "observatory.view_observatory")
    figures = Figures()
    phases = selectors.phases()
    period, years = _period(request, figures, phases)
    board = figures.dashboard(period, years)
    organisations = selectors.funnel_by_organisation(
        period, request.GET.get("page"), rows=figures.organisations(period)
    )
    context = {
        "board": board,
        "phases": [selectors.phase_period(phase) for phase in phases],
        "charts": _charts(board),
        "organisations": organisations,
        "funnel_steps": selectors.FUNNEL_STEPS,
        "funnel_definitions": selectors.FUNNEL_DEFINITIONS,
        "boxes": page_boxes(request, period),
        "can_manage": request.user.has_perm("observatory.manage_targets"),
        "thin": selectors.THIN,
    }
    return render(request, "observatory/index.html", context)


def _rows(table: str, period):
    """(header, rows) of one table of the page, computed alone."""
    ref = selectors.reference
    if table == "indicateurs":
        return [_("Indicateur"), _("Valeur"), _("Définition")], [
            (h.label, h.value, h.definition) for h in selectors.headlines(period)
        ]
    simple = {
        "epci": (_("EPCI"), lambda: selectors.by_territory(period, ref())),
        "categories": (_("Catégorie d'acteur"), lambda: selectors.by_category(period, ref())),
        "filieres": (_("Filière"), lambda: selectors.by_filiere(period)),
        "objectifs": (_("Objectif"), lambda: selectors.by_objective(period)),
        "annees": (_("Année"), selectors.by_year),
        "entonnoir": (_("Étape"), lambda: selectors.funnel(period)),
    }
    if table in simple:
        label, compute = simple[table]
        return [label, _("Participants uniques")], [(r.label, r.value) for r in compute()]
    if table == "grille":
        grid = selectors.coverage_grid(period, ref())
        header = [_("EPCI"), *[c.name for c in grid.columns]]
        return header, [(label, *[cell["value"] for cell in cells]) for label, cells in grid.rows]
    if table == "mois":
        step = _("Trimestre") if selectors.is_quarterly(period) else _("Mois")
        return [step, _("Participants"), _("Nouveaux"), _("Revenus")], [
            (m.label, m.total, m.new, m.returning) for m in selectors.months(period)
        ]
    if table == "fidelisation":
        return [_("Année N"), _("Venus en N"), _("Revenus en N+1"), _("Taux (%)")], [
            (r.year, r.came, r.came_back, r.rate) for r in selectors.retention()
        ]
    if table == "organisations":
        header = [_("Organisation"), *[str(label) for _key, label in selectors.FUNNEL_STEPS]]
        keys = [key for key, _label in selectors.FUNNEL_STEPS]
        return header, (
            (row["organisation__name"], *[row[key] for key in keys])
            for row in selectors.funnel_by_organisation_all(period).iterator()
        )
    raise Http404(_("Ce tableau n'existe pas."))


@login_required
@require_http_methods(["GET"])
def table_csv(request, table):
    _require(request, "observatory.view_observatory")
    period, _years = _period(request)
    header, rows = _rows(table, period)
    return csv_response(f"observatoire-{table}-{period.key}.csv", header, rows)


@login_required
@require_http_methods(["GET"])
def targets(request):
    _require(request, "observatory.manage_targets")
    groups = (
        Body.objects.filter(kind=Body.Kind.WORKING_GROUP)
        .select_related("coverage_target")
        .prefetch_related("coverage_target__categories")
        .order_by("-is_active", "-year", "name")[:100]
    )
    return render(request, "observatory/targets.html", {"groups": groups})


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, slug):
    _require(request, "observatory.manage_targets")
    body = get_object_or_404(Body, slug=slug, kind=Body.Kind.WORKING_GROUP)
    current = CoverageTarget.objects.filter(body=body).prefetch_related("categories").first()
    initial = (
        {
            "every_territory": current.every_territory,
            "categories": list(current.categories.all()),
            "min_per_cell": current.min_per_cell,
        }
        if current
        else {"every_territory": True}
    )
    form = TargetForm(posted(request), initial=initial)
    if form.is_valid():
        done = call_service(
            request,
            target_set,
            body=body,
            by=request.user,
            every_territory=form.cleaned_data["every_territory"],
            categories=form.cleaned_data["categories"],
            min_per_cell=form.cleaned_data["min_per_cell"],
            success=_("Le mix attendu du groupe « %(name)s » est enregistré.") % {"name": body},
        )
        if done is not None:
            return redirect("observatory:targets")
    return render(request, "observatory/target_edit.html", {"body": body, "form": form})


def _gap_filters(request):
    territory = category = None
    if request.GET.get("epci"):
        territory = Territory.objects.filter(slug=request.GET["epci"]).first()
        if territory is None:
            raise Http404(_("Cet EPCI n'existe pas."))
    if request.GET.get("categorie"):
        category = ActorCategory.objects.filter(slug=request.GET["categorie"]).first()
        if category is None:
            raise Http404(_("Cette catégorie n'existe pas."))
    return territory, category


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, slug):
    meeting = Meeting.objects.select_related("body").filter(slug=slug).first()
    if meeting is None:
        raise Http404(_("Cette réunion n'existe pas."))
    _require(request, "observatory.invite")
    territory, category = _gap_filters(request)
    candidates = list(
        invitation_candidates(meeting=meeting, territory=territory, category=category)[
            :MAX_CANDIDATES
        ]
    )
    form = InviteForm(posted(request), candidates=candidates)
    if form.is_valid():
        sent = call_service(
            request,
            invitations_send,
            meeting=meeting,
            user_ids=form.cleaned_data["people"],
            by=request.user,
            territory=territory,
            category=category,
            success=lambda n: _("%(n)s invitation(s) envoyée(s).") % {"n": n},
        )
        if sent is not None:
            return redirect(meeting.get_absolute_url() + "#couverture")
    coverage = meeting_coverage(meeting, target_for(meeting))
    preview = invitation_message(
        meeting=meeting, user=candidates[0] if candidates else request.user, sender=request.user
    )
    if request.method == "POST" and not form.is_valid():
        messages.error(request, _("Rien n'a été envoyé : corrigez la sélection."))
    context = {
        "meeting": meeting,
        "territory": territory,
        "category": category,
        "candidates": candidates,
        "form": form,
        "coverage": coverage,
        "preview": preview,
        "limit": MAX_CANDIDATES,
        "back_url": meeting.get_absolute_url(),
        "observatory_url": reverse("observatory:index"),
    }
    return render(request, "observatory/invite.html", context)
