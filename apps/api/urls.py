"""/api/v1/ (the read-only open-data API, its schema and documentation) and /donnees-ouvertes/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("reunions", views.MeetingViewSet, basename="meeting")
router.register("instances", views.BodyViewSet, basename="body")
router.register("comptes-rendus", views.MinutesViewSet, basename="minutes")
router.register("objectifs", views.ObjectiveViewSet, basename="objective")
router.register("defis", views.ChallengeViewSet, basename="challenge")
router.register("actions", views.ActionViewSet, basename="action")
router.register("participation", views.ParticipationViewSet, basename="participation")

urlpatterns = [
    path("api/v1/schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("api/v1/docs/", views.docs, name="docs"),
    path("api/v1/", include(router.urls)),
    path("donnees-ouvertes/", views.open_data, name="open_data"),
    path("donnees-ouvertes/<slug:name>.csv", views.open_data_csv, name="open_data_csv"),
]
