"""Demo PDFs: the restitution report of the coming plenary (minutes PDFs are rendered as the
minutes demo publishes them). Runs last in `manage.py seed_demo`."""

from apps.accounts.demo import demo_account_user
from apps.governance.models import Meeting

from .models import Document
from .services import document_for_restitution

DEMO_PHASE = 2  # after the minutes


def seed_demo_data(*, render_pdfs: bool = True, **options) -> list[str]:
    lead = demo_account_user(role="equipe-projet")
    if render_pdfs:
        restitution = Meeting.objects.filter(slug="pleniere-restitution").first()
        if restitution:
            document_for_restitution(meeting=restitution, requested_by=lead)
    return [f"  Documents PDF : {Document.objects.count()}"]
