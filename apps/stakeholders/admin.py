from django.contrib import admin
from django.db import models

from .models import ActorCategory, Organisation, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ActorCategory)
class ActorCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "territory", "listed_in_directory", "created_at"]
    list_filter = ["listed_in_directory", "category", "territory"]
    list_editable = ["listed_in_directory"]
    search_fields = ["name"]
    list_select_related = ["category", "territory"]
    # A website typed without a scheme is taken as https (Django 6's default, adopted now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
