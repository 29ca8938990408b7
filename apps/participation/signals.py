"""Signals of online participation, so that higher apps (notifications, reports) plug in
without this app importing them. Each is sent INSIDE the transaction of the change: a receiver
with a side effect writes it through the outbox (`core.outbox.enqueue`) in that transaction.

Receivers that tell people about an object must check `participation.visibility.can_view(user,
obj)` for each recipient: a call reserved to a working group, a hidden comment never leaks.
"""

from django.dispatch import Signal

# A call for contributions was opened: `call` (Call).
call_opened = Signal()

# A comment was posted: `comment` (Comment; `comment.parent` for a reply, `comment.contribution`
# or `comment.action` for what it is about).
comment_posted = Signal()

# A prioritisation was closed (its results are final): `prioritisation` (Prioritisation).
prioritisation_closed = Signal()

# An action was proposed for a COPIL session's agenda: `proposal` (Proposal, with its
# agenda item). reports renders its PDF annex on this signal.
action_proposed = Signal()

# The COPIL decided on a proposal (minutes published): `proposal`, `decision` (minutes Decision).
proposal_decided = Signal()
