"""The minutes pages: the reading room, a minutes page and its versions, the edit form, and the
workflow actions (submit, comment, return, publish, correct).

Views parse, authorise (django-rules, on the object) and call a service of `minutes.py`; a
service's ValidationError becomes a form error or a French message, never a 500. Minutes the
viewer may neither read nor see in draft answer 404, whatever the address or the action, so
their existence does not leak. An action refused on minutes one may see answers 403, except
for those who follow the working copy: they get the reason and the page back.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.view_helpers import call_service, error_message
from apps.governance.models import Meeting

from .forms import (
    ActionItemFormSet,
    CommentForm,
    DecisionFormSet,
    MinutesForm,
    PublishForm,
    ReadingRoomFilterForm,
    action_items_initial,
    decisions_initial,
)
from .models import Minutes, MinutesRead
from .selectors import (
    PAGE_SIZE,
    READ,
    SEE_DRAFT,
    edit_choices,
    frozen_content,
    minutes_for_viewer,
    published_minutes,
    reading_room_facets,
    version_of,
    working_copy,
)
from .services import (
    MinutesConflict,
    minutes_back_to_draft,
    minutes_comment,
    minutes_publish,
    minutes_save,
    minutes_start,
    minutes_start_correction,
    minutes_submit,
)

DECISIONS_PREFIX = "decisions"
ACTIONS_PREFIX = "actions"


# ------------------------------------------------------------------------------------ helpers
def _minutes_or_404(request, pk: int) -> Minutes:
    minutes = minutes_for_viewer(pk=pk, viewer=request.user)
    if minutes is None:
        raise Http404(_("Ce compte rendu n'existe pas ou ne vous est pas accessible."))
    return minutes


def _refuse(request, minutes: Minutes, reason: str):
    """An action the viewer may not take on minutes they may see: sign in, the reason (for
    those following the working copy), or 403."""
    if not request.user.is_authenticated:
        next_url = (
            request.get_full_path() if request.method == "GET" else minutes.get_absolute_url()
        )
        return redirect_to_login(next_url)
    if request.user.has_perm(SEE_DRAFT, minutes):
        messages.error(request, reason)
        return redirect(minutes)
    raise PermissionDenied


def _record_read(*, minutes: Minutes, user, number: int) -> None:
    """Remember the version the reader opened (the reading room's « nouveau » badge).

    A read receipt, not a workflow step: one UPDATE, or an INSERT the first time (a
    concurrent first read of the same person falls back to the UPDATE)."""
    rows = MinutesRead.objects.filter(minutes=minutes, user=user)
    if rows.update(version=number, read_at=timezone.now()):
        return
    try:
        with transaction.atomic():
            MinutesRead.objects.create(minutes=minutes, user=user, version=number)
    except IntegrityError:
        rows.update(version=number, read_at=timezone.now())


# ----------------------------------------------------------------------------- reading room
@require_GET
def reading_room(request):
    facets = reading_room_facets(
        viewer=request.user,
        year=_int_or_none(request.GET.get("year")),
        body_id=_int_or_none(request.GET.get("body")),
    )
    form = ReadingRoomFilterForm(request.GET or None, facets=facets)
    filters = form.filters() if form.is_bound else {}
    versions = published_minutes(viewer=request.user, **filters)
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "minutes/reading_room.html",
        {
            "form": form,
            "page": page,
            "rows": page.object_list,
            "filtered": bool(filters),
            "searching": bool(filters.get("q")),
            "query_string": query.urlencode(),
        },
    )


def _int_or_none(value) -> int | None:
    """A positive database integer from the query string, or None (never an error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# ------------------------------------------------------------------------------ one minutes
@require_GET
def detail(request, pk):
    return _render_detail(request, _minutes_or_404(request, pk))


def _render_detail(request, minutes: Minutes, *, comment_form=None, publish_form=None):
    user = request.user
    can_read = user.has_perm(READ, minutes)
    can_view_draft = user.has_perm(SEE_DRAFT, minutes)
    versions = minutes.published_versions
    latest = versions[0] if can_read and versions else None
    if latest is not None and user.is_authenticated:
        _record_read(minutes=minutes, user=user, number=latest.number)

    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "can_read": can_read,
        "can_view_draft": can_view_draft,
        "version": latest,
        "content": frozen_content(latest) if latest else None,
        "earlier_versions": versions[1:] if latest else [],
    }
    if can_view_draft:
        perms = {
            name: user.has_perm(f"minutes.{name}_minutes", minutes)
            for name in ("edit", "submit", "comment", "publish", "return", "correct")
        }
        if perms["comment"] and comment_form is None:
            comment_form = CommentForm()
        if perms["publish"] and publish_form is None:
            publish_form = PublishForm(requires_erratum=bool(versions))
        context.update(
            {
                "perms": perms,
                "copy": working_copy(minutes=minutes),
                "show_working_copy": minutes.status != Minutes.Status.PUBLISHED or not can_read,
                "comment_form": comment_form if perms["comment"] else None,
                "publish_form": publish_form if perms["publish"] else None,
            }
        )
    return render(request, "minutes/detail.html", context)


@require_GET
def version(request, pk, number):
    minutes = _minutes_or_404(request, pk)
    found = version_of(minutes=minutes, number=number)
    if found is None or not request.user.has_perm(READ, minutes):
        raise Http404(_("Cette version n'existe pas ou ne vous est pas accessible."))
    return render(
        request,
        "minutes/version.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "version": found,
            "content": frozen_content(found),
            "is_latest": found is minutes.published_versions[0],
            "versions": minutes.published_versions,
        },
    )


