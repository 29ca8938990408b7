"""Segments, mailings and exports are the project team's; the archive of sent mailings is public."""

import rules

from apps.accounts.rules import is_project_team


@rules.predicate
def mailing_is_archived(user, mailing):
    return mailing is not None and mailing.status == mailing.Status.SENT and mailing.in_archive


rules.add_perm("mailings.manage_mailings", is_project_team)
rules.add_perm("mailings.view_mailing", mailing_is_archived | is_project_team)
# Exports hold personal data: the project team only; each download is logged.
rules.add_perm("mailings.export_data", is_project_team)
