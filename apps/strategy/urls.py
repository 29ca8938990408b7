from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("objectifs/<slug:slug>/", views.objective_detail, name="objective"),
    path("ateliers/<slug:slug>/contributions/", views.contribution_add, name="contribution_add"),
    path(
        "contributions/<int:pk>/soutien/",
        views.contribution_support,
        name="contribution_support",
    ),
    path("contributions/<int:pk>/masquer/", views.contribution_hide, name="contribution_hide"),
    path(
        "contributions/<int:pk>/afficher/",
        views.contribution_unhide,
        name="contribution_unhide",
    ),
    path("actions/", views.actions, name="actions"),
    # Fixed paths before <slug>: they are not action slugs.
    path("actions/nouvelle/", views.action_create, name="action_create"),
    path("actions/rattacher/", views.action_link, name="action_link"),
    path("actions/<slug:slug>/", views.action_detail, name="action"),
    path("actions/<slug:slug>/modifier/", views.action_edit, name="action_edit"),
]
