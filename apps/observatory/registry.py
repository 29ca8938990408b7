"""Where higher apps plug into the observatory page: `register_page_box(render)` — reports adds
the « Bilan de participation » PDF box. A box is `render(request, period) -> str | None`."""

_page_boxes: list = []


def register_page_box(render):
    if render not in _page_boxes:
        _page_boxes.append(render)
    return render


def page_boxes(request, period) -> list[str]:
    return [html for html in (render(request, period) for render in _page_boxes) if html]
