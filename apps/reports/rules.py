"""Downloads follow the rules of what the document renders (a guessed address gets a 404)."""

import rules

from apps.accounts.rules import is_project_team
from apps.governance.rules import can_view_meeting
from apps.minutes.rules import can_read_minutes

from .models import Document


@rules.predicate
def may_read_source(user, document):
    if document is None:
        return False
    if document.kind == Document.Kind.MINUTES:
        return can_read_minutes.test(user, document.minutes_version.minutes)
    return can_view_meeting.test(user, document.meeting)


rules.add_perm("reports.download_document", may_read_source)
rules.add_perm("reports.request_restitution", is_project_team)
rules.add_perm("reports.retry_document", is_project_team)
