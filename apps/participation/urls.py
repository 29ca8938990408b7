from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.home, name="home"),
    path("appels/nouveau/", views.call_create, name="call_create"),
    path("appels/<slug:slug>/", views.call_detail, name="call"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution"),
    path("commentaires/", views.comment_post, name="comment_post"),
    path("commentaires/<int:pk>/", views.comment_detail, name="comment"),
    path("commentaires/<int:pk>/modifier/", views.comment_edit, name="comment_edit"),
    path("commentaires/<int:pk>/signaler/", views.comment_report, name="comment_report"),
    path("commentaires/<int:pk>/masquer/", views.comment_hide, name="comment_hide"),
    path("moderation/", views.moderation, name="moderation"),
    path("priorisations/nouvelle/", views.prioritisation_create, name="prioritisation_create"),
    path("priorisations/<slug:slug>/", views.prioritisation_detail, name="prioritisation"),
    path(
        "priorisations/<slug:slug>/resultats/",
        views.prioritisation_results,
        name="prioritisation_results",
    ),
    path(
        "priorisations/<slug:slug>/resultats.json",
        views.prioritisation_results_json,
        name="prioritisation_results_json",
    ),
    path(
        "priorisations/<slug:slug>/clore/", views.prioritisation_close, name="prioritisation_close"
    ),
    path("copil/", views.proposals, name="proposals"),
    path("copil/<int:pk>/", views.proposal_detail, name="proposal"),
]
