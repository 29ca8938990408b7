from .services import document_for_minutes_version


def render_published_minutes(sender, version, by=None, **kwargs):
    """Publication renders the minutes PDF automatically (enqueued after the commit)."""
    document_for_minutes_version(version=version, requested_by=by)
