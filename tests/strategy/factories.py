"""Factories for the strategy models: objectives, challenges, contributions, supports
and priority actions. A contribution is captured in a workshop: ContributionFactory makes one
with the workshops' factory (the meeting kind and its facilitators live there)."""

import factory

from apps.strategy.models import (
    Challenge,
    Contribution,
    Objective,
    PriorityAction,
    Support,
)
from tests.accounts.factories import UserFactory
from tests.workshops.factories import WorkshopFactory


def first_objective() -> Objective:
    return Objective.objects.order_by("position").first()


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    position = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Objectif de test {n}")
    slug = factory.Sequence(lambda n: f"objectif-test-{n}")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    objective = factory.LazyFunction(first_objective)
    title = factory.Sequence(lambda n: f"Défi n° {n}")
    slug = factory.Sequence(lambda n: f"defi-{n}")
    position = factory.Sequence(lambda n: n)


class ContributionFactory(factory.django.DjangoModelFactory):
    """A contribution tied to the first objective unless `objectives=[…]` says otherwise."""

    class Meta:
        model = Contribution
        skip_postgeneration_save = True

    meeting = factory.LazyFunction(lambda: WorkshopFactory().meeting)
    author = factory.SubFactory(UserFactory)
    captured_by = factory.SelfAttribute("author")
    type = Contribution.Type.NEED
    text = factory.Sequence(lambda n: f"Contribution n° {n} : il manque des logements saisonniers.")

    @factory.post_generation
    def objectives(obj, create, extracted, **kwargs):
        if create:
            obj.objectives.set(extracted if extracted is not None else [first_objective()])

    @factory.post_generation
    def challenges(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.challenges.set(extracted)

    @factory.post_generation
    def filieres(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.filieres.set(extracted)


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    contribution = factory.SubFactory(ContributionFactory)
    user = factory.SubFactory(UserFactory)


class PriorityActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityAction
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Action prioritaire n° {n}")
    slug = factory.Sequence(lambda n: f"action-prioritaire-{n}")
    description = "Une action menée collectivement."
    objective = factory.LazyFunction(first_objective)
    status = PriorityAction.Status.IN_PROGRESS
    progress = 40

    @factory.post_generation
    def contributions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.contributions.set(extracted)
