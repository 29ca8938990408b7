from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path(
        "calendrier/regenerer/", views.regenerate_calendar_token, name="regenerate_calendar_token"
    ),
]
