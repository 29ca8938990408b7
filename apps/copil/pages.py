"""The COPIL's sessions (and the technical committee's) on the shared meeting page scaffold."""

from django.utils.translation import gettext_lazy as _

from apps.governance.models import Meeting
from apps.governance.pages import MeetingPage

from .selectors import session_for_viewer

SESSION_PAGE = MeetingPage(
    kinds=(Meeting.Kind.COPIL, Meeting.Kind.TECHNICAL_COMMITTEE),
    detail_url="copil:session",
    section_url="copil:index",
    section_label=_("COPIL"),
    selector=session_for_viewer,
    not_found=_("Cette séance n'existe pas ou ne vous est pas accessible."),
    cancelled_text=_("Cette séance est annulée."),
    draft_text=_(
        "Brouillon : seule l'équipe projet voit cette séance tant que la convocation n'est pas "
        "envoyée."
    ),
    members_label=_("Réservée aux membres"),
    online_note=_("Le lien est communiqué aux personnes convoquées."),
)
