"""`{{ version.excerpt|highlighted }}`: a search excerpt, escaped, matched words in <mark>."""

from django import template

from apps.minutes.search import highlighted as _highlighted

register = template.Library()


@register.filter
def highlighted(excerpt):
    return _highlighted(excerpt)
