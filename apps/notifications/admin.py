from django.contrib import admin

from .models import Follow, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "subject", "count", "updated_at", "read_at", "email")
    list_filter = ("kind", "email")
    search_fields = ("subject", "recipient__email")
    raw_id_fields = ("recipient",)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "content_type", "object_id", "automatic", "created_at")
    list_filter = ("content_type", "automatic")
    raw_id_fields = ("user",)


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "frequency", "updated_at")
    list_filter = ("frequency",)
    raw_id_fields = ("user",)
