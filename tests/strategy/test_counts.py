"""The contribution counts of /strategie/ and the objective page: exact (a contribution tied
directly and through a challenge counts once), cached for anonymous visitors and the team,
and invalidated by every change that alters them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from apps.governance.models import Meeting
from apps.strategy.models import Contribution, Objective
from apps.strategy.selectors import objective_page, strategy_overview
from tests.accounts.factories import UserFactory
from tests.strategy.factories import ChallengeFactory, ContributionFactory, first_objective

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def count_of(objective: Objective, user=None) -> int:
    overview = strategy_overview(user=user or AnonymousUser())
    return next(o.contribution_count for o in overview["objectives"] if o.pk == objective.pk)


def test_direct_and_through_a_challenge_count_once():
    objective = first_objective()
    challenge = ChallengeFactory(objective=objective)
    ContributionFactory()  # direct
    ContributionFactory(challenges=[challenge])  # direct and through the challenge
    other = Objective.objects.exclude(pk=objective.pk).first()
    ContributionFactory(objectives=[other], challenges=[challenge])  # through the challenge
    assert count_of(objective) == 3
    assert count_of(other) == 1


def test_the_cache_follows_every_change():
    objective = first_objective()
    first = ContributionFactory()
    assert count_of(objective) == 1
    assert count_of(objective) == 1  # cached
    second = ContributionFactory()
    assert count_of(objective) == 2  # new row
    second.is_hidden = True
    second.save()
    assert count_of(objective) == 1  # hidden
    other = Objective.objects.exclude(pk=objective.pk).first()
    first.objectives.set([other])
    assert count_of(objective) == 0  # moved to another objective
    assert count_of(other) == 1
    meeting = first.meeting
    meeting.visibility = Meeting.Visibility.MEMBERS
    meeting.save()
    assert count_of(other) == 0  # its meeting is no longer public
    team = UserFactory(role="equipe-projet")
    assert count_of(other, team) == 1  # the team sees it
    Contribution.objects.filter(pk=first.pk).delete()
    assert count_of(other, team) == 0


def test_objective_page_type_counts_and_latest_per_type():
    objective = first_objective()
    for _ in range(7):
        ContributionFactory(type=Contribution.Type.NEED)
    ContributionFactory(type=Contribution.Type.STRENGTH)
    page = objective_page(objective=objective, user=AnonymousUser())
    groups = {group["type"]: group for group in page["groups"]}
    assert groups[Contribution.Type.NEED]["total"] == 7
    assert len(groups[Contribution.Type.NEED]["items"]) == 5
    assert groups[Contribution.Type.NEED]["more"]
    assert groups[Contribution.Type.STRENGTH]["total"] == 1
    assert page["contribution_total"] == 8
    newest = Contribution.objects.filter(type=Contribution.Type.NEED).order_by("-created_at", "-pk")
    assert [c.pk for c in groups[Contribution.Type.NEED]["items"]] == [c.pk for c in newest[:5]]
