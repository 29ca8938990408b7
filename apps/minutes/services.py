"""The minutes workflow, one place for every kind of meeting: draft → in review → published.

- Every save is a MinutesRevision; saving over a revision someone else already replaced fails
  with MinutesConflict (« modifié entre-temps ») instead of losing their text.
- Publishing freezes a MinutesVersion (text, decisions, action items, attendance, agenda);
  published versions are never edited. A correction goes back to draft and is published as
  the next version with an erratum note; earlier versions stay readable.
- Publication enqueues the PDF and notifies the body's members (elected officials first),
  respecting each person's preference — after the commit.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.governance.models import Meeting, Membership, Participation
from apps.strategy.models import PriorityAction
from apps.strategy.services import action_update

from .models import (
    ActionItem,
    Decision,
    Minutes,
    MinutesComment,
    MinutesRevision,
    MinutesVersion,
)
from .search import store_search_vector
from .selectors import reviewers_of
from .signals import minutes_published


class MinutesConflict(ValidationError):
    """Someone else saved a newer revision since the form was opened."""


@dataclass(frozen=True)
class DecisionEntry:
    text: str
    agenda_item_id: int | None = None
    priority_action_ids: tuple[int, ...] = ()
    action_outcome: str = ""


@dataclass(frozen=True)
class ActionItemEntry:
    what: str
    owner_id: int | None = None
    owner_organisation_id: int | None = None
    due_date: date | None = None
    status: str = ActionItem.Status.OPEN


def _initial_body(meeting: Meeting) -> str:
    sections = [f"## {item.title}\n\n" for item in meeting.agenda_items.all()]
    return "\n".join(sections)


@transaction.atomic
def minutes_start(*, meeting: Meeting, by) -> Minutes:
    """Open the minutes of a meeting (one per meeting), with a section per agenda item."""
    if meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CANCELLED):
        raise ValidationError(_("Pas de compte rendu pour une réunion en brouillon ou annulée."))
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    visibility = (
        Minutes.Visibility.MEMBERS
        if meeting.visibility == Meeting.Visibility.MEMBERS
        else Minutes.Visibility.PUBLIC
    )
    minutes = Minutes.objects.create(
        meeting=meeting, created_by=by, visibility=visibility, body=_initial_body(meeting)
    )
    MinutesRevision.objects.create(
        minutes=minutes, number=0, author=by, summary="", body=minutes.body
    )
    return minutes


@transaction.atomic
def minutes_save(
    *,
    minutes: Minutes,
    by,
    base_revision: int,
    summary: str,
    body: str,
    guests: str = "",
    visibility: str | None = None,
    decisions: list[DecisionEntry] | None = None,
    action_items: list[ActionItemEntry] | None = None,
) -> Minutes:
    """Save the editable minutes as a new revision, unless someone saved in between."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status == Minutes.Status.PUBLISHED:
        raise ValidationError(
            _("Ce compte rendu est publié : il ne se modifie plus. Utilisez « Corriger ».")
        )
    if minutes.revision != base_revision:
        last = minutes.revisions.select_related("author").first()
        who = last.author.get_full_name() if last and last.author else _("quelqu'un")
        raise MinutesConflict(
            _(
                "Ce compte rendu a été modifié entre-temps par %(who)s (révision %(rev)d). "
                "Vos modifications n'ont pas été enregistrées : rechargez la page, puis "
                "reportez-les."
            )
            % {"who": who, "rev": minutes.revision}
        )
    minutes.summary = summary.strip()
    minutes.body = body.strip()
    minutes.guests = "\n".join(line.strip() for line in guests.splitlines() if line.strip())
    if visibility is not None:
        minutes.visibility = visibility
    minutes.revision += 1
    minutes.full_clean()
    minutes.save()
    MinutesRevision.objects.create(
        minutes=minutes,
        number=minutes.revision,
        author=by,
        summary=minutes.summary,
        body=minutes.body,
    )
    if decisions is not None:
        _replace_decisions(minutes, decisions)
    if action_items is not None:
        _replace_action_items(minutes, action_items)
    return minutes


def _replace_decisions(minutes: Minutes, entries: list[DecisionEntry]) -> None:

    agenda_ids = set(minutes.meeting.agenda_items.values_list("pk", flat=True))
    minutes.decisions.all().delete()
    for position, entry in enumerate(entries, start=1):
        text = entry.text.strip()
        if not text:
            continue
        if entry.agenda_item_id and entry.agenda_item_id not in agenda_ids:
            raise ValidationError(_("Ce point n'appartient pas à l'ordre du jour de la réunion."))
        decision = Decision(
            minutes=minutes,
            position=position,
            agenda_item_id=entry.agenda_item_id,
            text=text,
            action_outcome=entry.action_outcome if entry.priority_action_ids else "",
        )
        decision.full_clean()
        decision.save()
        if entry.priority_action_ids:
            for action in PriorityAction.objects.filter(pk__in=entry.priority_action_ids):
                action.decisions.add(decision)


