"""Governance's part of the RGPD export: one's participations (invitations, answers,
registrations, attendance) and memberships of bodies."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.export import Section

from .models import Membership, Participation


def _iso(value):
    return value.isoformat() if value else None


def participations(user) -> list[dict]:
    rows = (
        Participation.objects.filter(user=user)
        .select_related("meeting", "proxy")
        .order_by("meeting__start", "pk")
    )
    return [
        {
            "meeting": p.meeting.title,
            "kind": str(p.meeting.get_kind_display()),
            "start": _iso(p.meeting.start),
            "status": str(p.get_status_display()),
            "answered_at": _iso(p.answered_at),
            "represented_by": p.represented_by,
            "comment": p.comment,
            "attended": p.attended,
            "registered_at": _iso(p.queued_at),
        }
        for p in rows
    ]


def memberships(user) -> list[dict]:
    rows = Membership.objects.filter(user=user).select_related("body").order_by("body__name", "pk")
    return [
        {
            "body": m.body.name,
            "role": str(m.get_role_display()),
            "title": m.title,
            "publicly_listed": m.publicly_listed,
            "since": _iso(m.since),
            "until": _iso(m.until),
        }
        for m in rows
    ]


SECTIONS = (
    Section(
        key="participations",
        title=_("Participations aux réunions (convocations, réponses, inscriptions)"),
        columns={
            "meeting": _("Réunion"),
            "kind": _("Type"),
            "start": _("Date"),
            "status": _("Statut"),
            "answered_at": _("Réponse le"),
            "represented_by": _("Représenté·e par"),
            "comment": _("Commentaire"),
            "attended": _("Présent·e"),
            "registered_at": _("Inscrit·e le"),
        },
        collect=participations,
        order=10,
    ),
    Section(
        key="memberships",
        title=_("Membre des instances"),
        columns={
            "body": _("Instance"),
            "role": _("Rôle"),
            "title": _("Mandat ou fonction"),
            "publicly_listed": _("Nom affiché publiquement"),
            "since": _("Depuis"),
            "until": _("Jusqu'au"),
        },
        collect=memberships,
        order=20,
    ),
)
