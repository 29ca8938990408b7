"""The « bilan de participation »: the observatory's figures for one period, rendered by the
worker like the other reports (once per state of the data), and its box on /observatoire/."""

import hashlib

from django.conf import settings
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from apps.governance.models import Participation
from apps.observatory import selectors
from apps.observatory.models import Invitation
from apps.strategy.models import Contribution


def participation_fingerprint(period) -> str:
    """Changes whenever the figures may: participations, contributions, invitations."""
    parts = [
        Participation.objects.aggregate(n=Count("pk"), last=Max("updated_at")),
        Contribution.objects.aggregate(n=Count("pk"), last=Max("created_at")),
        Invitation.objects.aggregate(n=Count("pk"), last=Max("created_at")),
    ]
    # The bounds too: a phase whose dates were changed is another period under the same key.
    bounds = (period.key, period.start, period.end)
    return hashlib.sha256(repr((bounds, parts)).encode()).hexdigest()[:16]


def _period_of(document):
    years = selectors.available_years()
    return selectors.period_from(document.period, years), years


def participation_context(*, document) -> dict:
    from apps.observatory.charts import columns, hbars

    period, years = _period_of(document)
    board = selectors.dashboard(period, years)
    charts = {
        "territories": hbars(
            [(r.label, r.value) for r in board.territories],
            title=_("Participants uniques par EPCI"),
            desc=_("Barres horizontales par EPCI"),
            slug="pdf-epci",
        ),
        "categories": hbars(
            [(r.label, r.value) for r in board.categories],
            title=_("Participants uniques par catégorie"),
            desc=_("Barres horizontales par catégorie d'acteur"),
            slug="pdf-cat",
        ),
        "months": columns(
            [m.label for m in board.months],
            [
                (_("Nouveaux"), "#1f5f8b", [m.new for m in board.months]),
                (_("Revenus"), "#b35900", [m.returning for m in board.months]),
            ],
            title=_("Participants par trimestre")
            if board.quarterly
            else _("Participants par mois"),
            desc=_("Colonnes empilées : nouveaux et revenus"),
            slug="pdf-mois",
        ),
        "funnel": hbars(
            [(r.label, r.value) for r in board.funnel],
            title=_("Entonnoir de la participation"),
            desc=_("Invités, inscrits, présents, contributeurs, porteurs d'action"),
            slug="pdf-entonnoir",
        ),
    }
    # The grid turned a quarter (categories down, EPCI across): it fits the width of A4.
    grid_territories = [label for label, _cells in board.grid.rows]
    grid_categories = [
        (category.name, [cells[index] for _label, cells in board.grid.rows])
        for index, category in enumerate(board.grid.columns)
    ]
    return {
        "grid_territories": grid_territories,
        "grid_categories": grid_categories,
        "board": board,
        "charts": charts,
        "funnel_definitions": selectors.FUNNEL_DEFINITIONS,
        "organisations": list(selectors.funnel_by_organisation(period, 1)),
        "document": document,
        "SITE_NAME": settings.SITE_NAME,
    }


def participation_box(request, period) -> str | None:
    """The « Bilan de participation (PDF) » box of the observatory page."""
    from .models import Document

    if not request.user.has_perm("reports.request_participation"):
        return None
    document = (
        Document.objects.filter(kind=Document.Kind.PARTICIPATION, period=period.key)
        .order_by("-created_at")
        .first()
    )
    stale = document is not None and not document.version_key.endswith(
        participation_fingerprint(period)
    )
    return render_to_string(
        "reports/_participation_box.html",
        {"period": period, "document": document, "stale": stale},
        request=request,
    )
