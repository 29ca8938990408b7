"""Signals of the strategy floor, so that higher apps (notifications, participation, reports)
plug in without strategy importing them.

Each is sent inside the transaction of the change; a receiver that has a side effect to deliver
(an email, a notice) writes it through the outbox (`core.outbox.enqueue`) in that same transaction.
"""

from django.dispatch import Signal

# An action cites new origin contributions: `action` (PriorityAction), `contributions` (the newly
# linked ones, a list), `by` (the user, or None), `created` (True when the action was just made).
contributions_linked_to_action = Signal()

# An action's status changed: `action`, `old_status`, `new_status`, `by` (user or None) and
# `source` (what decided it, e.g. a minutes Decision, or None for an edit by the project team).
action_status_changed = Signal()
