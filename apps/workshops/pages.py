"""Workshops on the shared meeting page scaffold (« atelier » is masculine: its own words)."""

from django.utils.translation import gettext_lazy as _

from apps.governance.models import Meeting
from apps.governance.pages import MeetingPage

from .selectors import workshop_for_viewer

WORKSHOP_PAGE = MeetingPage(
    kinds=(Meeting.Kind.WORKSHOP,),
    detail_url="workshops:detail",
    section_url="workshops:programme",
    section_label=_("Ateliers"),
    selector=workshop_for_viewer,
    not_found=_("Cet atelier n'existe pas ou ne vous est pas accessible."),
    cancelled_text=_("Cet atelier est annulé."),
    draft_text=_("Brouillon : seule l'équipe projet voit cet atelier tant qu'il n'est pas publié."),
    status_labels={
        Meeting.Status.DRAFT: _("Brouillon"),
        Meeting.Status.SCHEDULED: "",
        Meeting.Status.CANCELLED: _("Annulé"),
        Meeting.Status.HELD: _("Tenu"),
    },
    members_label=_("Réservé aux membres du groupe"),
)
