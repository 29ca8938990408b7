"""A small dataset whose figures are computed by hand (tests/observatory/test_figures.py)."""

from datetime import datetime
from types import SimpleNamespace

from django.utils import timezone

from apps.accounts.roles import ELECTED_OFFICIAL
from apps.governance.models import Body, Meeting, Participation
from apps.observatory.models import Invitation
from apps.stakeholders.models import ActorCategory, Organisation, Territory
from apps.strategy.models import Contribution, Objective, PriorityAction
from tests.accounts.factories import UserFactory
from tests.governance.factories import MeetingFactory

__all__ = ["ELECTED_OFFICIAL", "dataset", "workshop"]


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 14, 0, tzinfo=timezone.get_current_timezone())


def workshop(start, *, body=None, status=Meeting.Status.HELD, slug=None, **kwargs) -> Meeting:
    extra = {"slug": slug} if slug else {}
    return MeetingFactory(
        kind=Meeting.Kind.WORKSHOP, body=body, start=start, status=status, capacity=40,
        **extra, **kwargs,
    )  # fmt: skip


def attend(meeting, user, *, attended=True, status=Participation.Status.REGISTERED):
    return Participation.objects.create(
        meeting=meeting, user=user, status=status, attended=attended, queued_at=meeting.start
    )


def dataset():
    """Focus year Y (last year), previous year P. See test_figures for the figures."""
    year = timezone.localdate().year - 1
    previous = year - 1
    quimper = Territory.objects.get(slug="quimper-bretagne-occidentale")
    haut = Territory.objects.get(slug="haut-pays-bigouden")
    company = ActorCategory.objects.get(slug="entreprise")
    tourism = ActorCategory.objects.get(slug="professionnel-tourisme")
    org_a = Organisation.objects.create(name="Conserverie de l'Odet", territory=quimper)
    org_b = Organisation.objects.create(name="Camping des Dunes", territory=haut)
    alice = UserFactory(territory=quimper, actor_category=company, organisation=org_a)
    bob = UserFactory(territory=haut, actor_category=tourism, organisation=org_b)
    carol = UserFactory(territory=quimper, actor_category=tourism, organisation=org_a)
    dan = UserFactory(territory=haut, actor_category=company)
    eve = UserFactory(territory=haut, actor_category=tourism)
    group = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="GT test", slug="gt-test")
    m1 = workshop(at(previous, 3, 10), body=group)
    m2 = workshop(at(year, 2, 10), body=group)
    m3 = workshop(at(year, 2, 20), body=group)
    m4 = workshop(at(year, 3, 1), body=group, status=Meeting.Status.CANCELLED)
    attend(m1, alice)
    attend(m1, bob)
    attend(m2, alice)
    attend(m2, carol)
    attend(m2, dan, attended=False)
    attend(m3, alice)
    attend(m3, bob)
    attend(m4, carol)  # a cancelled meeting never counts
    contribution = Contribution.objects.create(
        meeting=m2, author=alice, type=Contribution.Type.ACTION_IDEA, text="Une marque commune"
    )
    Contribution.objects.create(meeting=m3, author=bob, type="need", text="Masquée", is_hidden=True)
    action = PriorityAction.objects.create(
        title="Marque de territoire", slug="marque-test", objective=Objective.objects.first()
    )
    action.contributions.add(contribution)
    Invitation.objects.create(meeting=m2, user=dan)
    Invitation.objects.create(meeting=m2, user=eve)
    return SimpleNamespace(**locals())
