import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import EraseAccountForm, ProfileForm
from .services import (
    user_erase,
    user_export_data,
    user_regenerate_calendar_token,
    user_update_profile,
)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """One's own profile (/profil/): the sign-up fields, account links, personal data; the apps
    above add their sections (registrations, calendar feed) through template hooks."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        if form.is_valid():
            user_update_profile(user=user, data=form.cleaned_data)
            messages.success(request, _("Votre profil a été mis à jour."))
            return redirect("accounts:profile")
        messages.error(
            request, _("Le profil n'a pas été enregistré : corrigez les champs signalés.")
        )
    else:
        form = ProfileForm(instance=user)
    return render(
        request,
        "accounts/profile.html",
        {"form": form},
    )


@login_required
@require_POST
def regenerate_calendar_token(request):
    """A new personal calendar address, when the old one leaked or is no longer wanted."""
    user_regenerate_calendar_token(user=request.user)
    messages.success(request, _("Un nouveau lien a été créé ; l'ancien ne fonctionne plus."))
    return redirect(reverse("accounts:profile") + "#mon-calendrier")


@login_required
@require_GET
def export_data(request):
    """RGPD right of access: one's data as a JSON file."""
    payload = json.dumps(user_export_data(user=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"mes-donnees-cornouaille-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request):
    """RGPD right to erasure, confirmed with the password."""
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_erase(user=request.user)
        logout(request)
        messages.success(
            request, _("Votre compte a été supprimé et vos données personnelles effacées.")
        )
        return redirect("home")
    return render(request, "accounts/erase.html", {"form": form})
