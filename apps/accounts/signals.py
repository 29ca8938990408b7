"""Signals the apps above listen to, so that accounts never imports them."""

from django.dispatch import Signal

# Sent inside the erasure transaction, after the person's row was anonymised, with `user` (the
# anonymised row) and `former` (an ErasedIdentity: the name, email and organisation the
# platform held until then). Receivers remove what they keep about the person: governance ends
# the memberships, minutes replace the name in published versions (reports re-renders them).
user_erased = Signal()
