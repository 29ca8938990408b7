"""The platform's visual identity: the wordmark and the pictograms (SVG files in static/img/).

A pictogram is found by kind and slug — `img/pictos/objectif-<slug>.svg`,
`img/pictos/filiere-<slug>.svg` — and falls back to the kind's generic one
(`img/pictos/objectif.svg`) when an objective or a filière added later has none yet. The
same files serve the pages, the emails (absolute URLs) and the PDFs (WeasyPrint reads
/static/ through the report's URL fetcher). No web font, no CDN.
"""

from functools import lru_cache

from django.contrib.staticfiles import finders
from django.templatetags.static import static

WORDMARK = "img/wordmark.svg"
KINDS = {"objectif", "filiere"}


@lru_cache(maxsize=256)
def pictogram_path(kind: str, slug: str = "") -> str:
    """The static path of the pictogram of `kind` ("objectif", "filiere") for `slug`."""
    if kind not in KINDS:
        raise ValueError(f"unknown pictogram kind {kind!r}")
    specific = f"img/pictos/{kind}-{slug}.svg"
    if slug and finders.find(specific):
        return specific
    return f"img/pictos/{kind}.svg"


def pictogram_url(kind: str, slug: str = "") -> str:
    return static(pictogram_path(kind, slug or ""))
