from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Body,
    Meeting,
    MeetingDocument,
    MeetingSlug,
    Membership,
    Participation,
    PastAnswer,
)
from .services.meetings import meeting_cancel
from .services.registration import guests_erase


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
    actions = ["cancel_selected"]

    # A meeting someone was convoked or registered to is history: it is cancelled (everyone
    # told, the ICS withdrawn), never deleted — Participation.meeting is PROTECT anyway.
    def delete_view(self, request, object_id, extra_context=None):
        meeting = self.get_object(request, object_id)
        if meeting is not None and meeting.participations.exists():
            return TemplateResponse(
                request,
                "admin/governance/meeting/delete_refused.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Suppression impossible"),
                    "opts": self.model._meta,
                    "meeting": meeting,
                    "participants": meeting.participations.count(),
                    "can_cancel": not meeting.is_cancelled and not meeting.is_past,
                },
                status=409,
            )
        return super().delete_view(request, object_id, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/annuler/",
                self.admin_site.admin_view(self.cancel_view),
                name="governance_meeting_cancel",
            ),
            *super().get_urls(),
        ]

    def _cancel(self, request, meeting) -> bool:
        try:
            meeting_cancel(meeting=meeting, by=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            messages.error(request, f"{meeting} : {' '.join(error.messages)}")
            return False
        return True

    def cancel_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        meeting = get_object_or_404(Meeting, pk=pk)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        if self._cancel(request, meeting):
            messages.success(
                request,
                _(
                    "« %(meeting)s » est annulée ; les personnes convoquées ou inscrites sont "
                    "prévenues."
                )
                % {"meeting": meeting},
            )
        return redirect(reverse("admin:governance_meeting_change", args=[meeting.pk]))

    @admin.action(
        description=_("Annuler les réunions sélectionnées (prévient les participants)"),
        permissions=["change"],
    )
    def cancel_selected(self, request, queryset):
        cancelled = sum(1 for meeting in queryset if self._cancel(request, meeting))
        if cancelled:
            messages.success(request, _("%(count)d réunion(s) annulée(s).") % {"count": cancelled})


class PastAnswerInline(admin.TabularInline):
    model = PastAnswer
    extra = 0
    can_delete = False
    readonly_fields = ["status", "proxy_name", "comment", "answered_at", "for_start", "reset_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "guest_organisation", "status", "answered_at", "attended"]
    list_filter = ["status", "attended", "walk_in", "guest_may_contact", "meeting__kind"]
    search_fields = [
        "user__email",
        "user__last_name",
        "guest_name",
        "guest_organisation",
        "meeting__title",
    ]
    autocomplete_fields = ["user", "proxy"]
    list_select_related = ["user", "meeting"]
    inlines = [PastAnswerInline]
    actions = ["erase_guests"]

    @admin.action(description=_("Effacer les données des personnes sans compte (RGPD)"))
    def erase_guests(self, request, queryset):
        count = guests_erase(participations=queryset)
        messages.success(
            request, _("%(count)d personne(s) sans compte effacée(s).") % {"count": count}
        )


@admin.register(MeetingSlug)
class MeetingSlugAdmin(admin.ModelAdmin):
    list_display = ["slug", "meeting", "created_at"]
    search_fields = ["slug", "meeting__title"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting"]
