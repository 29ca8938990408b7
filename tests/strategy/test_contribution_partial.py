"""The contribution form posted by the page's script (fetch, header X-Partial): the server
answers with the contributions section only — errors and typed text in place, or the new
contribution and a fresh form — and the plain post keeps working without JavaScript."""

from html import unescape

import pytest
from django.urls import reverse

from apps.strategy.models import Contribution
from tests.strategy.test_contributions import World, contribution_data

pytestmark = pytest.mark.django_db
PARTIAL = {"HTTP_X_PARTIAL": "contributions"}


@pytest.fixture
def world():
    return World()


def test_an_error_comes_back_in_place_with_the_text_kept(client, world):
    client.force_login(world.participant)
    url = reverse("strategy:contribution_add", args=[world.meeting.slug])
    typed = "Une idée à moitié écrite, sans type choisi"
    response = client.post(url, contribution_data(type="", text=typed), **PARTIAL)
    assert response.status_code == 400
    body = unescape(response.content.decode())
    assert body.lstrip().startswith('<section id="contributions"')
    assert "<html" not in body  # the section only, no page around it
    assert "Choisissez le type de la contribution." in body
    assert typed in body
    assert not Contribution.objects.filter(text=typed).exists()


def test_a_saved_contribution_comes_back_listed_with_a_fresh_form(client, world):
    client.force_login(world.participant)
    url = reverse("strategy:contribution_add", args=[world.meeting.slug])
    text = "Des ambassadeurs parmi les salariés des entreprises"
    response = client.post(url, contribution_data(text=text), **PARTIAL)
    assert response.status_code == 200
    body = unescape(response.content.decode())
    assert "Merci, votre contribution est enregistrée." in body
    assert body.count(text) == 1  # listed once; the fresh form is empty
    assert Contribution.objects.get(text=text).author == world.participant


def test_the_form_is_short_type_pills_and_themes_folded(client, world):
    client.force_login(world.participant)
    body = client.get(world.meeting.get_absolute_url()).content.decode()
    assert 'class="btn-check"' in body and "rounded-pill" in body
    assert "<details" in body and "À quoi se rattache-t-elle" in body
    assert "js/contribution-form.js" in body and "<script>" not in body


def test_without_javascript_the_plain_post_still_redirects(client, world):
    client.force_login(world.participant)
    url = reverse("strategy:contribution_add", args=[world.meeting.slug])
    response = client.post(url, contribution_data(text="Sans JavaScript"))
    assert response.status_code == 302
    assert Contribution.objects.filter(text="Sans JavaScript").exists()