def _replace_action_items(minutes: Minutes, entries: list[ActionItemEntry]) -> None:
    minutes.action_items.all().delete()
    for position, entry in enumerate(entries, start=1):
        what = entry.what.strip()
        if not what:
            continue
        if not entry.owner_id and not entry.owner_organisation_id:
            raise ValidationError(
                _("Indiquez qui est responsable de l'action « %(what)s ».") % {"what": what}
            )
        item = ActionItem(
            minutes=minutes,
            position=position,
            what=what,
            owner_id=entry.owner_id,
            owner_organisation_id=entry.owner_organisation_id,
            due_date=entry.due_date,
            status=entry.status,
        )
        item.full_clean()
        item.save()


@transaction.atomic
def minutes_submit(*, minutes: Minutes, by, notify: bool = True) -> Minutes:
    """Ask the reviewers to comment (`notify=False`: without emailing them, e.g. demo data)."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError(_("Seul un brouillon peut être soumis à relecture."))
    if not minutes.body.strip() and not minutes.summary.strip():
        raise ValidationError(_("Le compte rendu est vide : rédigez-le avant de le soumettre."))
    minutes.status = Minutes.Status.IN_REVIEW
    minutes.submitted_at = timezone.now()
    minutes.save(update_fields=["status", "submitted_at", "updated_at"])
    if notify:
        _notify_people(minutes, "review", reviewers_of(minutes))
    return minutes


@transaction.atomic
def minutes_back_to_draft(*, minutes: Minutes, by) -> Minutes:
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.IN_REVIEW:
        raise ValidationError(_("Seul un compte rendu en relecture peut revenir en rédaction."))
    minutes.status = Minutes.Status.DRAFT
    minutes.save(update_fields=["status", "updated_at"])
    return minutes


@transaction.atomic
def minutes_comment(*, minutes: Minutes, by, text: str) -> MinutesComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Le commentaire est vide.")})
    if minutes.status != Minutes.Status.IN_REVIEW:
        raise ValidationError(_("Les commentaires se font pendant la relecture."))
    comment = MinutesComment(minutes=minutes, author=by, revision=minutes.revision, text=text)
    comment.full_clean()
    comment.save()
    return comment


def _snapshot(minutes: Minutes) -> dict:
    meeting = minutes.meeting
    participations = list(
        meeting.participations.select_related("user", "user__organisation").order_by(
            "user__last_name", "user__first_name", "guest_name"
        )
    )

    def person(p):
        # The id lets an RGPD erasure find the person in the frozen copy (see erasure.py); a
        # walk-in without an account has none (their name is on the row: p.person_name).
        return {
            "name": p.person_name,
            "organisation": p.organisation_name,
            "user_id": p.user_id,
        }

    present = [person(p) for p in participations if p.attended]
    if not present:  # no attendance recorded: those who said they would come
        present = [person(p) for p in participations if p.status == Participation.Status.ATTENDING]
    return {
        "meeting": {
            "title": meeting.title,
            "kind": meeting.get_kind_display(),
            "body": meeting.body.name if meeting.body_id else "",
            "start": meeting.start.isoformat(),
            "end": meeting.end.isoformat(),
            "place": meeting.place,
            "online": bool(meeting.online_url),
        },
        "agenda": [
            {"title": i.title, "presenter": i.presenter, "duration": i.duration_minutes}
            for i in meeting.agenda_items.all()
        ],
        "present": present,
        "guests": [g for g in minutes.guests.splitlines() if g.strip()],
        "excused": [person(p) for p in participations if p.status == Participation.Status.EXCUSED],
        "represented": [
            {**person(p), "by": p.represented_by, "by_id": p.proxy_id}
            for p in participations
            if p.status == Participation.Status.REPRESENTED
        ],
        "decisions": [
            {
                "text": d.text,
                "agenda_item": d.agenda_item.title if d.agenda_item_id else "",
                "actions": [a.title for a in d.priority_actions.all()],
                "outcome": d.get_action_outcome_display() if d.action_outcome else "",
            }
            for d in minutes.decisions.select_related("agenda_item").prefetch_related(
                "priority_actions"
            )
        ],
        "action_items": [
            {
                "what": a.what,
                "owner": a.owner_label,
                "owner_id": a.owner_id,
                "due_date": a.due_date.isoformat() if a.due_date else "",
                "status": a.get_status_display(),
            }
            for a in minutes.action_items.select_related("owner", "owner_organisation")
        ],
    }


# The status an action takes when a decision about it is published (None: unchanged).
OUTCOME_STATUS = {
    Decision.Outcome.VALIDATED: PriorityAction.Status.VALIDATED,
    Decision.Outcome.IN_PROGRESS: PriorityAction.Status.IN_PROGRESS,
    Decision.Outcome.DONE: PriorityAction.Status.DONE,
    Decision.Outcome.ABANDONED: PriorityAction.Status.ABANDONED,
}


def _apply_decision_outcomes(minutes: Minutes, *, by, previous=None) -> None:
    """The decisions flow back to the actions: each action a published decision is about takes
    the status the decision says (through strategy's service, which announces the change with
    the decision as its source: notifications tell the followers and the contributors).

    A correction (`previous`: the version it replaces) applies only what it adds or changes:
    an outcome already published is not applied again, so fixing a typo neither undoes a
    status the team changed since nor announces the decision a second time."""
    applied = set()
    if previous is not None:
        applied = {
            (entry.get("text", ""), entry.get("outcome", ""), title)
            for entry in previous.content.get("decisions", [])
            for title in entry.get("actions", [])
        }
    decisions = minutes.decisions.exclude(action_outcome="").prefetch_related("priority_actions")
    for decision in decisions:
        status = OUTCOME_STATUS.get(decision.action_outcome)
        if status is None:
            continue
        outcome = str(decision.get_action_outcome_display())
        for action in decision.priority_actions.all():
            if (decision.text, outcome, action.title) in applied:
                continue
            if action.status != status:
                action_update(action=action, by=by, source=decision, status=status)


@transaction.atomic
def minutes_publish(
    *, minutes: Minutes, by, erratum: str = "", notify: bool = True
) -> MinutesVersion:
    """Freeze the reviewed minutes as the next published version, render its PDF, notify.

    `notify=False` publishes without emailing the members (importing past minutes, demo data).
    """
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("meeting__body")
        .get(pk=minutes.pk)
    )
    if minutes.status != Minutes.Status.IN_REVIEW:
        raise ValidationError(_("Seul un compte rendu relu (en relecture) peut être publié."))
    previous = minutes.versions.order_by("-number").first()
    erratum = erratum.strip()
    if previous is not None and not erratum:
        raise ValidationError(
            {
                "erratum": _(
                    "Une correction se publie avec une note d'erratum : dites ce qui change."
                )
            }
        )
    content = _snapshot(minutes)
    version = MinutesVersion.objects.create(
        minutes=minutes,
        number=(previous.number + 1) if previous else 1,
        summary=minutes.summary,
        body=minutes.body,
        content=content,
        erratum=erratum,
        published_at=timezone.now(),
        published_by=by,
        search_text="\n".join(
            [
                content["meeting"]["title"],
                minutes.summary,
                minutes.body,
                *(d["text"] for d in content["decisions"]),
                *(a["what"] for a in content["action_items"]),
            ]
        ),
    )
    store_search_vector(version)
    minutes.status = Minutes.Status.PUBLISHED
    minutes.save(update_fields=["status", "updated_at"])
    _apply_decision_outcomes(minutes, by=by, previous=previous)
    minutes_published.send(sender=MinutesVersion, version=version, by=by)
    if notify:
        _notify_people(minutes, "published", _members_to_notify(minutes))
    return version


@transaction.atomic
def minutes_start_correction(*, minutes: Minutes, by) -> Minutes:
    """Reopen published minutes for a correction; readers keep seeing the published version."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.PUBLISHED:
        raise ValidationError(_("Seul un compte rendu publié se corrige."))
    minutes.status = Minutes.Status.DRAFT
    minutes.save(update_fields=["status", "updated_at"])
    return minutes


