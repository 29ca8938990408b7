"""Who manages the service offer and turns a gap into a priority action."""

import rules

from apps.accounts.rules import is_project_team

rules.add_perm("marketing.manage_offer", is_project_team)
rules.add_perm("marketing.action_from_gap", is_project_team)
