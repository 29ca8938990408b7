"""Mailings: the public archive, the team's segments and mailings, one-click unsubscribe,
one's preferences."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core import csvsafe
from apps.core.view_helpers import add_service_errors, call_service, posted, require_perm
from apps.governance.models import Meeting

from . import emails, exports, selectors, services
from .forms import MailingForm, PreferencesForm, ScheduleForm, SegmentForm
from .models import ExportLog, Mailing, Segment, SubscriptionEvent

PAGE_SIZE = 20
TEAM_REFUSAL = gettext_lazy("Les lettres d'information sont gérées par l'équipe projet.")


def team_only(request, perm: str = "mailings.manage_mailings", *, refusal=TEAM_REFUSAL):
    """The project team's pages: core's `require_perm` with the mailings' refusal."""
    return require_perm(request, perm, refusal=refusal)


# ------------------------------------------------------------------------------ the archive
@require_GET
def archive(request):
    page = Paginator(selectors.archive(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mailings/archive.html", {"page": page})


@require_GET
def archive_detail(request, pk):
    mailing = get_object_or_404(Mailing, pk=pk)
    if not request.user.has_perm("mailings.view_mailing", mailing):
        raise PermissionDenied(_("Cette lettre n'est pas publiée."))
    return render(
        request,
        "mailings/archive_detail.html",
        {"mailing": mailing, "body_html": emails.rendered_body(mailing)},
    )


# ------------------------------------------------------------------------------ the team
@require_GET
def manage(request):
    if (refused := team_only(request)) is not None:
        return refused
    page = Paginator(selectors.team_mailings(), PAGE_SIZE).get_page(request.GET.get("page"))
    segments = Segment.objects.order_by("name")[:100]
    return render(request, "mailings/manage.html", {"page": page, "segments": segments})


@require_http_methods(["GET", "POST"])
def segment_edit(request, pk=None):
    """Build a segment: "Prévisualiser" counts and lists the recipients without saving."""
    if (refused := team_only(request)) is not None:
        return refused
    segment = get_object_or_404(Segment, pk=pk) if pk else None
    form = SegmentForm(posted(request), instance=segment)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = selectors.recipients(
            territories=list(data["territories"]),
            outside_cornouaille=data["outside_cornouaille"],
            categories=list(data["categories"]),
            bodies=list(data["bodies"]),
            meetings=list(data["attended_meetings"]),
            filieres=list(data["filieres"]),
        )
        if "preview" in request.POST:
            preview = {"count": people.count(), "people": selectors.recipients_preview(people)}
        else:
            try:
                segment = services.segment_save(by=request.user, data=data, segment=segment)
            except ValidationError as error:
                add_service_errors(form, error, {"name": "name"})
            else:
                messages.success(request, _("Segment enregistré."))
                return redirect("mailings:segment", pk=segment.pk)
    elif segment is not None:
        people = selectors.segment_recipients(segment)
        preview = {"count": people.count(), "people": selectors.recipients_preview(people)}
    return render(
        request,
        "mailings/segment_form.html",
        {"form": form, "segment": segment, "preview": preview},
    )


@require_GET
def segment_count(request):
    """The live count of the segment form (JSON): the criteria in the query string."""
    if (refused := team_only(request)) is not None:
        return refused
    form = SegmentForm(request.GET)
    form.is_valid()  # the name may be empty here: only the criteria matter
    data = form.cleaned_data
    people = selectors.recipients(
        territories=list(data.get("territories") or []),
        outside_cornouaille=bool(data.get("outside_cornouaille")),
        categories=list(data.get("categories") or []),
        bodies=list(data.get("bodies") or []),
        meetings=list(data.get("attended_meetings") or []),
        filieres=list(data.get("filieres") or []),
    )
    count = people.count()
    label = ngettext(
        "%(n)s destinataire abonné·e avec ces critères.",
        "%(n)s destinataires abonné·es avec ces critères.",
        count,
    ) % {"n": count}
    return JsonResponse({"count": count, "label": label})


@require_http_methods(["GET", "POST"])
def mailing_edit(request, pk=None):
    if (refused := team_only(request)) is not None:
        return refused
    mailing = get_object_or_404(Mailing, pk=pk) if pk else None
    if mailing is not None and not mailing.is_editable:
        messages.error(request, _("Une lettre en cours d'envoi ou envoyée ne se modifie plus."))
        return redirect("mailings:mailing", pk=mailing.pk)
    initial = {}
    if mailing is None and (segment_id := request.GET.get("segment", "")).isdigit():
        initial["segment"] = segment_id
    form = MailingForm(posted(request), instance=mailing, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mailing = services.mailing_save(by=request.user, mailing=mailing, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, {"subject": "subject", "body": "body"})
        else:
            messages.success(request, _("Lettre enregistrée."))
            return redirect("mailings:mailing", pk=mailing.pk)
    return render(request, "mailings/mailing_form.html", {"form": form, "mailing": mailing})


@require_GET
def mailing_detail(request, pk):
    if (refused := team_only(request)) is not None:
        return refused
    mailing = get_object_or_404(Mailing.objects.select_related("segment"), pk=pk)
    people = selectors.segment_recipients(mailing.segment)
    context = {
        "mailing": mailing,
        "body_html": emails.rendered_body(mailing),
        "count": mailing.recipients_count
        if mailing.status == Mailing.Status.SENT
        else people.count(),
        "people": selectors.recipients_preview(people, limit=10),
        "delivered": mailing.deliveries.count(),
        "schedule_form": ScheduleForm(),
    }
    return render(request, "mailings/mailing_detail.html", context)


@require_POST
def mailing_test(request, pk):
    if (refused := team_only(request)) is not None:
        return refused
    mailing = get_object_or_404(Mailing, pk=pk)
    call_service(
        request,
        services.mailing_send_test,
        mailing=mailing,
        by=request.user,
        success=_("Envoi de test parti vers %(email)s.") % {"email": request.user.email},
    )
    return redirect("mailings:mailing", pk=mailing.pk)


@require_POST
def mailing_schedule(request, pk):
    if (refused := team_only(request)) is not None:
        return refused
    mailing = get_object_or_404(Mailing, pk=pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Date d'envoi invalide : utilisez le format JJ/MM/AAAA HH:MM."))
        return redirect("mailings:mailing", pk=mailing.pk)
    when = form.cleaned_data["when"]
    call_service(
        request,
        services.mailing_schedule,
        mailing=mailing,
        by=request.user,
        when=when,
        success=_("Envoi programmé.") if when else _("Envoi lancé : la lettre part par lots."),
    )
    return redirect("mailings:mailing", pk=mailing.pk)


@require_POST
def mailing_cancel(request, pk):
    if (refused := team_only(request)) is not None:
        return refused
    mailing = get_object_or_404(Mailing, pk=pk)
    call_service(
        request,
        services.mailing_cancel,
        mailing=mailing,
        by=request.user,
        success=_("Envoi annulé : la lettre est de nouveau un brouillon."),
    )
    return redirect("mailings:mailing", pk=mailing.pk)


# --------------------------------------------------------------------- unsubscribe, preferences
@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", no session, no token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a confirmation page (link scanners follow GET links: they must not unsubscribe).
    POST (the page's button or the mail client's one-click request): unsubscribe."""
    user_id = emails.user_id_from_token(token)
    person = (
        get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    )
    if person is None:
        return render(request, "mailings/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        services.unsubscribe(user=person, source=SubscriptionEvent.Source.ONE_CLICK)
        done = True
    return render(
        request,
        "mailings/unsubscribe.html",
        {"person": person, "token": token, "done": done, "subscribed": person.newsletter},
    )


@login_required
@require_POST
def preferences(request):
    form = PreferencesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choix invalide : rien n'a été changé."))
    else:
        services.preferences_update(
            user=request.user,
            newsletter=form.cleaned_data["newsletter"],
            filieres=form.cleaned_data["filieres"],
        )
        messages.success(request, _("Vos préférences de lettre d'information sont enregistrées."))
    return redirect(reverse("accounts:profile") + "#titre-lettres")


# ---------------------------------------------------------------------------------- exports
EXPORT_REFUSAL = gettext_lazy("Les exports sont réservés à l'équipe projet.")
FORMATS = {"csv": csvsafe.CSV_CONTENT_TYPE, "xlsx": csvsafe.XLSX_CONTENT_TYPE}


@require_GET
def exports_index(request):
    if (refused := team_only(request, "mailings.export_data", refusal=EXPORT_REFUSAL)) is not None:
        return refused
    log = ExportLog.objects.select_related("user").order_by("-created_at", "-pk")[:30]
    meetings = Meeting.objects.not_draft().order_by("-start").only("slug", "title", "start")[:100]
    return render(
        request,
        "mailings/exports.html",
        {"exports": exports.EXPORTS.values(), "log": log, "meetings": meetings},
    )


@require_GET
def export_download(request, key, fmt):
    if (refused := team_only(request, "mailings.export_data", refusal=EXPORT_REFUSAL)) is not None:
        return refused
    export = exports.EXPORTS.get(key)
    if export is None or fmt not in FORMATS:
        raise Http404(_("Cet export n'existe pas."))
    filters, detail = {}, ""
    if key == "inscriptions" and (slug := request.GET.get("reunion")):
        filters["meeting"] = get_object_or_404(Meeting, slug=slug)
        detail = slug
    services.export_log(by=request.user, export=key, file_format=fmt, detail=detail)
    header, rows = export.header(), export.rows(**filters)
    if fmt == "csv":
        response = StreamingHttpResponse(
            csvsafe.csv_stream(header, rows), content_type=FORMATS[fmt]
        )
    else:
        response = HttpResponse(
            csvsafe.xlsx_bytes(header, rows, title=str(export.title)), content_type=FORMATS[fmt]
        )
    filename = f"{key}{'-' + detail if detail else ''}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
