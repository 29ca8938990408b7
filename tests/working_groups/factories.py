"""Factories for the working groups: a governance body of kind working group and its
WorkingGroup row."""

import factory

from apps.governance.models import Body, Membership
from apps.working_groups.models import WorkingGroup
from tests.accounts.factories import UserFactory


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
