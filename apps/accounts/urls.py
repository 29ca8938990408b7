from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path(
        "calendrier/regenerer/",
        views.regenerate_calendar_token,
        name="regenerate_calendar_token",
    ),
    path("export/", views.export_data, name="export"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("supprimer/", views.erase_account, name="erase"),
]
