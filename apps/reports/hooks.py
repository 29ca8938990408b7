"""What reports adds to the pages of lower apps (apps/core/hooks.py): the PDF of a published
minutes version, as a status box on its page and as a link in lists; a plenary's restitution
report on the plenary page."""

from apps.core.hooks import render_template


def _document_of(version):
    """The version's PDF (prefetched through `related=("documents",)`), or None."""
    documents = list(version.documents.all()) if version is not None else []
    return documents[0] if documents else None


def minutes_version_box(context, *, version=None, **kwargs) -> str:
    document = _document_of(version)
    if document is None:
        return ""
    return render_template("reports/_document_status.html", context, document=document)


def minutes_version_row(context, *, version=None, **kwargs) -> str:
    document = _document_of(version)
    if document is None:
        return ""
    return " · " + render_template("reports/_pdf_link.html", context, document=document)


def plenary_restitution_box(context, *, meeting=None, **kwargs) -> str:
    """The latest restitution report rendered for this plenary, and the button to produce it."""
    from .restitution import contributions_since

    report = meeting.documents_rendered.filter(kind="restitution").order_by("-created_at").first()
    news = contributions_since(meeting=meeting, since=report.created_at) if report else 0
    return render_template("reports/_restitution_box.html", context, report=report, news=news)


def proposal_annex_box(context, *, proposal=None, **kwargs) -> str:
    """The PDF annex of an action proposed to the COPIL (rendered when it was proposed)."""
    if proposal is None:
        return ""
    document = proposal.documents.order_by("-created_at").first()
    if document is None:
        return ""
    return render_template("reports/_proposal_annex.html", context, document=document)
