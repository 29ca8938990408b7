"""Server-rendered SVG bar charts: geometry computed here, drawn by `_bar_chart.html`.

No JavaScript, nothing from a CDN; the same figures are always printed in a table beside.
"""

from collections.abc import Callable


def _french(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def bar_chart(
    rows: list[tuple[str, float]],
    *,
    unit: str = " %",
    maximum: float | None = None,
    compact: bool = False,
    value_label: Callable | None = None,
) -> dict:
    """Horizontal bars, label above each bar (long French labels wrap badly beside a bar)."""
    view_width = 400  # about one CSS pixel per unit on a phone: 14px labels stay legible
    bar_x = 44 if compact else 0
    span = view_width - bar_x - 62  # room for the value after the longest bar
    top = max([value for _label, value in rows] + [maximum or 0, 1e-9])
    row_height = 26 if compact else 40
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * row_height
        text = (value_label or (lambda v: f"{_french(v)}{unit}"))(value)
        value = max(value, 0)  # a negative NPS draws no bar; its figure is still printed
        bars.append(
            {
                "label": label,
                "text": text,
                "y": y,
                "bar_y": y + (4 if compact else 18),
                "text_y": y + (17 if compact else 13),
                "bar_x": bar_x,
                "width": round(span * value / top, 1) if value else 0,
                "value_x": bar_x + (round(span * value / top, 1) if value else 0) + 6,
            }
        )
    return {
        "bars": bars,
        "height": max(len(rows), 1) * row_height + 4,
        "compact": compact,
        "bar_height": 16,
        "view_width": view_width,
    }
