"""« Ce que sont devenues mes idées », in the personal space (/mon-espace/contributions/)."""

from django.urls import path

from . import views

app_name = "my_ideas"

urlpatterns = [path("", views.my_ideas, name="list")]
