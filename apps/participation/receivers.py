"""What participation does when the floors below announce something."""

from .services import decisions_apply


def decisions_flow_back(sender, version, by=None, **kwargs):
    """Minutes published: the COPIL's decisions about proposed actions flow back to the
    proposals and the actions' status (in the publishing transaction)."""
    decisions_apply(minutes=version.minutes, by=by)
