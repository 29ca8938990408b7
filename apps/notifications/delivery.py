"""The outbox handlers: one notification emailed at once, or a person's digest.

Both check again, when they run, what the person may see (a contribution hidden in between is
never emailed) and what they chose (a preference changed in between is honoured). The rows
are marked in the same transaction as the sending: a failed send leaves them pending.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from .models import Notification, Preference
from .selectors import keep_visible
from .services import frequency_of
from .texts import sentence

DIGEST_LIMIT = 30


def _absolute(url: str) -> str:
    return url if url.startswith("http") else settings.SITE_URL + url


def _send(*, user, template: str, context: dict) -> None:
    context = {
        **context,
        "user": user,
        "SITE_NAME": settings.SITE_NAME,
        "centre_url": _absolute(reverse("notifications:centre")),
        "preferences_url": _absolute(reverse("notifications:preferences")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _prepare(notifications) -> None:
    for n in notifications:
        n.sentence = sentence(n)
        n.absolute_url = _absolute(reverse("notifications:open", args=[n.pk]))


def deliver_email(payload: dict) -> None:
    """« Tout de suite »: one email for one (possibly grouped) notification."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=payload["notification_id"])
            .first()
        )
        if notification is None or notification.email != Notification.Email.PENDING:
            return
        user = notification.recipient
        frequency = frequency_of(user)
        if frequency in (Preference.Frequency.DAILY, Preference.Frequency.WEEKLY):
            return  # the person chose a digest since: it will carry this one
        ok = (
            user.is_active
            and user.email
            and notification.read_at is None
            and frequency == Preference.Frequency.IMMEDIATE
            and keep_visible([notification], user=user)
        )
        if not ok:
            Notification.objects.filter(pk=notification.pk).update(email=Notification.Email.SKIPPED)
            return
        _prepare([notification])
        Notification.objects.filter(pk=notification.pk).update(email=Notification.Email.SENT)
        _send(user=user, template="notification", context={"notification": notification})


def deliver_digest(payload: dict) -> None:
    """A daily or weekly digest: what is pending, visible and unread up to `until`. Never an
    empty digest: with nothing left to say, nothing is sent."""
    from apps.accounts.models import User

    until = parse_datetime(payload["until"]) or timezone.now()
    with transaction.atomic():
        user = User.objects.filter(pk=payload["user_id"]).first()
        if user is None:
            return
        pending = Notification.objects.select_for_update().filter(
            recipient=user, email=Notification.Email.PENDING, created_at__lte=until
        )
        if not user.is_active or not user.email or frequency_of(user) != payload["frequency"]:
            return
        rows = list(pending.order_by("read_at", "-updated_at", "-pk"))
        unread = [n for n in rows if n.read_at is None]
        visible = keep_visible(unread, user=user)
        Notification.objects.filter(pk__in=[n.pk for n in rows]).exclude(
            pk__in=[n.pk for n in visible]
        ).update(email=Notification.Email.SKIPPED)
        if not visible:
            return
        shown = visible[:DIGEST_LIMIT]
        _prepare(shown)
        Notification.objects.filter(pk__in=[n.pk for n in visible]).update(
            email=Notification.Email.SENT
        )
        _send(
            user=user,
            template="digest",
            context={
                "notifications": shown,
                "more": len(visible) - len(shown),
                "total": len(visible),
                "weekly": payload["frequency"] == Preference.Frequency.WEEKLY,
                "period": payload["period"],
            },
        )
