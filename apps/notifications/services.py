"""Following, notifying (grouped), reading, email preferences and digests.

`notify` is called by the receivers of the lower floors' signals, inside the transaction of the
change: the notifications and the promised emails (outbox rows) commit with it or not at all.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import outbox

from . import subjects
from .models import Follow, Notification, Preference

# Events of one kind on the same object within this window add to one unread notification.
GROUPING_WINDOW = timedelta(hours=24)
EMAIL_HANDLER = "notifications.email"
DIGEST_HANDLER = "notifications.digest"


# ------------------------------------------------------------------------------ the counter
def unread_cache_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def forget_unread_counts(user_ids: Iterable[int]) -> None:
    keys = [unread_cache_key(pk) for pk in user_ids]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))
        cache.delete_many(keys)


# ------------------------------------------------------------------------------------ follows
def is_following(*, user, target) -> bool:
    if not user.is_authenticated:
        return False
    meta = target._meta
    return Follow.objects.filter(
        user=user,
        content_type__app_label=meta.app_label,
        content_type__model=meta.model_name,
        object_id=target.pk,
    ).exists()  # one query, whether or not Django's content-type cache is warm


@transaction.atomic
def follow(*, user, target, automatic: bool = False) -> Follow | None:
    """Follow `target` (a followable thing); None when already followed."""
    label = subjects.label_of(target)
    if label not in subjects.followable_labels():
        raise ValidationError(_("On ne peut pas suivre ce type d'élément."))
    if not subjects.audience_of(target, [user.pk]):
        raise ValidationError(_("Cet élément n'est pas accessible."))
    try:
        with transaction.atomic():
            return Follow.objects.create(
                user=user,
                content_type=ContentType.objects.get_for_model(target),
                object_id=target.pk,
                automatic=automatic,
            )
    except IntegrityError:
        return None


@transaction.atomic
def unfollow(*, user, target) -> bool:
    deleted, _rows = Follow.objects.filter(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    ).delete()
    return bool(deleted)


def follow_many(*, user_ids: Iterable[int], target, automatic: bool = True) -> None:
    """Automatic follows (one's own actions): one INSERT, existing ones kept as they are."""
    content_type = ContentType.objects.get_for_model(target)
    Follow.objects.bulk_create(
        [
            Follow(user_id=pk, content_type=content_type, object_id=target.pk, automatic=automatic)
            for pk in set(user_ids)
            if pk
        ],
        ignore_conflicts=True,
    )


def followers_of(*targets) -> set[int]:
    """The people following any of `targets` (None entries ignored), in one query."""
    condition = Q()
    for target in targets:
        if target is None:
            continue
        condition |= Q(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    if not condition:
        return set()
    return set(Follow.objects.filter(condition).values_list("user_id", flat=True))


# ------------------------------------------------------------------------------- preferences
def frequencies_of(user_ids: Iterable[int]) -> dict[int, str]:
    user_ids = set(user_ids)
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids).values_list("user_id", "frequency")
    )
    return {pk: chosen.get(pk, Preference.DEFAULT) for pk in user_ids}


def frequency_of(user) -> str:
    return frequencies_of([user.pk])[user.pk]


@transaction.atomic
def preference_set(*, user, frequency: str) -> Preference:
    if frequency not in Preference.Frequency.values:
        raise ValidationError({"frequency": _("Choisissez une des fréquences proposées.")})
    preference, _created = Preference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    if frequency == Preference.Frequency.NONE:
        # Nothing is emailed any more, not even what was waiting for a digest.
        Notification.objects.filter(recipient=user, email=Notification.Email.PENDING).update(
            email=Notification.Email.SKIPPED
        )
    return preference


