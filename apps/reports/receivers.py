from .services import (
    document_for_minutes_version,
    document_for_proposal,
    document_rerender_minutes_version,
)


def render_published_minutes(sender, version, by=None, **kwargs):
    """Publication renders the minutes PDF automatically (enqueued after the commit)."""
    document_for_minutes_version(version=version, requested_by=by)


def rerender_redacted_minutes(sender, version, **kwargs):
    """A version's frozen copy changed (an erased person): its PDF must say the same."""
    document_rerender_minutes_version(version=version)


def render_proposal_annex(sender, proposal, **kwargs):
    """An action proposed to the COPIL: its prepared file becomes a PDF annex (after commit)."""
    document_for_proposal(proposal=proposal, requested_by=proposal.proposed_by)
