"""Minutes' part of the RGPD export: the minutes one drafted and one's review comments."""

from django.db.models import Count, Max, Min
from django.utils.translation import gettext_lazy as _

from apps.accounts.export import Section

from .models import MinutesComment, MinutesRevision


def drafted(user) -> list[dict]:
    rows = (
        MinutesRevision.objects.filter(author=user)
        .values("minutes_id", "minutes__meeting__title")
        .annotate(revisions=Count("pk"), first=Min("created_at"), last=Max("created_at"))
        .order_by("first", "minutes_id")
    )
    return [
        {
            "meeting": row["minutes__meeting__title"],
            "revisions": row["revisions"],
            "first": row["first"].isoformat(),
            "last": row["last"].isoformat(),
        }
        for row in rows
    ]


def comments(user) -> list[dict]:
    rows = (
        MinutesComment.objects.filter(author=user)
        .select_related("minutes__meeting")
        .order_by("created_at", "pk")
    )
    return [
        {
            "meeting": c.minutes.meeting.title,
            "revision": c.revision,
            "text": c.text,
            "created_at": c.created_at.isoformat(),
        }
        for c in rows
    ]


SECTIONS = (
    Section(
        key="minutes_drafted",
        title=_("Comptes rendus que vous avez rédigés"),
        columns={
            "meeting": _("Réunion"),
            "revisions": _("Révisions enregistrées"),
            "first": _("Première le"),
            "last": _("Dernière le"),
        },
        collect=drafted,
        order=60,
    ),
    Section(
        key="minutes_comments",
        title=_("Vos commentaires de relecture"),
        columns={
            "meeting": _("Réunion"),
            "revision": _("Sur la révision"),
            "text": _("Commentaire"),
            "created_at": _("Le"),
        },
        collect=comments,
        order=70,
    ),
)
