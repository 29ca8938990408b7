"""The read-only open-data API /api/v1/, its documentation, and /donnees-ouvertes/.

Anonymous, JSON, paginated, throttled (DRF, counters in the cache), cache-friendly: every
response carries an ETag (a hash of its content) and answers 304 to a matching If-None-Match.
"""

from datetime import date

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from apps.core import csvsafe
from apps.governance.models import Meeting
from apps.strategy.models import PriorityAction

from . import selectors, serializers

conditional = decorator_from_middleware(ConditionalGetMiddleware)
CACHE_SECONDS = 300


def _date(request, name: str):
    value = request.query_params.get(name, "")
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: _("Date attendue au format AAAA-MM-JJ.")}) from None


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    """Shared by every endpoint: conditional GET (ETag, 304) and a public cache lifetime."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        return conditional(super().as_view(*args, **kwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        return response


DATE_PARAMS = [
    OpenApiParameter("from", str, description="Réunions à partir de cette date (AAAA-MM-JJ)."),
    OpenApiParameter("to", str, description="Réunions jusqu'à cette date incluse (AAAA-MM-JJ)."),
]


@extend_schema_view(
    list=extend_schema(
        summary="Réunions publiques",
        parameters=[
            *DATE_PARAMS,
            OpenApiParameter("body", str, description="Identifiant (slug) de l'instance."),
            OpenApiParameter("kind", str, enum=Meeting.Kind.values, description="Type de réunion."),
            OpenApiParameter(
                "status", str, enum=["scheduled", "held", "cancelled"], description="Statut."
            ),
        ],
    ),
    retrieve=extend_schema(summary="Une réunion publique"),
)
class MeetingViewSet(ReadOnly):
    serializer_class = serializers.MeetingSerializer
    lookup_field = "slug"

    def get_queryset(self):
        meetings = selectors.public_meetings()
        params = self.request.query_params
        if self.action == "list":
            if start := _date(self.request, "from"):
                meetings = meetings.filter(start__date__gte=start)
            if end := _date(self.request, "to"):
                meetings = meetings.filter(start__date__lte=end)
            if body := params.get("body"):
                meetings = meetings.filter(body__slug=body)
            if kind := params.get("kind"):
                meetings = meetings.filter(kind=kind)
            if status := params.get("status"):
                meetings = meetings.filter(status=status)
        return meetings


@extend_schema_view(
    list=extend_schema(summary="Instances (COPIL, comité technique, groupes de travail)"),
    retrieve=extend_schema(summary="Une instance"),
)
class BodyViewSet(ReadOnly):
    serializer_class = serializers.BodySerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.public_bodies()


@extend_schema_view(
    list=extend_schema(
        summary="Comptes rendus publiés et publics (dernière version)",
        parameters=[
            *DATE_PARAMS,
            OpenApiParameter("body", str, description="Identifiant (slug) de l'instance."),
        ],
    ),
    retrieve=extend_schema(summary="Un compte rendu publié"),
)
class MinutesViewSet(ReadOnly):
    serializer_class = serializers.MinutesSerializer
    lookup_field = "minutes_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        versions = selectors.public_minutes()
        if self.action == "list":
            if start := _date(self.request, "from"):
                versions = versions.filter(minutes__meeting__start__date__gte=start)
            if end := _date(self.request, "to"):
                versions = versions.filter(minutes__meeting__start__date__lte=end)
            if body := self.request.query_params.get("body"):
                versions = versions.filter(minutes__meeting__body__slug=body)
        return versions


@extend_schema_view(
    list=extend_schema(summary="Objectifs de la stratégie"),
    retrieve=extend_schema(summary="Un objectif"),
)
class ObjectiveViewSet(ReadOnly):
    serializer_class = serializers.ObjectiveSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.objectives()


@extend_schema_view(
    list=extend_schema(
        summary="Défis",
        parameters=[OpenApiParameter("objective", str, description="Slug de l'objectif.")],
    ),
    retrieve=extend_schema(summary="Un défi"),
)
class ChallengeViewSet(ReadOnly):
    serializer_class = serializers.ChallengeSerializer
    lookup_field = "slug"

    def get_queryset(self):
        challenges = selectors.challenges()
        if objective := self.request.query_params.get("objective"):
            challenges = challenges.filter(objective__slug=objective)
        return challenges


@extend_schema_view(
    list=extend_schema(
        summary="Actions prioritaires, leur statut et leur origine (en nombres)",
        parameters=[
            OpenApiParameter("objective", str, description="Slug de l'objectif."),
            OpenApiParameter(
                "status", str, enum=PriorityAction.Status.values, description="Statut."
            ),
            OpenApiParameter("filiere", str, description="Slug de la filière."),
        ],
    ),
    retrieve=extend_schema(summary="Une action prioritaire"),
)
class ActionViewSet(ReadOnly):
    serializer_class = serializers.ActionSerializer
    lookup_field = "slug"

    def get_queryset(self):
        actions = selectors.actions()
        params = self.request.query_params
        if objective := params.get("objective"):
            actions = actions.filter(objective__slug=objective)
        if status := params.get("status"):
            actions = actions.filter(status=status)
        if filiere := params.get("filiere"):
            actions = actions.filter(filiere__slug=filiere)
        return actions


class ParticipationViewSet(viewsets.ViewSet):
    """Aggregated figures: no person, only counts per year and kind of meeting."""

    serializer_class = serializers.ParticipationFigureSerializer

    @classmethod
    def as_view(cls, *args, **kwargs):
        return conditional(super().as_view(*args, **kwargs))

    @extend_schema(
        summary="Participation : chiffres agrégés par année et type de réunion",
        parameters=[
            OpenApiParameter("year", int, description="Une année."),
            OpenApiParameter("body", str, description="Slug de l'instance."),
        ],
        responses=serializers.ParticipationFigureSerializer(many=True),
    )
    def list(self, request):
        year = request.query_params.get("year", "")
        if year and not (year.isdigit() and 1900 <= int(year) <= 2200):
            raise ValidationError({"year": _("Année attendue, par exemple 2026.")})
        figures = selectors.cached_participation_figures(
            year=int(year) if year else None, body=request.query_params.get("body") or None
        )
        data = serializers.ParticipationFigureSerializer(figures, many=True).data
        response = Response({"count": len(data), "results": data})
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        return response


# -------------------------------------------------------------------------- documentation
_schema_cache: dict = {}


def api_schema() -> dict:
    """The OpenAPI document (generated once per process: it only changes with the code)."""
    if "schema" not in _schema_cache:
        _schema_cache["schema"] = SchemaGenerator(patterns=None).get_schema(
            request=None, public=True
        )
    return _schema_cache["schema"]


def _model_name(component: str) -> str:
    """A paginated list's items: "PaginatedMeetingList" → "Meeting"."""
    if component.startswith("Paginated") and component.endswith("List"):
        return component[len("Paginated") : -len("List")]
    return component


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            response = operation.get("responses", {}).get("200", {})
            ref = response.get("content", {}).get("application/json", {}).get("schema", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": operation.get("parameters", []),
                    "example": path if "{" not in path else "",
                    "schema_name": _model_name((ref.get("$ref") or "").rsplit("/", 1)[-1]),
                }
            )
    return operations


