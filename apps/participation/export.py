"""Participation's part of the RGPD export: one's comments and ballots."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.export import Section

from .models import BallotPoints, Comment


def comments(user) -> list[dict]:
    rows = Comment.objects.filter(author=user).order_by("created_at", "pk")
    return [
        {
            "text": c.text,
            "on": f"contribution {c.contribution_id}"
            if c.contribution_id
            else f"action {c.action_id}",
            "hidden": c.is_hidden,
            "created_at": c.created_at.isoformat(),
        }
        for c in rows
    ]


def ballots(user) -> list[dict]:
    rows = (
        BallotPoints.objects.filter(ballot__user=user)
        .select_related("ballot__prioritisation", "action")
        .order_by("ballot__prioritisation_id", "pk")
    )
    return [
        {
            "prioritisation": line.ballot.prioritisation.title,
            "action": line.action.title,
            "points": line.points,
        }
        for line in rows
    ]


SECTIONS = (
    Section(
        key="comments",
        title=_("Vos commentaires"),
        columns={"text": _("Texte"), "on": _("Sur"), "hidden": _("Masqué"), "created_at": _("Le")},
        collect=comments,
        order=45,
    ),
    Section(
        key="ballots",
        title=_("Vos votes de priorisation"),
        columns={"prioritisation": _("Priorisation"), "action": _("Action"), "points": _("Points")},
        collect=ballots,
        order=46,
    ),
)
