from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("organisations/suggestions/", views.organisation_search, name="organisation_search"),
]
