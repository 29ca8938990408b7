"""Charts drawn on the server as SVG: no JavaScript, no CDN, readable in the PDF too.

Each chart is an image with a title and a description (`role="img"`, `aria-labelledby`); the
page shows the same figures in a table next to it, so nothing lives only in the drawing.
"""

import math
from itertools import count

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BAR = "#1f5f8b"  # contrast ≥ 4.5:1 on white
SECOND = "#b35900"
TEXT = "#212529"
GRID = "#dee2e6"

_ids = count(1)


def _frame(*, width: int, height: int, title: str, desc: str, body: str, slug: str) -> SafeString:
    uid = f"{slug}-{next(_ids)}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        'class="obs-chart" role="img" aria-labelledby="t-{uid} d-{uid}" '
        'preserveAspectRatio="xMinYMin meet">'
        '<title id="t-{uid}">{title}</title><desc id="d-{uid}">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        uid=uid,
        title=title,
        desc=desc,
        body=mark_safe(body),  # noqa: S308 - built below from escaped parts
    )


def hbars(rows, *, title: str, desc: str, slug: str = "barres", width: int = 640) -> SafeString:
    """Horizontal bars, one per (label, value): long French labels stay readable on a phone."""
    rows = list(rows)
    label_width = 230
    line = 26
    height = max(line * len(rows) + 10, 40)
    top = max([value for _label, value in rows] or [0]) or 1
    span = width - label_width - 60
    parts = []
    for index, (label, value) in enumerate(rows):
        y = 5 + index * line
        bar = round(span * value / top) if value else 0
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{bar}" height="18" fill="{BAR}"/>'
            f'<text x="{label_width + bar + 6}" y="{y + 17}" font-size="13" '
            f'fill="{TEXT}">{value}</text>'
        )
    return _frame(
        width=width, height=height, title=title, desc=desc, body="".join(parts), slug=slug
    )


def columns(
    labels, series, *, title: str, desc: str, slug: str = "colonnes", width: int = 640
) -> SafeString:
    """Stacked columns: `series` is [(name, colour, values)], one value per label; a legend."""
    labels = list(labels)
    height = 240
    bottom = 190
    left = 40
    n = max(len(labels), 1)
    step = (width - left - 10) / n
    # One label every `stride` columns, so that labels (about 6 px a character at 11 px) never
    # touch: every month of a year, one quarter in four over ten years.
    longest = max((len(label) for label in labels), default=1)
    stride = max(1, math.ceil((6 * longest + 6) / step))
    totals = [sum(values[i] for _n, _c, values in series) for i in range(len(labels))]
    top = max(totals or [0]) or 1
    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{width - 5}" y2="{bottom}" stroke="{GRID}"/>',
        f'<text x="{left - 6}" y="{bottom - 160 + 4}" text-anchor="end" font-size="11" '
        f'fill="{TEXT}">{top}</text>',
        f'<line x1="{left}" y1="{bottom - 160}" x2="{width - 5}" y2="{bottom - 160}" '
        f'stroke="{GRID}" stroke-dasharray="3 3"/>',
    ]
    for i, label in enumerate(labels):
        x = left + i * step + step * 0.15
        w = max(step * 0.7, 1)
        y = bottom
        for _name, colour, values in series:
            h = round(160 * values[i] / top, 1)
            if h:
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h}" fill="{colour}"/>'
                )
        if i % stride == 0:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{bottom + 16}" text-anchor="middle" '
                f'font-size="11" fill="{TEXT}">{escape(label)}</text>'
            )
    legend_x = left
    for name, colour, _values in series:
        parts.append(
            f'<rect x="{legend_x}" y="{height - 22}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 18}" y="{height - 12}" font-size="12" fill="{TEXT}">'
            f"{escape(name)}</text>"
        )
        legend_x += 30 + 8 * len(name)
    return _frame(
        width=width, height=height, title=title, desc=desc, body="".join(parts), slug=slug
    )
