"""Factories for workshops (a governance Meeting of kind workshop + its Workshop row),
working groups and strategy themes."""

import factory

from apps.governance.models import Body, Meeting, Membership
from apps.strategy.models import Challenge, Filiere, Objective
from apps.working_groups.models import WorkingGroup
from apps.workshops.models import Workshop
from tests.factories import UserFactory
from tests.governance_factories import MeetingFactory


class WorkshopMeetingFactory(MeetingFactory):
    kind = Meeting.Kind.WORKSHOP
    body = None
    title = factory.Sequence(lambda n: f"Atelier n° {n}")
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    place = "Pôle Max Jacob, Quimper"


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


class WorkingGroupBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = Body.Kind.WORKING_GROUP
    name = factory.Sequence(lambda n: f"Groupe de travail {n}")
    slug = factory.Sequence(lambda n: f"groupe-{n}")
    year = 2026


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        skip_postgeneration_save = True

    body = factory.SubFactory(WorkingGroupBodyFactory)
    theme = "Attirer de nouveaux talents"


def add_group_member(group: WorkingGroup, user=None, *, role=Membership.Role.MEMBER):
    user = user or UserFactory()
    Membership.objects.create(body=group.body, user=user, role=role)
    return user


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    position = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Objectif de test {n}")
    slug = factory.Sequence(lambda n: f"objectif-test-{n}")


class FiliereFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Filiere

    position = factory.Sequence(lambda n: 100 + n)
    name = factory.Sequence(lambda n: f"Filière de test {n}")
    slug = factory.Sequence(lambda n: f"filiere-test-{n}")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Défi {n}")
    slug = factory.Sequence(lambda n: f"defi-{n}")
