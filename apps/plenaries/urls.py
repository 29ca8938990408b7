from django.urls import path

from . import views

app_name = "plenaries"

urlpatterns = [
    path("", views.plenary_list_view, name="list"),
    path("nouvelle/", views.plenary_create, name="create"),
    path("<slug:slug>/", views.plenary_detail, name="detail"),
    path("<slug:slug>/modifier/", views.plenary_edit, name="edit"),
    path("<slug:slug>/publication/", views.plenary_publish, name="publish"),
    path("<slug:slug>/annulation/", views.plenary_cancel, name="cancel"),
]
