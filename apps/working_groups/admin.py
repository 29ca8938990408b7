from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import JoinRequest, WorkingGroup


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "theme", "join_policy", "is_active"]
    list_filter = ["join_policy", "body__year", "body__is_active"]
    search_fields = ["body__name", "theme"]
    filter_horizontal = ["objectives", "filieres"]
    list_select_related = ["body"]
    autocomplete_fields = ["body"]

    @admin.display(description=_("année"), ordering="body__year")
    def year(self, group):
        return group.body.year

    @admin.display(description=_("actif"), boolean=True, ordering="body__is_active")
    def is_active(self, group):
        return group.body.is_active


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Read-only: deciding goes through the group's page, which adds the member and emails."""

    list_display = ["user", "group", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status", "group"]
    search_fields = ["user__email", "user__last_name", "group__body__name"]
    list_select_related = ["user", "group__body", "decided_by"]
    readonly_fields = ["group", "user", "message", "status", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False
