"""Signals other apps listen to (they sit on higher floors: accounts never imports them)."""

from django.dispatch import Signal

# Sent inside the erasure transaction, before the user row is anonymised: `user`.
# A receiver detaches or deletes what its app holds about the person.
user_erased = Signal()
