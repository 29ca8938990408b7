from django.contrib import admin

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