# ------------------------------------------------------------------------------ start, edit
@require_POST
def start(request, slug):
    meeting = Meeting.objects.select_related("body").filter(slug=slug).first()
    if meeting is None or not request.user.has_perm("governance.view_meeting", meeting):
        raise Http404(_("Cette réunion n'existe pas ou ne vous est pas accessible."))
    if not request.user.has_perm("minutes.start_minutes", meeting):
        if not request.user.is_authenticated:
            return redirect_to_login(meeting.get_absolute_url())
        raise PermissionDenied
    try:
        minutes = minutes_start(meeting=meeting, by=request.user)
    except ValidationError as error:
        error_message(request, error)
        return redirect(meeting)
    if request.user.has_perm("minutes.edit_minutes", minutes):
        return redirect("minutes:edit", pk=minutes.pk)
    return redirect(minutes)


@require_http_methods(["GET", "POST"])
def edit(request, pk):
    minutes = _minutes_or_404(request, pk)
    if not request.user.has_perm("minutes.edit_minutes", minutes):
        if minutes.status == Minutes.Status.PUBLISHED:
            reason = _("Ce compte rendu est publié : il ne se modifie plus. Utilisez « Corriger ».")
        else:
            reason = _("Vous ne pouvez pas modifier ce compte rendu.")
        return _refuse(request, minutes, reason)
    choices = edit_choices(minutes=minutes)
    kwargs = {"form_kwargs": {"choices": choices}}
    if request.method == "POST":
        form = MinutesForm(request.POST)
        decisions = DecisionFormSet(request.POST, prefix=DECISIONS_PREFIX, **kwargs)
        actions = ActionItemFormSet(request.POST, prefix=ACTIONS_PREFIX, **kwargs)
    else:
        copy = working_copy(minutes=minutes)
        form = MinutesForm(initial=MinutesForm.initial_for(minutes))
        decisions = DecisionFormSet(
            prefix=DECISIONS_PREFIX, initial=decisions_initial(copy.decisions), **kwargs
        )
        actions = ActionItemFormSet(
            prefix=ACTIONS_PREFIX, initial=action_items_initial(copy.action_items), **kwargs
        )
    conflict = saved_by_others = None
    if request.method == "POST" and all(
        [form.is_valid(), decisions.is_valid(), actions.is_valid()]
    ):
        data = form.cleaned_data
        try:
            saved = minutes_save(
                minutes=minutes,
                by=request.user,
                base_revision=data["base_revision"],
                summary=data["summary"],
                body=data["body"],
                guests=data["guests"],
                visibility=data["visibility"],
                decisions=decisions.entries(),
                action_items=actions.entries(),
            )
        except MinutesConflict as error:
            conflict = " ".join(str(message) for message in error.messages)
            saved_by_others = Minutes.objects.get(pk=minutes.pk)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Compte rendu enregistré (révision %(number)d).") % {"number": saved.revision},
            )
            return redirect(saved)
    return render(
        request,
        "minutes/edit.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "form": form,
            "decisions": decisions,
            "actions": actions,
            "conflict": conflict,
            "saved_by_others": saved_by_others,
        },
    )


