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
    if document.kind == Document.Kind.SURVEY_RESULTS:
        return user.has_perm("surveys.view_results", document.survey)
    if document.kind == Document.Kind.PARTICIPATION:
        return user.has_perm("observatory.view_observatory")
    return can_view_meeting.test(user, document.meeting)


rules.add_perm("reports.download_document", may_read_source)
rules.add_perm("reports.request_restitution", is_project_team)
# The « bilan de participation »: aggregates only, for whoever reads the observatory.
rules.add_perm(
    "reports.request_participation",
    rules.predicate(lambda user: user.has_perm("observatory.view_observatory")),
)
rules.add_perm("reports.retry_document", is_project_team)
# A survey's results report: whoever reads its results may ask for it (no free text in it).
rules.add_perm(
    "reports.request_survey_results",
    rules.predicate(lambda user, survey: user.has_perm("surveys.view_results", survey)),
)
