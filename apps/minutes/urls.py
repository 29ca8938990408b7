"""/comptes-rendus/: the reading room, the minutes pages and their workflow actions."""

from django.urls import path

from . import views

app_name = "minutes"

urlpatterns = [
    path("", views.reading_room, name="reading_room"),
    path("nouveau/<slug:slug>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/soumettre/", views.submit, name="submit"),
    path("<int:pk>/commenter/", views.comment, name="comment"),
    path("<int:pk>/renvoyer/", views.back_to_draft, name="return"),
    path("<int:pk>/publier/", views.publish, name="publish"),
    path("<int:pk>/corriger/", views.correct, name="correct"),
]
