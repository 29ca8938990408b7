"""The notification centre, one's follows, email preferences and « what became of my ideas ».

Views parse, authorise and call a service; every page is one's own (sign-in required).
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import error_message

from . import selectors, services, subjects
from .forms import PreferenceForm
from .models import Notification


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False):
        return target
    return fallback


@require_GET
@login_required
def centre(request):
    page = selectors.centre_page(user=request.user, page=request.GET.get("page"))
    return render(
        request,
        "notifications/centre.html",
        {"page": page, "unread": selectors.unread_count(user=request.user)},
    )


def _own(request, pk) -> Notification:
    notification = get_object_or_404(Notification, pk=pk)
    if not request.user.has_perm("notifications.read_notification", notification):
        raise Http404
    return notification


@require_GET
@login_required
def open_notification(request, pk):
    """The link of a notification (centre, email): marks it read, goes to the thing — if the
    person may still see it."""
    notification = _own(request, pk)
    visible = selectors.keep_visible([notification], user=request.user)
    services.mark_read(user=request.user, notification=notification)
    if not visible:
        messages.info(request, _("Cet élément n'est plus accessible."))
        return redirect("notifications:centre")
    url = notification.url
    if not url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=False):
        return redirect("notifications:centre")
    return redirect(url)


@require_POST
@login_required
def mark_read(request, pk):
    notification = _own(request, pk)
    services.mark_read(user=request.user, notification=notification)
    messages.success(request, _("Notification marquée comme lue."))
    return redirect(_safe_next(request, reverse("notifications:centre")))


@require_POST
@login_required
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    else:
        messages.info(request, _("Vous n'aviez aucune notification non lue."))
    return redirect("notifications:centre")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    form = PreferenceForm(
        request.POST or None, initial={"frequency": services.frequency_of(request.user)}
    )
    if request.method == "POST":
        if form.is_valid():
            services.preference_set(user=request.user, frequency=form.cleaned_data["frequency"])
            messages.success(request, _("Vos préférences de notification sont enregistrées."))
            return redirect(_safe_next(request, reverse("notifications:preferences")))
        messages.error(request, _("Choisissez une des fréquences proposées."))
    return render(request, "notifications/preferences.html", {"form": form})


def _followable(request):
    """The thing named by `type` (« strategy.priorityaction ») and `id`, if it may be followed
    and the person may see it; None otherwise."""
    label = request.POST.get("type", "")
    raw_id = request.POST.get("id", "")
    if label not in subjects.followable_labels() or not raw_id.isdigit():
        return None
    model = apps.get_model(label)
    target = model._default_manager.filter(pk=int(raw_id)).first()
    if target is None or not subjects.visible_ids(label, request.user, [target.pk]):
        return None
    return target


@require_POST
@login_required
def follow_toggle(request):
    fallback = reverse("notifications:follows")
    target = _followable(request)
    if target is None:
        messages.error(request, _("Cet élément n'existe pas ou ne peut pas être suivi."))
        return redirect(_safe_next(request, fallback))
    try:
        if request.POST.get("action") == "unfollow":
            services.unfollow(user=request.user, target=target)
            messages.success(
                request, _("Vous ne suivez plus « %(name)s ».") % {"name": str(target)}
            )
        else:
            services.follow(user=request.user, target=target)
            messages.success(
                request,
                _("Vous suivez « %(name)s » : ses nouvelles arrivent dans vos notifications.")
                % {"name": str(target)},
            )
    except ValidationError as error:
        error_message(request, error)
    return redirect(_safe_next(request, fallback))


@require_GET
@login_required
def follows(request):
    return render(request, "notifications/follows.html", selectors.follows_page(user=request.user))


@require_GET
@login_required
def my_ideas(request):
    page = selectors.my_ideas_page(user=request.user, page=request.GET.get("page"))
    return render(request, "notifications/my_ideas.html", {"page": page})
