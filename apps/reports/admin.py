"""Rendered PDFs in the admin: read-only (a document is the output of a render, never edited),
with their status and error, and the action that re-renders failed ones."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Document
from .services import document_retry


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "status",
        "page_count",
        "render_seconds",
        "size",
        "attempts",
        "created_at",
        "rendered_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["title", "version_key"]
    date_hierarchy = "created_at"
    actions = ["retry_render"]
    fields = [
        "title",
        "kind",
        "version_key",
        "minutes_version",
        "meeting",
        "status",
        "error",
        "attempts",
        "download",
        "page_count",
        "size",
        "render_seconds",
        "requested_by",
        "created_at",
        "rendered_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("fichier"))
    def download(self, document: Document):
        if not document.is_ready or not document.file:
            return "—"
        return format_html('<a href="{}">{}</a>', document.get_absolute_url(), _("Télécharger"))

    def has_add_permission(self, request):
        return False  # documents are requested from the minutes and plenary pages

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reports.retry_document") or super().has_view_permission(
            request, obj
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_retry_permission(self, request):
        return request.user.has_perm("reports.retry_document")

    @admin.action(description=_("Relancer le rendu"), permissions=["retry"])
    def retry_render(self, request, queryset):
        retried = skipped = 0
        for document in queryset.order_by("pk"):
            try:
                document_retry(document=document, by=request.user)
            except ValidationError:
                skipped += 1
            else:
                retried += 1
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(n)d document remis en file de rendu.",
                    "%(n)d documents remis en file de rendu.",
                    retried,
                )
                % {"n": retried},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d document ignoré : seul un document en échec peut être relancé.",
                    "%(n)d documents ignorés : seul un document en échec peut être relancé.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )
