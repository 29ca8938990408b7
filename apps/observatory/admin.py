from django.contrib import admin

from .models import CoverageAlert, CoverageTarget, Invitation


@admin.register(CoverageTarget)
class CoverageTargetAdmin(admin.ModelAdmin):
    list_display = ["body", "every_territory", "min_per_cell", "updated_at"]
    filter_horizontal = ["categories"]
    raw_id_fields = ["body", "updated_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "territory", "category", "created_at"]
    list_filter = ["territory", "category"]
    raw_id_fields = ["meeting", "user", "invited_by"]
    date_hierarchy = "created_at"


@admin.register(CoverageAlert)
class CoverageAlertAdmin(admin.ModelAdmin):
    list_display = ["meeting", "threshold", "created_at"]
    raw_id_fields = ["meeting"]
    readonly_fields = ["gaps"]
