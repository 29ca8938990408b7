import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import EraseAccountForm, ProfileForm
from .services import (
    user_erase,
    user_export_data,
    user_export_sections,
    user_record_space_visit,
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
@require_GET
def my_space(request):
    """/mon-espace/, the landing page after sign-in: what is next for me, what is new, what my
    role has to do. The apps above fill it through the template hook `accounts.space` (each
    receiver renders one section, with `since`: the previous visit)."""
    since = user_record_space_visit(user=request.user)
    return render(request, "accounts/space.html", {"since": since})


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


def _readable(value) -> str:
    """A cell of the export as a person reads it: dates in French, yes/no, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        moment = parse_datetime(value) if "T" in value else None
        if moment is not None:
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
        day = parse_date(value) if len(value) == 10 else None
        if day is not None:
            return date_format(day, "DATE_FORMAT")
    return str(value)


@login_required
@require_GET
def my_data(request):
    """RGPD right of access, readable: the same content as the JSON export, as a page."""
    data = user_export_data(user=request.user)
    sections = [
        (
            section,
            [[_readable(row.get(key)) for key in section.columns] for row in rows],
        )
        for section, rows in user_export_sections(user=request.user)
    ]
    return render(
        request,
        "accounts/my_data.html",
        {
            "identity": {k: _readable(v) for k, v in data["identity"].items()},
            "profile_data": {k: _readable(v) for k, v in data["profile"].items()},
            "consent": {k: _readable(v) for k, v in data["consent"].items()},
            "email_addresses": data["email_addresses"],
            "roles": data["roles"],
            "sections": sections,
        },
    )


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
    return render(
        request, "accounts/erase.html", {"form": form, "export_url": reverse("accounts:my_data")}
    )
