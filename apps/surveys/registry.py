"""Boxes that apps on higher floors add to a survey's results page (the PDF report box of
`reports`). Surveys never imports them: an app registers `box(request, survey) -> str | None`
(HTML, already rendered and escaped) in its AppConfig.ready()."""

_results_boxes: list = []


def register_results_box(box) -> None:
    if box not in _results_boxes:
        _results_boxes.append(box)


def results_boxes(request, survey) -> list[str]:
    return [html for html in (box(request, survey) for box in _results_boxes) if html]
