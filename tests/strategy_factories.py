"""Factories for the strategy tests: workshops (a Meeting and its Workshop row), challenges,
contributions, supports and priority actions. The workshops UI is not needed."""

import factory
from django.utils import timezone

from apps.governance.models import Meeting, Participation
from apps.strategy.models import Challenge, Contribution, Objective, PriorityAction, Support
from apps.workshops.models import Workshop
from tests.factories import UserFactory
from tests.governance_factories import MeetingFactory, ParticipationFactory


def first_objective() -> Objective:
    return Objective.objects.order_by("position").first()


class WorkshopMeetingFactory(MeetingFactory):
    kind = Meeting.Kind.WORKSHOP
    body = None
    title = factory.Sequence(lambda n: f"Atelier n° {n}")
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    place = "Pôle Max Jacob, Quimper"
    status = Meeting.Status.SCHEDULED


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A workshop: `WorkshopFactory(facilitators=[user])`."""

    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    meeting = factory.SubFactory(WorkshopMeetingFactory)

    @factory.post_generation
    def facilitators(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.facilitators.set(extracted)


def register(meeting: Meeting, user=None, *, attended=None) -> Participation:
    """A confirmed seat (status registered), optionally checked in."""
    return ParticipationFactory(
        meeting=meeting,
        user=user or UserFactory(),
        status=Participation.Status.REGISTERED,
        invited_at=None,
        queued_at=timezone.now(),
        attended=attended,
    )


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