@require_safe
def docs(request):
    """The API's documentation, rendered on the server from its OpenAPI schema (no script,
    nothing from a CDN: the site's CSP allows neither)."""
    schema = api_schema()
    components = schema.get("components", {}).get("schemas", {})
    models = [
        {
            "name": name,
            "fields": [
                {
                    "name": field,
                    "type": spec.get("type")
                    or ("enum" if "enum" in spec or "$ref" in spec else ""),
                    "nullable": spec.get("nullable", False),
                    "description": spec.get("description", ""),
                }
                for field, spec in component.get("properties", {}).items()
            ],
        }
        for name, component in sorted(components.items())
        if component.get("properties") and not name.startswith("Paginated")
    ]
    return render(
        request,
        "api/docs.html",
        {"schema": schema, "operations": _operations(schema), "models": models},
    )


# -------------------------------------------------------------------------- données ouvertes
def _csv_response(header, rows, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csvsafe.csv_stream(header, rows), content_type=csvsafe.CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


OPEN_FILES = {
    "reunions": _("Réunions publiques"),
    "actions": _("Actions prioritaires"),
    "participation": _("Participation (chiffres agrégés)"),
}


@require_safe
def open_data(request):
    return render(request, "api/open_data.html", {"site_url": settings.SITE_URL})


@require_safe
def open_data_csv(request, name):
    kinds = dict(Meeting.Kind.choices)
    statuses = dict(Meeting.Status.choices)
    if name == "reunions":
        header = ["identifiant", "type", "titre", "début", "fin", "statut", "lieu", "instance"]
        meetings = selectors.public_meetings().values_list(
            "slug", "kind", "title", "start", "end", "status", "place", "body__name"
        )
        rows = (
            [slug, str(kinds.get(kind, kind)), title, _local(start), _local(end),
             str(statuses.get(status, status)), place, body or ""]
            for slug, kind, title, start, end, status, place, body in meetings.iterator(2000)
        )  # fmt: skip
    elif name == "actions":
        action_statuses = dict(PriorityAction.Status.choices)
        header = [
            "identifiant", "intitulé", "objectif", "défi", "filière", "statut", "avancement",
            "échéance", "contributions d'origine", "réunions d'origine",
        ]  # fmt: skip
        rows = (
            [a.slug, a.title, a.objective.title, a.challenge.title if a.challenge else "",
             a.filiere.name if a.filiere else "", str(action_statuses.get(a.status, a.status)),
             a.progress, a.due_date.isoformat() if a.due_date else "", a.contributions_count,
             a.origin_meetings_count]
            for a in selectors.actions().iterator(2000)
        )  # fmt: skip
    elif name == "participation":
        header = [
            "année",
            "type de réunion",
            "réunions",
            "inscriptions",
            "présences",
            "participants différents",
        ]
        rows = (
            [f["year"], str(kinds.get(f["kind"], f["kind"])), f["meetings"], f["registrations"],
             f["attendances"], f["unique_participants"]]
            for f in selectors.cached_participation_figures()
        )  # fmt: skip
    else:
        raise Http404(_("Ce fichier n'existe pas."))
    return _csv_response(header, rows, f"cornouaille-{name}.csv")
