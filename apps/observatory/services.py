"""State changes of the observatory: a working group's target, targeted invitations, the
coverage alerts. Every email leaves through the outbox in the same transaction (idempotent
keys: one invitation per person and meeting, one alert per meeting, threshold and person)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.roles import PROJECT_TEAM
from apps.core.mail import queue_email
from apps.governance.models import Body, Meeting
from apps.governance.selectors import registration_problem

from .coverage import MAX_CANDIDATES, invitation_candidates, meeting_coverage, target_for
from .models import CoverageAlert, CoverageTarget, Invitation

WEEK = timedelta(days=7)
TWO_DAYS = timedelta(hours=48)


@transaction.atomic
def target_set(*, body: Body, by, every_territory: bool, categories, min_per_cell=None):
    """Set (or replace) the expected mix of a working group."""
    if body.kind != Body.Kind.WORKING_GROUP:
        raise ValidationError(_("Un mix attendu se définit pour un groupe de travail."))
    if min_per_cell is not None and min_per_cell < 1:
        raise ValidationError({"min_per_cell": _("Indiquez un minimum d'au moins 1, ou rien.")})
    if min_per_cell and not categories:
        raise ValidationError(
            {"min_per_cell": _("Un minimum par case demande au moins une catégorie attendue.")}
        )
    target, _created = CoverageTarget.objects.update_or_create(
        body=body,
        defaults={
            "every_territory": every_territory,
            "min_per_cell": min_per_cell or None,
            "updated_by": by,
        },
    )
    target.categories.set(categories)
    return target


def _email(*, template: str, context: dict, to: str) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"observatory/email/{template}_subject.txt", context)
        body = render_to_string(f"observatory/email/{template}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )


def invitation_message(*, meeting: Meeting, user, sender=None) -> EmailMessage:
    context = {
        "meeting": meeting,
        "user": user,
        "sender": sender,
        "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
        "profile_url": settings.SITE_URL + "/profil/",
        "SITE_NAME": settings.SITE_NAME,
    }
    return _email(template="invitation", context=context, to=user.email)


def _check_invitable(meeting: Meeting) -> None:
    if (
        meeting.kind not in Meeting.REGISTRABLE_KINDS
        or meeting.status != Meeting.Status.SCHEDULED
        or meeting.is_past
    ):
        raise ValidationError(
            _("On n'invite qu'à un atelier ou une plénière programmé·e et à venir.")
        )
    # The registration rules themselves (opening, deadline): an invitation asks to register.
    problem = registration_problem(meeting, None) if _closed_to_all(meeting) else None
    if problem:
        raise ValidationError(problem)


def _closed_to_all(meeting: Meeting) -> bool:
    now = timezone.now()
    return bool(
        (meeting.registration_opens_at and now < meeting.registration_opens_at)
        or (meeting.registration_closes_at and now > meeting.registration_closes_at)
    )


@transaction.atomic
def invitations_send(*, meeting: Meeting, user_ids, by, territory=None, category=None) -> int:
    """Invite the chosen people (among the gap's candidates: consent is checked again here) to
    register for `meeting`. Returns how many invitations were sent; nobody is invited twice."""
    _check_invitable(meeting)
    ids = {int(pk) for pk in user_ids}
    if not ids:
        raise ValidationError(_("Cochez au moins une personne à inviter."))
    if len(ids) > MAX_CANDIDATES:
        raise ValidationError(_("Pas plus de %(n)s personnes par envoi.") % {"n": MAX_CANDIDATES})
    people = [
        person
        for person in invitation_candidates(
            meeting=meeting, territory=territory, category=category
        ).filter(pk__in=ids)
        if registration_problem(meeting, person) is None
    ]
    if not people:
        raise ValidationError(
            _("Aucune des personnes cochées ne peut être invitée (déjà inscrite ou invitée, "
              "ou sans accord pour être contactée).")
        )  # fmt: skip
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    sent = 0
    for user in people:
        invitation, created = Invitation.objects.get_or_create(
            meeting=meeting,
            user=user,
            defaults={"territory": territory, "category": category, "invited_by": by},
        )
        if not created:
            continue
        queue_email(
            invitation_message(meeting=meeting, user=user, sender=by),
            key=f"observatory.invitation:{meeting.pk}:{user.pk}",
        )
        sent += 1
    return sent


# ------------------------------------------------------------------------------ coverage alerts
def threshold_for(meeting: Meeting, *, now) -> str | None:
    """Which alert is due for an upcoming meeting: 48 h, a week, or none yet."""
    ahead = meeting.start - now
    if ahead <= timedelta(0):
        return None
    if ahead <= TWO_DAYS:
        return CoverageAlert.Threshold.TWO_DAYS
    if ahead <= WEEK:
        return CoverageAlert.Threshold.WEEK
    return None


def team_recipients():
    from apps.accounts.models import User

    return User.objects.filter(is_active=True, groups__name=PROJECT_TEAM).exclude(email="")


@transaction.atomic
def coverage_alert_send(*, meeting: Meeting, threshold: str) -> CoverageAlert | None:
    """Email the project team the gaps of `meeting` for `threshold`, once: the alert row and
    its emails commit together; a second call finds the row and sends nothing."""
    if CoverageAlert.objects.filter(meeting=meeting, threshold=threshold).exists():
        return None
    coverage = meeting_coverage(meeting, target_for(meeting))
    if coverage is None or not coverage.gaps:
        return None
    alert, created = CoverageAlert.objects.get_or_create(
        meeting=meeting,
        threshold=threshold,
        defaults={"gaps": [gap.sentence for gap in coverage.gaps]},
    )
    if not created:
        return None
    from django.urls import reverse

    context = {
        "meeting": meeting,
        "coverage": coverage,
        "threshold": alert.get_threshold_display(),
        "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
        "observatory_url": settings.SITE_URL + reverse("observatory:index"),
        "SITE_NAME": settings.SITE_NAME,
    }
    for person in team_recipients():
        message = _email(template="coverage_alert", context=context, to=person.email)
        queue_email(message, key=f"observatory.coverage:{meeting.pk}:{threshold}:{person.pk}")
    return alert


def coverage_alerts_due(*, now=None) -> int:
    """Beat job: the alerts due for the upcoming workshops and plenaries of working groups with
    a target. Returns how many alerts were sent (each meeting and threshold at most once)."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            kind__in=Meeting.REGISTRABLE_KINDS,
            status=Meeting.Status.SCHEDULED,
            start__gt=now,
            start__lte=now + WEEK,
            body__coverage_target__isnull=False,
        )
        .select_related("body")
        .order_by("start")
    )
    sent = 0
    for meeting in meetings:
        threshold = threshold_for(meeting, now=now)
        if threshold and coverage_alert_send(meeting=meeting, threshold=threshold):
            sent += 1
    return sent
