"""Signals of the governance floor, so that higher apps (notifications) plug in without
governance importing them. Each is sent inside the transaction of the change."""

from django.dispatch import Signal

# A meeting left its draft and became visible (a workshop or plenary opened to registrations, a
# COPIL session convoked): `meeting`, `by` (the user, or None). Sent once, on that first step.
meeting_published = Signal()
