"""Links that apps on higher floors add to the strategy overview (/strategie/).

Strategy never imports them: an app registers `(label, url_name)` in its AppConfig.ready().
"""

from django.urls import NoReverseMatch, reverse

_overview_links: list[tuple] = []


def register_overview_link(label, url_name: str) -> None:
    if all(existing != url_name for _label, existing in _overview_links):
        _overview_links.append((label, url_name))


def overview_links() -> list[tuple]:
    links = []
    for label, url_name in _overview_links:
        try:
            links.append((label, reverse(url_name)))
        except NoReverseMatch:
            continue
    return links
