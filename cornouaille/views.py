"""Project-wide pages: home, privacy policy, health check and the error pages."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core import search as site_search
from apps.governance.selectors import upcoming_meetings_for_home
from apps.strategy.selectors import objectives_for_home

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    return render(
        request,
        "home.html",
        {
            "objectives": objectives_for_home(),
            "upcoming_events": upcoming_meetings_for_home(user=request.user),
        },
    )


@require_GET
def search(request):
    """Site-wide search: every app's provider (apps/core/search.py), within what the person
    searching may see; a bounded number of results per kind."""
    query = site_search.clean_query(request.GET.get("q"))
    too_short = bool(query) and len(query) < site_search.MIN_LENGTH
    groups = site_search.search(query, request.user) if query and not too_short else []
    return render(
        request,
        "search.html",
        {
            "search_query": query,
            "too_short": too_short,
            "groups": groups,
            "count": sum(len(results) for _kind, results in groups),
            "per_kind": site_search.DEFAULT_LIMIT,
            "min_length": site_search.MIN_LENGTH,
        },
    )


@require_GET
def privacy(request):
    return render(request, "privacy.html", {"policy_version": settings.PRIVACY_POLICY_VERSION})


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    from cornouaille.celery import app

    if app.conf.task_always_eager or not settings.CELERY_BROKER_URL:
        return "not configured"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """200 when the database (and the broker, when configured) answer; 503 otherwise."""
    status = {}
    healthy = True
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        try:
            status[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure makes the service unhealthy
            logger.warning("healthz: %s unavailable: %s", name, exc)
            status[name] = "error"
            healthy = False
    if status.get("database") == "ok":
        status["outbox"] = _outbox_backlog()
    status["status"] = "ok" if healthy else "error"
    return JsonResponse(status, status=200 if healthy else 503)


def _outbox_backlog() -> dict:
    """For monitoring, not health: side effects waiting too long, and those given up on."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.core.models import OutboxMessage

    S = OutboxMessage.Status
    late = timezone.now() - timedelta(minutes=10)
    return {
        "late": OutboxMessage.objects.filter(status=S.PENDING, created_at__lt=late).count(),
        "failed": OutboxMessage.objects.filter(status=S.FAILED).count(),
    }


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
