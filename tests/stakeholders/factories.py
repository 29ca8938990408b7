"""Factories for the stakeholders models: organisations."""

import factory

from apps.stakeholders.models import ActorCategory, Organisation, Territory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    category = factory.LazyFunction(lambda: ActorCategory.objects.order_by("?").first())
    territory = factory.LazyFunction(lambda: Territory.objects.order_by("?").first())
    listed_in_directory = True