# -------------------------------------------------------------------------- workflow actions
def _allowed(request, pk, perm: str, reason: str):
    """(minutes, None) when the viewer holds `perm` on it, else (minutes, the refusal)."""
    minutes = _minutes_or_404(request, pk)
    if request.user.has_perm(perm, minutes):
        return minutes, None
    return minutes, _refuse(request, minutes, reason % {"status": minutes.get_status_display()})


@require_POST
def submit(request, pk):
    minutes, refusal = _allowed(
        request,
        pk,
        "minutes.submit_minutes",
        _("Seul un brouillon se soumet à relecture (statut actuel : %(status)s)."),
    )
    if refusal:
        return refusal
    submitted = _("Compte rendu soumis à relecture : les relecteurs en sont prévenus.")
    call_service(request, minutes_submit, minutes=minutes, by=request.user, success=submitted)
    return redirect(minutes)


@require_POST
def comment(request, pk):
    minutes, refusal = _allowed(
        request,
        pk,
        "minutes.comment_minutes",
        _("Les commentaires se font pendant la relecture (statut actuel : %(status)s)."),
    )
    if refusal:
        return refusal
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            minutes_comment(minutes=minutes, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error("text", error.error_dict.get("text") or error.messages)
            else:
                error_message(request, error)
                return redirect(minutes)
        else:
            messages.success(request, _("Merci, votre commentaire est enregistré."))
            return redirect(minutes)
    return _render_detail(request, minutes, comment_form=form)


@require_POST
def back_to_draft(request, pk):
    minutes, refusal = _allowed(
        request,
        pk,
        "minutes.return_minutes",
        _("Seul un compte rendu en relecture se renvoie en rédaction (statut : %(status)s)."),
    )
    if refusal:
        return refusal
    returned = _("Compte rendu renvoyé en rédaction.")
    call_service(request, minutes_back_to_draft, minutes=minutes, by=request.user, success=returned)
    return redirect(minutes)


@require_POST
def publish(request, pk):
    minutes, refusal = _allowed(
        request,
        pk,
        "minutes.publish_minutes",
        _("Seul un compte rendu en relecture peut être publié (statut actuel : %(status)s)."),
    )
    if refusal:
        return refusal
    form = PublishForm(request.POST, requires_erratum=bool(minutes.published_versions))
    if form.is_valid():
        try:
            published = minutes_publish(
                minutes=minutes, by=request.user, erratum=form.cleaned_data.get("erratum", "")
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "erratum" in form.fields:
                form.add_error("erratum", error.error_dict.get("erratum") or error.messages)
            else:
                error_message(request, error)
                return redirect(minutes)
        else:
            messages.success(
                request,
                _(
                    "Version %(number)d publiée. Les membres de l'instance sont prévenus ; "
                    "le PDF est en préparation."
                )
                % {"number": published.number},
            )
            return redirect(minutes)
    return _render_detail(request, minutes, publish_form=form)


@require_POST
def correct(request, pk):
    minutes, refusal = _allowed(
        request,
        pk,
        "minutes.correct_minutes",
        _("Seul un compte rendu publié se corrige (statut actuel : %(status)s)."),
    )
    if refusal:
        return refusal
    reopened = _(
        "Le compte rendu repasse en rédaction. Les lecteurs voient toujours la version "
        "publiée ; la correction sera publiée avec une note d'erratum."
    )
    if (
        call_service(
            request, minutes_start_correction, minutes=minutes, by=request.user, success=reopened
        )
        is None
    ):
        return redirect(minutes)
    return redirect(reverse("minutes:edit", kwargs={"pk": minutes.pk}))
