"""Factories for the workshops: a governance Meeting of kind workshop and its Workshop row."""

import factory
from django.utils import timezone

from apps.governance.models import Meeting
from apps.workshops.models import Workshop
from tests.governance.factories import MeetingFactory


class WorkshopMeetingFactory(MeetingFactory):
    kind = Meeting.Kind.WORKSHOP
    body = None
    title = factory.Sequence(lambda n: f"Atelier n° {n}")
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    place = "Pôle Max Jacob, Quimper"
    status = Meeting.Status.SCHEDULED
    # Check-in and contributions open on the day (governance.selectors.day_is_open); the
    # workshops of the tests are opened early by default, the tests of that rule set None.
    opened_early_at = factory.LazyFunction(timezone.now)


class WorkshopFactory(factory.django.DjangoModelFactory):
    """WorkshopFactory(meeting__capacity=2, objectives=[…], facilitators=[…])."""

    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    meeting = factory.SubFactory(WorkshopMeetingFactory)

    @factory.post_generation
    def objectives(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.objectives.set(extracted)

    @factory.post_generation
    def filieres(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.filieres.set(extracted)

    @factory.post_generation
    def challenges(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.challenges.set(extracted)

    @factory.post_generation
    def facilitators(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.facilitators.set(extracted)
