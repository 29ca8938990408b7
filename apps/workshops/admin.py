from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Workshop


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    """Themes and facilitators; the date, place and registrations are the meeting's."""

    list_display = ["__str__", "meeting_start", "meeting_status"]
    list_filter = ["meeting__status", "objectives", "filieres"]
    search_fields = ["meeting__title"]
    autocomplete_fields = ["meeting", "facilitators"]
    filter_horizontal = ["objectives", "filieres", "challenges"]
    list_select_related = ["meeting"]
    ordering = ["-meeting__start"]

    @admin.display(description=_("début"), ordering="meeting__start")
    def meeting_start(self, obj):
        return obj.meeting.start

    @admin.display(description=_("statut"), ordering="meeting__status")
    def meeting_status(self, obj):
        return obj.meeting.get_status_display()
