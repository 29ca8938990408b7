"""Segments, mailings and their sending, unsubscriptions and bounces.

Sending: the worker takes the mailing's next batch of recipients (people of the segment who
have no Delivery for it yet), writes one Delivery and one outbox email per person in ONE
transaction holding the mailing's row lock, then schedules the next batch. The Delivery pair
(mailing, person) is unique and the outbox key names it too: a batch run twice, a worker
killed in the middle, or the beat job restarting a stalled mailing never sends a mailing twice
to one person.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.mail import queue_email

from . import emails, selectors
from .models import Delivery, ExportLog, FiliereInterest, Mailing, Segment, SubscriptionEvent

SEGMENT_FIELDS = ("territories", "categories", "bodies", "attended_meetings", "filieres")


def _batch_size() -> int:
    return getattr(settings, "MAILINGS_BATCH_SIZE", 50)


# ----------------------------------------------------------------------------------- segments
@transaction.atomic
def segment_save(*, by, data: dict, segment: Segment | None = None) -> Segment:
    segment = segment or Segment(created_by=by)
    segment.name = (data.get("name") or "").strip()
    segment.description = (data.get("description") or "").strip()
    segment.outside_cornouaille = bool(data.get("outside_cornouaille"))
    if not segment.name:
        raise ValidationError({"name": _("Donnez un nom au segment.")})
    segment.full_clean()
    segment.save()
    for field in SEGMENT_FIELDS:
        getattr(segment, field).set(data.get(field) or [])
    return segment


# ----------------------------------------------------------------------------------- mailings
@transaction.atomic
def mailing_save(
    *, by, subject: str, body: str, segment: Segment, in_archive: bool = True, mailing=None
) -> Mailing:
    if mailing is not None:
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if not mailing.is_editable:
            raise ValidationError(_("Une lettre en cours d'envoi ou envoyée ne se modifie plus."))
    else:
        mailing = Mailing(created_by=by)
    mailing.subject = subject.strip()
    mailing.body = body
    mailing.segment = segment
    mailing.in_archive = in_archive
    mailing.full_clean()
    mailing.save()
    return mailing


@transaction.atomic
def mailing_send_test(*, mailing: Mailing, by) -> None:
    """The mailing as its recipients will see it, to the team member alone."""
    message = emails.build_message(mailing=mailing, user=by, test=True)
    queue_email(message, key=f"mailings.test:{mailing.pk}:{by.pk}:{uuid.uuid4().hex}")


@transaction.atomic
def mailing_schedule(*, mailing: Mailing, by, when=None) -> Mailing:
    """Schedule the send (now when `when` is empty); the worker sends it at that time."""
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if not mailing.is_editable:
        raise ValidationError(_("Cette lettre est déjà en cours d'envoi ou envoyée."))
    now = timezone.now()
    if when is not None and when < now - timedelta(minutes=1):
        raise ValidationError({"when": _("Choisissez une date à venir.")})
    if not selectors.segment_recipients(mailing.segment).exists():
        raise ValidationError(_("Le segment ne compte aucun destinataire : rien à envoyer."))
    mailing.status = Mailing.Status.SCHEDULED
    mailing.scheduled_for = when or now
    mailing.save(update_fields=["status", "scheduled_for", "updated_at"])
    if mailing.scheduled_for <= now:
        from .tasks import send_batch

        send_batch.delay_on_commit(mailing.pk)
    return mailing


@transaction.atomic
def mailing_cancel(*, mailing: Mailing, by) -> Mailing:
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.status != Mailing.Status.SCHEDULED:
        raise ValidationError(_("Seule une lettre programmée peut être annulée."))
    mailing.status = Mailing.Status.DRAFT
    mailing.scheduled_for = None
    mailing.save(update_fields=["status", "scheduled_for", "updated_at"])
    return mailing


@transaction.atomic
def mailing_send_batch(*, mailing_id: int, size: int | None = None) -> bool:
    """Promise the mailing to its next batch of recipients. Returns True when more remain.

    Holds the mailing's row lock: two workers never run the same mailing's batch at once, and
    the second sees what the first promised."""
    size = size or _batch_size()
    mailing = (
        Mailing.objects.select_for_update().select_related("segment").filter(pk=mailing_id).first()
    )
    now = timezone.now()
    if mailing is None or mailing.status not in (Mailing.Status.SCHEDULED, Mailing.Status.SENDING):
        return False
    if mailing.status == Mailing.Status.SCHEDULED:
        if mailing.scheduled_for and mailing.scheduled_for > now:
            return False  # not yet: the beat job starts it when due
        mailing.status = Mailing.Status.SENDING
        mailing.started_at = now
    already = Delivery.objects.filter(mailing=mailing, user=OuterRef("pk"))
    batch = list(
        selectors.segment_recipients(mailing.segment)
        .exclude(Exists(already))
        .only("pk", "email", "first_name", "last_name")[:size]
    )
    html_body = emails.rendered_body(mailing)
    Delivery.objects.bulk_create(
        [Delivery(mailing=mailing, user=person, email=person.email) for person in batch],
        ignore_conflicts=True,
    )
    for person in batch:
        message = emails.build_message(mailing=mailing, user=person, html_body=html_body)
        queue_email(message, key=f"mailings.mailing:{mailing.pk}:{person.pk}")
    mailing.progressed_at = now
    more = len(batch) == size
    if not more:
        mailing.status = Mailing.Status.SENT
        mailing.sent_at = now
        mailing.recipients_count = Delivery.objects.filter(mailing=mailing).count()
    mailing.save()
    return more


def stalled_or_due(*, now=None, stall=timedelta(minutes=2)) -> list[int]:
    """Mailings the beat job (re)starts: scheduled and due, or sending without progress for
    `stall` (a killed worker, a lost task)."""
    from django.db.models import Q

    now = now or timezone.now()
    return list(
        Mailing.objects.filter(
            Q(status=Mailing.Status.SCHEDULED, scheduled_for__lte=now)
            | Q(status=Mailing.Status.SENDING, progressed_at__lt=now - stall)
            | Q(status=Mailing.Status.SENDING, progressed_at__isnull=True)
        ).values_list("pk", flat=True)
    )


# --------------------------------------------------------------------- consent and preferences
@transaction.atomic
def unsubscribe(*, user, source: str, mailing: Mailing | None = None) -> bool:
    """Stop mailings to this person. Returns False when they were not subscribed."""
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not person.newsletter:
        return False
    person.newsletter = False
    person.save(update_fields=["newsletter"])
    SubscriptionEvent.objects.create(
        user=person,
        email=person.email,
        kind=SubscriptionEvent.Kind.UNSUBSCRIBED,
        source=source,
        mailing=mailing,
    )
    return True


@transaction.atomic
def preferences_update(*, user, newsletter: bool, filieres) -> None:
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.select_for_update().get(pk=user.pk)
    if person.newsletter != newsletter:
        person.newsletter = newsletter
        person.save(update_fields=["newsletter"])
        SubscriptionEvent.objects.create(
            user=person,
            email=person.email,
            kind=(
                SubscriptionEvent.Kind.SUBSCRIBED
                if newsletter
                else SubscriptionEvent.Kind.UNSUBSCRIBED
            ),
            source=SubscriptionEvent.Source.PROFILE,
        )
    wanted = {filiere.pk for filiere in filieres}
    FiliereInterest.objects.filter(user=person).exclude(filiere__in=wanted).delete()
    FiliereInterest.objects.bulk_create(
        [FiliereInterest(user=person, filiere_id=pk) for pk in wanted], ignore_conflicts=True
    )


@transaction.atomic
def bounce_record(*, email: str, detail: str = "") -> bool:
    """A hard bounce: the address stops receiving mailings (the person may subscribe again from
    the profile once the address is fixed). Returns False for an unknown address."""
    from django.contrib.auth import get_user_model

    person = (
        get_user_model().objects.select_for_update().filter(email__iexact=email.strip()).first()
    )
    if person is None:
        return False
    person.newsletter = False
    person.save(update_fields=["newsletter"])
    SubscriptionEvent.objects.create(
        user=person,
        email=person.email,
        kind=SubscriptionEvent.Kind.BOUNCED,
        source=SubscriptionEvent.Source.COMMAND,
        detail=detail[:300],
    )
    return True


# ---------------------------------------------------------------------------------- exports
@transaction.atomic
def export_log(*, by, export: str, file_format: str, detail: str = "") -> ExportLog:
    return ExportLog.objects.create(
        user=by, export=export, file_format=file_format, detail=detail[:200]
    )


def forget_erased_person(sender=None, *, user, former=None, **kwargs) -> None:
    """RGPD erasure (accounts.signals.user_erased): the addresses kept with deliveries and
    subscription events go; the counts stay. Filière interests are removed."""
    Delivery.objects.filter(user=user).update(email="")
    SubscriptionEvent.objects.filter(user=user).update(email="", detail="")
    FiliereInterest.objects.filter(user=user).delete()
