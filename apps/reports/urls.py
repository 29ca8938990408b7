from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/telecharger/", views.download, name="download"),
    path("<int:pk>/statut/", views.status, name="status"),
    path("<int:pk>/relancer/", views.retry, name="retry"),
    path("restitution/<slug:slug>/", views.restitution_request, name="restitution_request"),
    path("enquete/<slug:slug>/", views.survey_results_request, name="survey_results_request"),
    path("bilan-participation/", views.participation_request, name="participation_request"),
]
