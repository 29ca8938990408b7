from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Body, Meeting, MeetingDocument, Membership, Participation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "year", "mandate", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "role", "title", "publicly_listed", "since", "until"]
    list_filter = ["body", "role", "publicly_listed"]
    search_fields = ["user__email", "user__last_name", "title"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "body"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class MeetingDocumentInline(admin.TabularInline):
    model = MeetingDocument
    extra = 0
    readonly_fields = ["content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "body", "start", "status", "visibility"]
    list_filter = ["kind", "status", "visibility", "body"]
    search_fields = ["title", "description"]
    date_hierarchy = "start"
    readonly_fields = ["ics_uid", "ics_sequence", "convoked_at", "reminder_sent_at"]
    list_select_related = ["body"]
    inlines = [AgendaItemInline, MeetingDocumentInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["user", "meeting", "status", "answered_at", "attended"]
    list_filter = ["status", "attended", "meeting__kind"]
    search_fields = ["user__email", "user__last_name", "meeting__title"]
    autocomplete_fields = ["user", "proxy"]
    list_select_related = ["user", "meeting"]
