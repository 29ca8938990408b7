from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("abonnements/", views.follows, name="follows"),
    path("suivre/", views.follow_toggle, name="follow"),
    path("<int:pk>/ouvrir/", views.open_notification, name="open"),
    path("<int:pk>/lue/", views.mark_read, name="mark_read"),
]
