from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Objective
from .selectors import strategy_overview


@require_GET
def overview(request):
    return render(request, "strategy/overview.html", strategy_overview())


@require_GET
def objective_detail(request, slug):
    objective = get_object_or_404(Objective, slug=slug)
    return render(request, "strategy/objective_detail.html", {"objective": objective})
