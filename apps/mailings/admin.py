from django.contrib import admin

from .models import Delivery, ExportLog, Mailing, Segment, SubscriptionEvent


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    filter_horizontal = ["territories", "categories", "bodies", "attended_meetings", "filieres"]


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["subject", "segment", "status", "scheduled_for", "sent_at", "recipients_count"]
    list_filter = ["status"]
    readonly_fields = ["status", "started_at", "sent_at", "progressed_at", "recipients_count"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["mailing", "email", "created_at"]
    search_fields = ["email"]
    list_select_related = ["mailing"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SubscriptionEvent)
class SubscriptionEventAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "source", "created_at", "detail"]
    list_filter = ["kind", "source"]
    search_fields = ["email"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "export", "file_format"]
    list_filter = ["export", "file_format"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
