from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("reunions/<slug:slug>/", views.meeting_detail, name="meeting"),
    path("reunions/reponse/<str:token>/", views.answer, name="answer"),
    path("reunions/<slug:slug>/agenda.ics", views.meeting_ics, name="meeting_ics"),
    path("reunions/<slug:slug>/inscription/", views.register, name="register"),
    path("reunions/<slug:slug>/desinscription/", views.unregister, name="unregister"),
    path("documents/<int:pk>/", views.document, name="document"),
]
