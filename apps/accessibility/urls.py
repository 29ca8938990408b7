from django.urls import path

from . import views

urlpatterns = [
    path("accessibilite/", views.statement, name="accessibility"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
]
