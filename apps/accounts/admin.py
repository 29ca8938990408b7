from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import User
from .services import user_erase


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "last_name", "first_name", "organisation", "territory", "is_active"]
    list_filter = ["is_active", "is_staff", "groups", "actor_category", "territory", "newsletter"]
    search_fields = ["email", "first_name", "last_name", "organisation__name"]
    list_select_related = ["organisation", "territory"]
    autocomplete_fields = ["organisation"]
    readonly_fields = [
        "consent_at",
        "consent_policy_version",
        "names_from_profile",
        "last_login",
        "date_joined",
    ]
    actions = ["erase_selected"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "names_from_profile")}),
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

    def has_delete_permission(self, request, obj=None):
        """Never a hard delete: it would cascade through a person's participations and
        memberships and bypass the anonymisation. People leave through the RGPD erasure."""
        return False

    @admin.action(description=_("Effacer les données (RGPD) des personnes sélectionnées"))
    def erase_selected(self, request, queryset):
        """The erasure a person can ask for on their profile, done by the team on request: a
        confirmation page first, then `user_erase` for each person."""
        people = list(
            queryset.exclude(pk=request.user.pk).exclude(email__endswith="@anonyme.invalid")
        )
        if queryset.filter(pk=request.user.pk).exists():
            messages.warning(
                request,
                _("Votre propre compte n'est pas effacé d'ici : utilisez votre profil."),
            )
        if not people:
            messages.info(request, _("Aucun compte actif à effacer."))
            return None
        if request.POST.get("confirm") == "yes":
            for person in people:
                user_erase(user=person)
            messages.success(
                request,
                ngettext(
                    "%(count)d compte effacé : nom, adresse électronique et organisation "
                    "anonymisés, y compris dans les comptes rendus publiés.",
                    "%(count)d comptes effacés : noms, adresses électroniques et organisations "
                    "anonymisés, y compris dans les comptes rendus publiés.",
                    len(people),
                )
                % {"count": len(people)},
            )
            return None
        return TemplateResponse(
            request,
            "admin/accounts/user/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Effacer des comptes (RGPD)"),
                "opts": self.model._meta,
                "people": people,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )
