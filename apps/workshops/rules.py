"""Who may see, manage and check people in at a workshop (django-rules).

Deny by default: every workshop view checks one of these, templates use {% has_perm %}.
The predicates are governance's and strategy's; this file only names the permissions.
"""

import rules

from apps.accounts.rules import is_project_team
from apps.governance.rules import can_view_meeting, is_draft, is_meeting_facilitator

# A named facilitator runs the workshop even when it is reserved to a group they are not a
# member of; drafts stay the project team's. `selectors.workshops_visible_to` is the queryset
# form of this predicate: both must stay in step (tests/workshops/test_permissions.py).
can_view_workshop = can_view_meeting | (~is_draft & is_meeting_facilitator)

rules.add_perm("workshops.view_workshop", can_view_workshop)
rules.add_perm("workshops.manage_workshop", is_project_team)
rules.add_perm("workshops.checkin", is_project_team | is_meeting_facilitator)
