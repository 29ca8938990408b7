"""Signals other apps listen to, so that the minutes never import them (dependencies point
from the higher apps, e.g. reports, to the minutes)."""

from django.dispatch import Signal

# Sent inside the publishing transaction with `version` (a MinutesVersion); receivers enqueue
# their work with on_commit (reports renders the PDF).
minutes_published = Signal()

# Sent inside the transaction that rewrote a published version's frozen copy (an erased person's
# name replaced by a neutral label), with `version`; reports renders its PDF again.
minutes_version_redacted = Signal()
