from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Challenge,
    Contribution,
    Filiere,
    Objective,
    Phase,
    PriorityAction,
    Support,
    TargetPublic,
)
from .services import contribution_unhide


class ChallengeInline(admin.TabularInline):
    model = Challenge
    extra = 0
    fields = ["position", "title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["position", "title", "slug"]
    list_display_links = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ChallengeInline]


@admin.register(Filiere)
class FiliereAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "slug"]
    list_display_links = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetPublic)
class TargetPublicAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "scope", "slug"]
    list_display_links = ["name"]
    list_filter = ["scope"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "objective", "position"]
    list_filter = ["objective"]
    list_select_related = ["objective"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}


class SupportInline(admin.TabularInline):
    model = Support
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]
    can_delete = True


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    """Moderation happens on the workshop page (hide with a reason); the admin is for reading
    and fixing themes. Who said what, when and where is not edited after the fact."""

    list_display = ["short_text", "type", "meeting", "author", "created_at", "is_hidden"]
    list_filter = ["is_hidden", "type", "objectives", "filieres", "target_publics"]
    list_select_related = ["meeting", "author"]
    search_fields = ["text", "meeting__title", "author__last_name", "author__email"]
    date_hierarchy = "created_at"
    filter_horizontal = ["objectives", "filieres", "challenges", "target_publics"]
    # Hiding goes through the service (a reason, who, when): on the workshop page.
    readonly_fields = [
        "meeting",
        "author",
        "captured_by",
        "created_at",
        "is_hidden",
        "hidden_reason",
        "hidden_by",
        "hidden_at",
    ]
    fields = [
        "meeting",
        "author",
        "captured_by",
        "created_at",
        "type",
        "text",
        "objectives",
        "filieres",
        "challenges",
        "target_publics",
        "is_hidden",
        "hidden_reason",
        "hidden_by",
        "hidden_at",
    ]
    inlines = [SupportInline]
    history_list_display = ["is_hidden", "hidden_reason"]
    actions = ["unhide"]

    @admin.action(description=_("Rendre visibles les contributions sélectionnées"))
    def unhide(self, request, queryset):
        for contribution in queryset.filter(is_hidden=True):
            contribution_unhide(contribution=contribution, by=request.user)

    @admin.display(description=_("contribution"))
    def short_text(self, obj):
        return obj.text[:80]

    def has_add_permission(self, request):
        return False  # contributions are said in a workshop, captured on its page


@admin.register(PriorityAction)
class PriorityActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "objective", "status", "progress", "lead_organisation", "due_date"]
    list_filter = ["status", "objective", "filiere"]
    list_select_related = ["objective", "lead_organisation"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["contributions", "target_publics"]
    raw_id_fields = ["lead_organisation"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ["contribution", "user", "created_at"]
    list_select_related = ["contribution", "user"]
    search_fields = ["user__email", "user__last_name", "contribution__text"]
    raw_id_fields = ["contribution", "user"]
    readonly_fields = ["created_at"]
