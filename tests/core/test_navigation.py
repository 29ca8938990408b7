"""The main menu: visible from 1200 px (navbar-expand-xl), the less used sections under « Plus »,
« Mon espace » for signed-in people; and French plurals (0 is singular)."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from cornouaille.context_processors import NAV_ITEMS, NAV_PRIMARY

pytestmark = pytest.mark.django_db


def _header(page: str) -> str:
    return page.split("<main", 1)[0]


def test_the_menu_expands_from_1200px_with_every_section(client):
    header = _header(client.get(reverse("home")).content.decode())
    assert "navbar-expand-xl" in header and "navbar-expand-xxl" not in header
    for url_name, label in NAV_ITEMS:
        assert f'href="{reverse(url_name)}"' in header, label
    more = header.split('id="menu-plus"', 1)[1].split("</ul>", 1)[0]
    for url_name, _label in NAV_ITEMS:
        assert (f'href="{reverse(url_name)}"' in more) == (url_name not in NAV_PRIMARY)
    assert "Se connecter" in header and "Créer un compte" in header
    assert "Mon espace" not in header


def test_a_section_under_plus_marks_the_toggle_active(client):
    header = _header(client.get(reverse("stakeholders:directory")).content.decode())
    assert re.search(
        r'class="btn btn-link nav-link dropdown-toggle active"[^>]*id="menu-plus"', header
    )
    assert 'aria-current="page"' in header


def test_signed_in_people_get_mon_espace(client, stakeholder):
    client.force_login(stakeholder)
    header = _header(client.get(reverse("home")).content.decode())
    assert f'href="{reverse("my_space")}"' in header and "Mon espace" in header
    assert "Se connecter" not in header


def test_zero_is_singular_in_french():
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} compte rendu"
        "{% plural %}{{ counter }} comptes rendus{% endblocktranslate %}"
    )  # the reading room's count (a msgid of the French catalogue, which says n > 1)
    with translation.override("fr"):
        rendered = [template.render(Context({"n": n})) for n in (0, 1, 2)]
    assert rendered == ["0 compte rendu", "1 compte rendu", "2 comptes rendus"]
