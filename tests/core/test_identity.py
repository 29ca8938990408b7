"""The visual identity: a pictogram per objective and filière, by slug, with a fallback; the
wordmark and pictograms are plain SVG files of the project (no web font, no CDN)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from apps.core.identity import pictogram_path
from apps.strategy.models import Filiere, Objective

STATIC = Path(settings.BASE_DIR) / "static"


@pytest.mark.django_db
def test_every_seeded_objective_and_filiere_has_its_own_pictogram():
    for objective in Objective.objects.all():
        assert pictogram_path("objectif", objective.slug) == (
            f"img/pictos/objectif-{objective.slug}.svg"
        )
    for filiere in Filiere.objects.all():
        assert pictogram_path("filiere", filiere.slug) == f"img/pictos/filiere-{filiere.slug}.svg"


def test_unknown_slug_falls_back_to_the_kind():
    assert pictogram_path("objectif", "un-objectif-ajoute-plus-tard") == "img/pictos/objectif.svg"
    assert pictogram_path("filiere", "") == "img/pictos/filiere.svg"
    with pytest.raises(ValueError):
        pictogram_path("autre", "x")


def test_the_tag_renders_a_decorative_image():
    html = Template('{% load identity %}{% pictogram "filiere" "mer" %}').render(Context())
    assert html == (
        '<img src="/static/img/pictos/filiere-mer.svg" alt="" class="pictogram" '
        'width="48" height="48">'
    )


def test_svg_files_use_no_external_resource_or_font():
    files = [STATIC / "img/wordmark.svg", *sorted((STATIC / "img/pictos").glob("*.svg"))]
    assert len(files) >= 10
    for path in files:
        text = path.read_text()
        assert text.startswith("<svg") and "@font-face" not in text and "@import" not in text
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text and "href" not in text
