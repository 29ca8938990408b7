from django.urls import path

from . import views

app_name = "mailings"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<int:pk>/", views.archive_detail, name="archive_detail"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preferences/", views.preferences, name="preferences"),
    path("gestion/", views.manage, name="manage"),
    path("gestion/segments/nouveau/", views.segment_edit, name="segment_create"),
    path("gestion/segments/compte/", views.segment_count, name="segment_count"),
    path("gestion/segments/<int:pk>/", views.segment_edit, name="segment"),
    path("gestion/nouvelle/", views.mailing_edit, name="mailing_create"),
    path("gestion/<int:pk>/", views.mailing_detail, name="mailing"),
    path("gestion/<int:pk>/modifier/", views.mailing_edit, name="mailing_edit"),
    path("gestion/<int:pk>/test/", views.mailing_test, name="mailing_test"),
    path("gestion/<int:pk>/envoyer/", views.mailing_schedule, name="mailing_schedule"),
    path("gestion/<int:pk>/annuler/", views.mailing_cancel, name="mailing_cancel"),
]

# Mounted at /exports/ (namespace "exports"): the project team's CSV and XLSX files.
export_patterns = [
    path("", views.exports_index, name="index"),
    path("<slug:key>.<str:fmt>", views.export_download, name="download"),
]
