"""The meeting page scaffold in templates (see governance/pages.py):

{% load meetings %}
{% meeting_header meeting %}                      breadcrumb, title, status badge, notices
{% meeting_badge meeting %}                       the status badge alone (lists)
{% meeting_breadcrumb meeting current=title %}    a sub-page (form, attendance…)
{% meeting_breadcrumb kind="workshop" current=title %}   a page before the meeting exists
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..pages import page_for

register = template.Library()

BADGE_CLASSES = {
    "draft": "text-bg-secondary",
    "scheduled": "text-bg-success",
    "cancelled": "text-bg-danger",
    "held": "text-bg-dark",
}


def _badge(meeting, *, in_list: bool = False) -> dict:
    page = page_for(meeting.kind)
    labels = {**(page.status_labels if page else {})}
    if in_list and page is not None:
        labels.update(page.list_status_labels)
    label = labels[meeting.status] if meeting.status in labels else meeting.get_status_display()
    return {
        "meeting": meeting,
        "label": label,
        "badge_class": BADGE_CLASSES.get(meeting.status, "text-bg-dark"),
        "members_label": page.members_label if page else "",
    }


@register.simple_tag
def meeting_page(meeting):
    """`{% meeting_page meeting as page %}`: the MeetingPage its body app registered."""
    return page_for(meeting.kind)


@register.simple_tag
def meeting_badge(meeting, *, in_list=False):
    """The status badge (`in_list`: with the page's list labels, e.g. no « Publiée » in lists);
    `{% meeting_badge meeting as badge %}` gives "" when there is nothing to show."""
    html = render_to_string("governance/_status_badge.html", _badge(meeting, in_list=in_list))
    return mark_safe(html.strip())  # noqa: S308 - our own template, autoescaped


@register.inclusion_tag("governance/_breadcrumb.html")
def meeting_breadcrumb(meeting=None, *, kind=None, current=None):
    meeting = meeting or None  # an absent context variable arrives as ""
    page = page_for(meeting.kind if meeting is not None else kind)
    return {"page": page, "meeting": meeting, "current": current}


@register.inclusion_tag("governance/_meeting_header.html")
def meeting_header(meeting):
    return {
        **_badge(meeting),
        "page": page_for(meeting.kind),
        "breadcrumb": meeting_breadcrumb(meeting),
    }
