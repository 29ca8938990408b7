from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The project team sees every promised side effect: pending, failed with its error, sent;
    and re-sends what failed."""

    list_display = ["created_at", "handler", "key", "status", "attempts", "done_at", "short_error"]
    list_filter = ["status", "handler"]
    search_fields = ["key", "last_error"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    list_per_page = 50

    @admin.display(description=_("erreur"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Renvoyer (échecs et envois bloqués)"))
    def resend(self, request, queryset):
        count = outbox.resend(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d envoi remis en file : il part dans la minute.",
                "%(count)d envois remis en file : ils partent dans la minute.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
