"""The site's French typography filter (`typo`) and French file sizes (`file_size`)."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from apps.core.templatetags.typography import NBSP, NNBSP, file_size, french_spacing, typo


def render(source: str, **context) -> str:
    return Template("{% load typography %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Groupe « Mer »", f"Groupe «{NNBSP}Mer{NNBSP}»"),
        ("Prêt ?", f"Prêt{NNBSP}?"),
        ("Enfin !", f"Enfin{NNBSP}!"),
        ("un ; deux", f"un{NNBSP}; deux"),
        ("Date :", f"Date{NBSP}:"),
        ("Motif : travaux", f"Motif{NBSP}: travaux"),
        ("Avancement : 40 %", f"Avancement{NBSP}: 40{NNBSP}%"),
        # nothing to do: no space typed before the mark
        ("https://exemple.fr/a?b=1;c", "https://exemple.fr/a?b=1;c"),
        ("10:30", "10:30"),
        ("«Déjà collé»", "«Déjà collé»"),
        # a line break stays a line break
        ("fin\n?", "fin\n?"),
    ],
)
def test_spaces_before_and_after_french_marks(text, expected):
    assert french_spacing(text) == expected


def test_plain_text_is_escaped_then_spaced():
    out = render("{{ title|typo }}", title="<b>Qui ?</b> & « toi »")
    assert out == f"&lt;b&gt;Qui{NNBSP}?&lt;/b&gt; &amp; «{NNBSP}toi{NNBSP}»"


def test_html_keeps_its_tags_attributes_and_urls():
    html = mark_safe(
        '<a href="/x/?q=a ;b" title="Pourquoi ?">Pourquoi ?</a>'
        "<!-- note : ? -->"
        "<textarea name=t>Tel quel ?</textarea>"
        "<pre>code ; ici</pre>"
        "<script>if (a ? b : c) {}</script>"
    )
    out = typo(html)
    assert out.startswith(f'<a href="/x/?q=a ;b" title="Pourquoi ?">Pourquoi{NNBSP}?</a>')
    assert "<!-- note : ? -->" in out
    assert "<textarea name=t>Tel quel ?</textarea>" in out
    assert "<pre>code ; ici</pre>" in out
    assert "<script>if (a ? b : c) {}</script>" in out


def test_filter_block_over_a_template():
    out = render(
        "{% filter typo %}<h1>{{ title }}</h1><p>Places : {{ n }} %</p>{% endfilter %}",
        title="Vous venez ?",
        n=40,
    )
    assert out == f"<h1>Vous venez{NNBSP}?</h1><p>Places{NBSP}: 40{NNBSP}%</p>"


def test_none_and_numbers():
    assert typo(None) == ""
    assert typo(12) == "12"


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (1, "1 octet"),
        (850, "850 octets"),
        (123_456, f"120,6{NBSP}Ko"),
        (12_345_678, f"11,8{NBSP}Mo"),
        (3 * 1024**3, f"3,0{NBSP}Go"),
        (None, ""),
        ("abc", ""),
    ],
)
def test_file_size_in_french_units(size, expected):
    with translation.override("fr"):
        assert file_size(size) == expected
