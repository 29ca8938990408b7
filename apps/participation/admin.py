from django.contrib import admin

from .models import Ballot, Call, Comment, CommentReport, Prioritisation, Proposal


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "body"]
    list_select_related = ["body"]
    search_fields = ["title"]
    raw_id_fields = ["created_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at", "is_hidden"]
    list_filter = ["is_hidden"]
    list_select_related = ["author"]
    raw_id_fields = ["contribution", "action", "parent", "author", "hidden_by"]


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "user", "reason", "created_at", "resolved_at"]
    list_select_related = ["comment", "user"]
    raw_id_fields = ["comment", "user"]


@admin.register(Prioritisation)
class PrioritisationAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "closed_at", "points"]
    filter_horizontal = ["actions"]
    raw_id_fields = ["meeting", "created_by"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["prioritisation", "user", "total", "updated_at"]
    list_select_related = ["prioritisation", "user"]
    raw_id_fields = ["prioritisation", "user"]

    def has_change_permission(self, request, obj=None):
        return False  # a ballot is changed by its voter only, through the service


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["action", "meeting", "status", "created_at"]
    list_select_related = ["action", "meeting"]
    raw_id_fields = ["action", "meeting", "agenda_item", "decision", "proposed_by"]
