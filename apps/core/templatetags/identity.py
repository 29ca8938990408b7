"""`{% load identity %}`: the wordmark and the pictograms (apps/core/identity.py).

`{% pictogram "objectif" objective.slug %}` — a decorative <img> (empty alt: the name is
written beside it); `{% pictogram "filiere" slug size="sm" %}` a small one inline;
`{% pictogram_url "filiere" slug %}` the URL alone; `{% wordmark_url %}`. In a PDF, add
`pdf=True`: the plain /static/ path that the report's URL fetcher reads from the static
finders (the worker may run without the collected manifest of hashed names).
"""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html

from apps.core.identity import WORDMARK, pictogram_path, pictogram_url

register = template.Library()


@register.simple_tag
def pictogram(kind, slug="", size=""):
    css = "pictogram pictogram-sm" if size == "sm" else "pictogram"
    return format_html(
        '<img src="{}" alt="" class="{}" width="48" height="48">', pictogram_url(kind, slug), css
    )


@register.simple_tag(name="pictogram_url")
def pictogram_url_tag(kind, slug="", pdf=False):
    if pdf:
        return settings.STATIC_URL + pictogram_path(kind, slug or "")
    return pictogram_url(kind, slug)


@register.simple_tag
def wordmark_url(pdf=False):
    return settings.STATIC_URL + WORDMARK if pdf else static(WORDMARK)
