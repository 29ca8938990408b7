from django.contrib import admin

from .models import Filiere, Objective


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["position", "title", "slug"]
    list_display_links = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Filiere)
class FiliereAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "slug"]
    list_display_links = ["name"]
    prepopulated_fields = {"slug": ["name"]}
