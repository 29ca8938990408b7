"""Factories for the accounts models: people."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from apps.accounts.models import User
from apps.stakeholders.models import ActorCategory, Territory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    actor_category = factory.LazyFunction(lambda: ActorCategory.objects.get(slug="entreprise"))
    territory = factory.LazyFunction(
        lambda: Territory.objects.get(slug="quimper-bretagne-occidentale")
    )
    consent_at = factory.LazyFunction(timezone.now)
    consent_policy_version = "2026-11"
    password = factory.django.Password("motdepasse-Cornouaille-29")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary email address, as after a completed sign-up."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            from apps.accounts.services import user_set_role

            user_set_role(user=obj, role=extracted)
