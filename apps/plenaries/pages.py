"""Plenaries on the shared meeting page scaffold."""

from django.utils.translation import gettext_lazy as _

from apps.governance.models import Meeting
from apps.governance.pages import MeetingPage

from .selectors import plenary_for_viewer

PLENARY_PAGE = MeetingPage(
    kinds=(Meeting.Kind.PLENARY,),
    detail_url="plenaries:detail",
    section_url="plenaries:list",
    section_label=_("Plénières"),
    selector=plenary_for_viewer,
    not_found=_("Cette plénière n'existe pas ou ne vous est pas accessible."),
    cancelled_text=_("Cette plénière est annulée."),
    draft_text=_(
        "Brouillon : seule l'équipe projet voit cette plénière tant qu'elle n'est pas publiée."
    ),
    status_labels={Meeting.Status.SCHEDULED: _("Publiée")},
    list_status_labels={Meeting.Status.SCHEDULED: ""},
    members_label="",
)
