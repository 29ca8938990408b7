"""Factories and helpers of online participation."""

from datetime import timedelta

from django.utils import timezone

from apps.governance.models import Body
from apps.participation import services
from apps.strategy.models import Contribution, Objective, PriorityAction
from tests.accounts.factories import UserFactory


def objective() -> Objective:
    return Objective.objects.order_by("position").first()


def working_group(slug="gt-test") -> Body:
    return Body.objects.get_or_create(
        slug=slug, defaults={"kind": Body.Kind.WORKING_GROUP, "name": f"Groupe {slug}"}
    )[0]


def make_call(*, body=None, open=True, lead=None, **kwargs):
    now = timezone.now()
    opens = now - timedelta(days=1) if open else now - timedelta(days=10)
    closes = now + timedelta(days=10) if open else now - timedelta(days=1)
    return services.call_create(
        by=lead or UserFactory(role="equipe-projet"),
        title=kwargs.pop("title", "Comment accueillir les nouveaux actifs ?"),
        question="Qu'est-ce qui vous a **manqué** ?",
        opens_at=kwargs.pop("opens_at", opens),
        closes_at=kwargs.pop("closes_at", closes),
        objective=kwargs.pop("objective", objective()),
        body=body,
        **kwargs,
    )


def contribute(call, author, text="Un guichet unique pour les conjoints."):
    return services.call_contribute(
        call=call, author=author, type=Contribution.Type.NEED, text=text
    )


def make_action(title="Kit d'accueil", **kwargs) -> PriorityAction:
    from apps.strategy.services import unique_action_slug

    return PriorityAction.objects.create(
        title=title, slug=unique_action_slug(title), objective=objective(), **kwargs
    )


def make_prioritisation(*, actions=None, points=10, meeting=None, live=False, **kwargs):
    now = timezone.now()
    actions = actions or [make_action(f"Action {i}") for i in range(3)]
    return services.prioritisation_create(
        by=UserFactory(role="equipe-projet"),
        title=kwargs.pop("title", "Priorités 2027"),
        actions=actions,
        opens_at=kwargs.pop("opens_at", now - timedelta(hours=1)),
        closes_at=kwargs.pop("closes_at", now + timedelta(days=1)),
        points=points,
        method=kwargs.pop("method", "points"),
        live_results=live,
        meeting=meeting,
    )
