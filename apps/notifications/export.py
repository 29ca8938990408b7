"""Notifications' part of the RGPD export (what one follows, one's notifications and email
preference), and what an erasure removes."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.export import Section

from .models import Follow, Notification, Preference


def follows(user) -> list[dict]:
    rows = Follow.objects.filter(user=user).select_related("content_type").order_by("pk")
    return [
        {
            "kind": str(f.content_type.model_class()._meta.verbose_name)
            if f.content_type.model_class()
            else f.content_type.model,
            "object_id": f.object_id,
            "automatic": f.automatic,
            "created_at": f.created_at.isoformat(),
        }
        for f in rows
    ]


def notifications(user) -> list[dict]:
    from .texts import sentence

    rows = Notification.objects.filter(recipient=user).order_by("-updated_at", "-pk")[:1000]
    return [
        {
            "sentence": sentence(n),
            "detail": n.detail,
            "date": n.updated_at.isoformat(),
            "read": n.read_at is not None,
        }
        for n in rows
    ]


def preference(user) -> list[dict]:
    from .services import frequency_of

    return [{"frequency": str(Preference.Frequency(frequency_of(user)).label)}]


SECTIONS = (
    Section(
        key="follows",
        title=_("Ce que vous suivez"),
        columns={
            "kind": _("Type"),
            "object_id": _("Identifiant"),
            "automatic": _("Automatique"),
            "created_at": _("Depuis le"),
        },
        collect=follows,
        order=150,
    ),
    Section(
        key="notifications",
        title=_("Vos notifications"),
        columns={
            "sentence": _("Notification"),
            "detail": _("Détail"),
            "date": _("Date"),
            "read": _("Lue"),
        },
        collect=notifications,
        order=151,
    ),
    Section(
        key="notification_preference",
        title=_("Vos courriels de notification"),
        columns={"frequency": _("Fréquence")},
        collect=preference,
        order=152,
    ),
)


def forget_erased_person(sender, user, **kwargs):
    """An erased person follows nothing and keeps no notification."""
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()
