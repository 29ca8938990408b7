"""Working groups' part of the RGPD export: one's requests to join a group."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.export import Section

from .models import JoinRequest


def join_requests(user) -> list[dict]:
    rows = JoinRequest.objects.filter(user=user).select_related("group__body").order_by("pk")
    return [
        {
            "group": r.group.body.name,
            "message": r.message,
            "status": str(r.get_status_display()),
            "created_at": r.created_at.isoformat(),
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
        }
        for r in rows
    ]


SECTIONS = (
    Section(
        key="join_requests",
        title=_("Demandes d'adhésion aux groupes de travail"),
        columns={
            "group": _("Groupe"),
            "message": _("Message"),
            "status": _("Statut"),
            "created_at": _("Demandée le"),
            "decided_at": _("Décidée le"),
        },
        collect=join_requests,
        order=50,
    ),
)
