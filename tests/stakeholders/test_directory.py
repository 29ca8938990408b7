"""The public directory of organisations: listed ones only, filters, pagination, query count."""

import pytest
from django.urls import reverse

from apps.stakeholders.models import ActorCategory, Territory
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class TestDirectory:
    url = reverse("stakeholders:directory")

    def test_lists_only_listed_organisations(self, client):
        OrganisationFactory(name="Criée de Guilvinec", listed_in_directory=True)
        OrganisationFactory(name="Entreprise discrète", listed_in_directory=False)
        body = client.get(self.url).content.decode()
        assert "Criée de Guilvinec" in body
        assert "Entreprise discrète" not in body

    def test_filters_by_category_and_territory(self, client):
        tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
        sport = ActorCategory.objects.get(slug="association-sportive")
        fouesnant = Territory.objects.get(slug="pays-fouesnantais")
        quimper = Territory.objects.get(slug="quimper-bretagne-occidentale")
        OrganisationFactory(name="Camping des Dunes", category=tourism, territory=fouesnant)
        OrganisationFactory(name="Hôtel de l'Odet", category=tourism, territory=quimper)
        OrganisationFactory(name="Stade Quimpérois", category=sport, territory=quimper)
        OrganisationFactory(name="Agence parisienne", category=tourism, territory=None)

        body = client.get(self.url, {"categorie": tourism.slug}).content.decode()
        assert "Camping des Dunes" in body and "Hôtel de l&#x27;Odet" in body
        assert "Stade Quimpérois" not in body

        body = client.get(
            self.url, {"categorie": tourism.slug, "territoire": quimper.slug}
        ).content.decode()
        assert "Hôtel de l&#x27;Odet" in body and "Camping des Dunes" not in body

        body = client.get(self.url, {"territoire": "hors"}).content.decode()
        assert "Agence parisienne" in body and "Stade Quimpérois" not in body

    def test_unknown_filters_are_ignored(self, client):
        OrganisationFactory(name="Criée de Guilvinec")
        response = client.get(self.url, {"categorie": "<script>", "territoire": "nulle-part"})
        assert response.status_code == 200
        assert "Criée de Guilvinec" in response.content.decode()
        assert "<script>" not in response.content.decode()

    def test_pagination_keeps_filters(self, client):
        tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
        OrganisationFactory.create_batch(35, category=tourism)
        response = client.get(self.url, {"categorie": tourism.slug, "page": 2})
        body = response.content.decode()
        assert response.context["page_obj"].number == 2
        assert len(response.context["page_obj"].object_list) == 5
        assert f"categorie={tourism.slug}&amp;page=1" in body
        # A page number out of range shows the last page rather than an error.
        assert client.get(self.url, {"page": "999"}).status_code == 200
        assert client.get(self.url, {"page": "abc"}).status_code == 200

    @pytest.mark.parametrize("count", [5, 60])
    def test_query_count_does_not_grow(self, client, count, django_assert_max_num_queries):
        OrganisationFactory.create_batch(count)
        with django_assert_max_num_queries(4):
            assert client.get(self.url).status_code == 200
