"""Markdown for contributions and minutes: rendered, then sanitised with nh3.

Whatever the text contains, no script, event handler, style or `javascript:` link reaches a
browser or a PDF: nh3 keeps a short list of tags and attributes and only http(s)/mailto links.
"""

import html

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "h2",
    "h3", "h4", "h5", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    html = md.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def plain_text(text: str) -> str:
    """The words of a Markdown text, without its marks (« Un **guichet** » → « Un guichet »):
    for excerpts, titles and plain-text emails. Not marked safe: templates escape it."""
    rendered = md.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
