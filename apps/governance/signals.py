"""Signals other apps listen to, so that governance never imports them (dependencies point
from the specific apps to governance)."""

from django.dispatch import Signal

# Sent inside the publishing transaction with `version` (a MinutesVersion); receivers enqueue
# their work with on_commit (reports renders the PDF).
minutes_published = Signal()
