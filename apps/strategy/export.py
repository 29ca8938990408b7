"""Strategy's part of the RGPD export: one's contributions and the contributions one supports."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.export import Section

from .models import Contribution, Support


def contributions(user) -> list[dict]:
    rows = (
        Contribution.objects.filter(author=user)
        .select_related("meeting")
        .order_by("created_at", "pk")
    )
    return [
        {
            "meeting": c.meeting.title if c.meeting else str(_("En ligne")),
            "type": str(c.get_type_display()),
            "text": c.text,
            "hidden": c.is_hidden,
            "created_at": c.created_at.isoformat(),
        }
        for c in rows
    ]


def supports(user) -> list[dict]:
    rows = (
        Support.objects.filter(user=user)
        .select_related("contribution__meeting")
        .order_by("created_at", "pk")
    )
    return [
        {
            "meeting": (
                s.contribution.meeting.title if s.contribution.meeting else str(_("En ligne"))
            ),
            "contribution": s.contribution.text,
            "created_at": s.created_at.isoformat(),
        }
        for s in rows
    ]


SECTIONS = (
    Section(
        key="contributions",
        title=_("Vos contributions"),
        columns={
            "meeting": _("Atelier"),
            "type": _("Type"),
            "text": _("Texte"),
            "hidden": _("Masquée"),
            "created_at": _("Le"),
        },
        collect=contributions,
        order=30,
    ),
    Section(
        key="supports",
        title=_("Contributions que vous soutenez"),
        columns={
            "meeting": _("Atelier"),
            "contribution": _("Contribution"),
            "created_at": _("Soutenue le"),
        },
        collect=supports,
        order=40,
    ),
)
