"""The pages of mailings, exports and open data carry the CSP and no inline code."""

import pytest
from django.test import Client

from apps.mailings import services
from tests.accounts.factories import UserFactory
from tests.core.test_csp import check_page

pytestmark = pytest.mark.django_db


def test_pages_have_the_policy_and_no_inline_script(project_lead):
    segment = services.segment_save(by=project_lead, data={"name": "Tous"})
    mailing = services.mailing_save(by=project_lead, subject="L", body="**B**", segment=segment)
    UserFactory(newsletter=True)
    team = Client()
    team.force_login(project_lead)
    anonymous = Client()
    pages = [
        (anonymous, "/lettres/"),
        (anonymous, "/donnees-ouvertes/"),
        (anonymous, "/api/v1/docs/"),
        (team, "/lettres/gestion/"),
        (team, f"/lettres/gestion/segments/{segment.pk}/"),
        (team, f"/lettres/gestion/{mailing.pk}/"),
        (team, f"/lettres/gestion/{mailing.pk}/modifier/"),
        (team, "/exports/"),
    ]
    failures = []
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        failures += [f"{url}: {problem}" for problem in check_page(response)]
    assert not failures, "\n".join(failures)
