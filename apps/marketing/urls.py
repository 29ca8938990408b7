from django.urls import path

from . import views

app_name = "marketing"

urlpatterns = [
    path("offre/", views.offers, name="offers"),
    path("offre-et-attentes/", views.matrix, name="matrix"),
    path("offre-et-attentes/<slug:public>/<slug:column>/", views.matrix_cell, name="cell"),
]
