"""The observatory's part of a person's RGPD export: the targeted invitations they received."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.export import Section

from .models import Invitation


def invitations(user) -> list[dict]:
    rows = Invitation.objects.filter(user=user).select_related("meeting").order_by("created_at")
    return [
        {
            "meeting": invitation.meeting.title,
            "start": invitation.meeting.start.isoformat(),
            "invited_at": invitation.created_at.isoformat(),
        }
        for invitation in rows
    ]


SECTION = Section(
    key="targeted_invitations",
    title=_("Invitations ciblées reçues (ateliers où votre profil manquait)"),
    columns={
        "meeting": _("Réunion"),
        "start": _("Date"),
        "invited_at": _("Invitation envoyée le"),
    },
    collect=invitations,
    order=15,
)
