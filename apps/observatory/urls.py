from django.urls import path

from . import views

app_name = "observatory"

urlpatterns = [
    path("", views.index, name="index"),
    path("csv/<slug:table>.csv", views.table_csv, name="csv"),
    path("mix-attendus/", views.targets, name="targets"),
    path("mix-attendus/<slug:slug>/", views.target_edit, name="target_edit"),
    path("inviter/<slug:slug>/", views.invite, name="invite"),
]
