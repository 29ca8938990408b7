from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import ProfileForm
from .services import user_regenerate_calendar_token, user_update_profile


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """One's own profile (/profil/): the sign-up fields, account links, calendar feed."""
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
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_POST
def regenerate_calendar_token(request):
    user_regenerate_calendar_token(user=request.user)
    messages.success(
        request,
        _("Un nouveau lien de calendrier a été créé ; l'ancien ne fonctionne plus."),
    )
    return redirect("accounts:profile")
