from django.contrib import admin
from django.db import models

from .models import GapAction, ServiceOffer


@admin.register(ServiceOffer)
class ServiceOfferAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "is_published"]
    list_filter = ["kind", "is_published", "filieres", "target_publics", "territories"]
    list_select_related = ["organisation"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["territories", "filieres", "target_publics"]
    raw_id_fields = ["organisation"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(GapAction)
class GapActionAdmin(admin.ModelAdmin):
    list_display = ["action", "target_public", "filiere", "created_by", "created_at"]
    list_select_related = ["action", "target_public", "filiere", "created_by"]
    readonly_fields = ["action", "target_public", "filiere", "evidence", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False
