"""French typography for what the site renders: `{% load typography %}`.

`typo` — the one filter for the whole site (titles, messages, badges, whole blocks with
`{% filter typo %}…{% endfilter %}`): the space a French writer types before « ; : ! ? % »
and after « becomes non-breaking, so that a closing » or a « ? » never wraps alone at the
start of a line. A narrow no-break space (U+202F) before ; ! ? % » and after «, a no-break
space (U+00A0) before « : » (Imprimerie nationale's rules).

It only changes existing spaces (« https://… » or « 10:30 » have none before the colon) and
never inside tags (attributes, URLs), comments, or `<script>`, `<style>`, `<pre>`, `<code>`,
`<textarea>` (what a person types stays as typed). Plain text is escaped first, HTML marked
safe is processed as HTML.

`file_size` — a size in bytes in French units: « 850 octets », « 120,6 Ko », « 2,4 Mo »
(Django's `filesizeformat` says « Kio », « Mio » in French).
"""

import re

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import ngettext, pgettext

register = template.Library()

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"

# Horizontal spaces only (a line break in the source stays a line break).
_SPACES = r"[ \t\u00a0\u202f]+"
# Before a mark: the mark must end the word (« ? » then space, end, tag or punctuation), so
# « a :b » or « x ;y » in code-like text are left alone.
_BEFORE = re.compile(rf"(?<=\S){_SPACES}([;!?%»])")
_BEFORE_COLON = re.compile(rf"(?<=\S){_SPACES}:(?=\s|$|[<»\"')])")
_AFTER = re.compile(rf"«{_SPACES}(?=\S)")
# Tags, comments and the elements whose text is never touched (content kept whole).
_SKIP = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|pre|code|textarea)\b[^>]*>.*?</\1\s*>"
    r"|<[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def _text(value: str) -> str:
    value = _BEFORE.sub(lambda m: NNBSP + m.group(1), value)
    value = _BEFORE_COLON.sub(NBSP + ":", value)
    return _AFTER.sub("«" + NNBSP, value)


def french_spacing(html: str) -> str:
    """`html` (already escaped) with French non-breaking spaces in its text only."""
    parts = []
    position = 0
    for match in _SKIP.finditer(html):
        parts.append(_text(html[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_text(html[position:]))
    return "".join(parts)


@register.filter(is_safe=True, needs_autoescape=True)
def typo(value, autoescape=True):
    if value is None:
        return ""
    if not isinstance(value, SafeData):
        value = conditional_escape(str(value)) if autoescape else str(value)
    return mark_safe(french_spacing(str(value)))  # noqa: S308 - escaped above, tags untouched


@register.filter
def file_size(value) -> str:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return ngettext("%(n)s octet", "%(n)s octets", size) % {"n": size}
    units = (
        pgettext("kilooctets", "Ko"),
        pgettext("mégaoctets", "Mo"),
        pgettext("gigaoctets", "Go"),
    )
    for index, unit in enumerate(units):
        size /= 1024
        if size < 1024 or index == len(units) - 1:
            return f"{number_format(round(size, 1), 1)}{NBSP}{unit}"
    return ""  # unreachable
