from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    # Fixed paths before <slug>: « gestion » and « reponses » are not survey slugs.
    path("gestion/", views.team_surveys, name="team"),
    path("reponses/<int:pk>/masquer/", views.answer_hide, name="answer_hide"),
    path("reponses/<int:pk>/afficher/", views.answer_unhide, name="answer_unhide"),
    path(
        "reponses/<int:pk>/contribution/",
        views.answer_to_contribution,
        name="answer_to_contribution",
    ),
    path("<slug:slug>/", views.survey_answer, name="answer"),
    path("<slug:slug>/merci/", views.survey_thanks, name="thanks"),
    path("<slug:slug>/resultats/", views.survey_results, name="results"),
    path("<slug:slug>/resultats/export.csv", views.survey_export_csv, name="export_csv"),
    path("<slug:slug>/resultats/export.xlsx", views.survey_export_xlsx, name="export_xlsx"),
    path("<slug:slug>/reponses-libres/", views.free_texts, name="free_texts"),
    path("<slug:slug>/publier/", views.survey_publish, name="publish"),
    path("<slug:slug>/depublier/", views.survey_unpublish, name="unpublish"),
]
