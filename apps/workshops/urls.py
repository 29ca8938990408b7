from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.programme, name="programme"),
    path("nouveau/", views.create, name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/publier/", views.publish, name="publish"),
    path("<slug:slug>/annuler/", views.cancel, name="cancel"),
    path("<slug:slug>/emargement/", views.checkin, name="checkin"),
    path("<slug:slug>/emargement/sur-place/", views.checkin_walk_in_view, name="checkin_walk_in"),
    path("<slug:slug>/emargement/sans-compte/", views.checkin_guest_view, name="checkin_guest"),
    path("<slug:slug>/ouvrir/", views.open_early, name="open_early"),
    path("<slug:slug>/emargement/<int:pk>/", views.checkin_toggle, name="checkin_toggle"),
]
