from django.urls import path

from . import views

app_name = "working_groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("annees/<int:year>/", views.groups_year, name="year"),
    path("nouveau/", views.group_create_view, name="create"),
    path("demandes/<int:pk>/decision/", views.request_decide, name="request_decide"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/modifier/", views.group_edit, name="edit"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
]