# --------------------------------------------------------------------------------- notifying
@transaction.atomic
def notify(
    *,
    kind: str,
    target,
    recipients: Iterable[int],
    subject: str,
    url: str,
    detail: str = "",
    source=None,
    by=None,
    without_email: Iterable[int] = (),
) -> int:
    """Tell `recipients` about an event on `target`. Returns how many people were told.

    Only those who may see `target` (and `source`, when given) are told; never the person who
    did it. An unread notification of the same kind on the same target, less than
    GROUPING_WINDOW old, is updated (count + 1) instead of a new one. A new notification is
    emailed at once to those who chose « tout de suite » (`without_email`: people another
    email already told).
    """
    from django.contrib.auth import get_user_model

    recipients = set(recipients) - {getattr(by, "pk", None), None}
    if not recipients:
        return 0
    recipients = set(
        get_user_model()
        .objects.filter(pk__in=recipients, is_active=True)
        .values_list("pk", flat=True)
    )
    recipients = subjects.audience_of(target, recipients)
    if source is not None:
        recipients = subjects.audience_of(source, recipients)
    if not recipients:
        return 0
    now = timezone.now()
    target_type = ContentType.objects.get_for_model(target)
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    subject = str(subject)[:300]
    detail = " ".join(str(detail).split())[:600]

    open_rows = Notification.objects.select_for_update().filter(
        recipient_id__in=recipients,
        kind=kind,
        target_type=target_type,
        target_id=target.pk,
        read_at__isnull=True,
        updated_at__gte=now - GROUPING_WINDOW,
    )
    grouped = dict(open_rows.values_list("recipient_id", "pk"))
    if grouped:
        Notification.objects.filter(pk__in=list(grouped.values())).update(
            count=F("count") + 1,
            updated_at=now,
            subject=subject,
            detail=detail,
            url=url,
            source_type=source_type,
            source_id=getattr(source, "pk", None),
        )
    frequencies = frequencies_of(set(recipients) - set(grouped))
    without_email = set(without_email)
    new = []
    for user_id, frequency in frequencies.items():
        silent = frequency == Preference.Frequency.NONE or user_id in without_email
        new.append(
            Notification(
                recipient_id=user_id,
                kind=kind,
                target_type=target_type,
                target_id=target.pk,
                source_type=source_type,
                source_id=getattr(source, "pk", None),
                subject=subject,
                detail=detail,
                url=url,
                updated_at=now,
                email=Notification.Email.SKIPPED if silent else Notification.Email.PENDING,
            )
        )
    created = Notification.objects.bulk_create(new)
    for notification in created:
        if (
            notification.email == Notification.Email.PENDING
            and frequencies[notification.recipient_id] == Preference.Frequency.IMMEDIATE
        ):
            outbox.enqueue(
                EMAIL_HANDLER,
                key=f"notifications:email:{notification.pk}",
                payload={"notification_id": notification.pk},
            )
    forget_unread_counts(recipients)
    return len(recipients)


# ----------------------------------------------------------------------------------- reading
@transaction.atomic
def mark_read(*, user, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise ValidationError(_("Cette notification ne vous est pas destinée."))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        forget_unread_counts([user.pk])


@transaction.atomic
def mark_all_read(*, user) -> int:
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    forget_unread_counts([user.pk])
    return count


# ----------------------------------------------------------------------------------- digests
def digest_period(frequency: str, now=None) -> str:
    """The period a digest covers, in the platform's time zone: « 2026-11-30 », « 2026-W48 »."""
    local = timezone.localtime(now or timezone.now())
    if frequency == Preference.Frequency.WEEKLY:
        year, week, _day = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.date().isoformat()


def _people_on(frequency: str) -> Q:
    if frequency == Preference.DEFAULT:
        others = Preference.objects.exclude(frequency=frequency).values("user_id")
        return ~Q(recipient_id__in=others)
    return Q(recipient_id__in=Preference.objects.filter(frequency=frequency).values("user_id"))


@transaction.atomic
def digests_enqueue(*, frequency: str, now=None) -> int:
    """The beat job: promise one digest per person on `frequency` who has something pending.

    The key names the person and the period: a beat that fires twice, or a job run again after
    a killed worker, never promises a second digest for the same period.
    """
    if frequency not in (Preference.Frequency.DAILY, Preference.Frequency.WEEKLY):
        raise ValueError(frequency)
    now = now or timezone.now()
    period = digest_period(frequency, now)
    user_ids = (
        Notification.objects.filter(
            _people_on(frequency),
            email=Notification.Email.PENDING,
            read_at__isnull=True,
            created_at__lte=now,
            recipient__is_active=True,
        )
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    count = 0
    for user_id in user_ids:
        promised = outbox.enqueue(
            DIGEST_HANDLER,
            key=f"notifications:digest:{frequency}:{period}:u{user_id}",
            payload={
                "user_id": user_id,
                "frequency": frequency,
                "period": period,
                "until": now.isoformat(),
            },
        )
        count += promised is not None
    return count
