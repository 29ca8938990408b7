from django.urls import path

from . import views

app_name = "copil"

urlpatterns = [
    path("", views.index, name="index"),
    path("archives/<int:year>/", views.archive, name="archive"),
    path("seances/nouvelle/", views.session_create, name="session_create"),
    path("seances/<slug:slug>/", views.session, name="session"),
    path("seances/<slug:slug>/modifier/", views.session_edit, name="session_edit"),
    path("seances/<slug:slug>/reponse/", views.session_answer, name="session_answer"),
    path("seances/<slug:slug>/demande/", views.session_request, name="session_request"),
    path("seances/<slug:slug>/convocation/", views.session_convoke, name="session_convoke"),
    path("seances/<slug:slug>/relance/", views.session_remind, name="session_remind"),
    path("seances/<slug:slug>/annulation/", views.session_cancel, name="session_cancel"),
    path("seances/<slug:slug>/presences/", views.session_attendance, name="session_attendance"),
    path("seances/<slug:slug>/documents/ajouter/", views.document_add, name="document_add"),
    path("demandes/<int:pk>/decision/", views.request_decide, name="request_decide"),
]
