from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "last_name", "first_name", "organisation", "territory", "is_active"]
    list_filter = ["is_active", "is_staff", "groups", "actor_category", "territory", "newsletter"]
    search_fields = ["email", "first_name", "last_name", "organisation__name"]
    list_select_related = ["organisation", "territory"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["consent_at", "consent_policy_version", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (
            _("Profil"),
            {"fields": ("organisation", "actor_category", "territory", "newsletter")},
        ),
        (_("Consentement RGPD"), {"fields": ("consent_at", "consent_policy_version")}),
        (
            _("Rôles et droits"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "password1", "password2"),
            },
        ),
    )
