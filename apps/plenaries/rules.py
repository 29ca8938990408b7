"""Who may see and manage plenaries (django-rules). A plenary is a governance Meeting (kind
plenary): seeing one follows governance's rule (never a draft except for the project team);
the project team schedules, edits, publishes and cancels them."""

import rules

from apps.accounts.rules import is_project_team
from apps.governance.rules import can_view_meeting

rules.add_perm("plenaries.view_plenary", can_view_meeting)
rules.add_perm("plenaries.add_plenary", is_project_team)
rules.add_perm("plenaries.manage_plenary", is_project_team)