def _members_to_notify(minutes: Minutes):
    from django.db.models import Case, IntegerField, Value, When

    from apps.accounts.models import User

    body_id = minutes.meeting.body_id
    if body_id is None:
        return User.objects.none()
    memberships = Membership.objects.active().filter(body_id=body_id)
    elected = memberships.filter(
        role__in=[Membership.Role.ELECTED_OFFICIAL, Membership.Role.CHAIR]
    ).values("user_id")
    return (
        User.objects.filter(
            pk__in=memberships.values("user_id"), is_active=True, notify_minutes=True
        )
        .annotate(
            elected_first=Case(
                When(pk__in=elected, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("elected_first", "last_name", "first_name")
    )


NOTICE_HANDLER = "minutes.notice"


def _notify_people(minutes: Minutes, notice: str, people) -> int:
    """Promise `notice` to each person in this transaction (elected officials first): once per
    person and revision (review) or published version (publication)."""
    from apps.core import outbox

    stage = f"v{minutes.versions.count()}" if notice == "published" else f"r{minutes.revision}"
    count = 0
    for user_id in people.values_list("pk", flat=True):
        key = f"minutes:{minutes.pk}:{notice}:{stage}:u{user_id}"
        payload = {"minutes_id": minutes.pk, "notice": notice, "user_id": user_id}
        if outbox.enqueue(NOTICE_HANDLER, key=key, payload=payload) is not None:
            count += 1
    return count


def deliver_notice(payload: dict) -> None:
    """The outbox handler: one email to one person, a link (never an attachment)."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.utils import translation

    from apps.accounts.models import User

    minutes = Minutes.objects.select_related("meeting", "meeting__body").get(
        pk=payload["minutes_id"]
    )
    user = User.objects.filter(pk=payload["user_id"], is_active=True).first()
    if user is None or not user.email:
        return
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "version": minutes.versions.order_by("-number").first(),
        "user": user,
        "notice": payload["notice"],
        "url": settings.SITE_URL + minutes.get_absolute_url(),
        "SITE_NAME": settings.SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("minutes/email/subject.txt", context)
        text = render_to_string("minutes/email/notice.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    ).send()
