"""Demo data of the observatory: the expected mix of every demo working group, the consent to be
invited of part of the demo participants, and targeted invitations sent before past workshops
(some followed by a registration), so that the funnel's « invited » step and the invitations'
outcome mean something at 1× and at `--scale 10`; sign-up dates spread over the history (the
« accounts created in the period » figure). Idempotent; bulk inserts."""

import random
from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from apps.accounts.demo import demo_participants
from apps.accounts.models import User
from apps.governance.models import Body, Meeting, Participation
from apps.stakeholders.models import ActorCategory

from . import caching
from .models import CoverageTarget, Invitation

DEMO_PHASE = 1  # after the working groups and the workshops (phase 0)

# (categories expected, minimum per EPCI × category cell) by the group's index in its year.
MIXES = [
    (["professionnel-tourisme", "entreprise"], 1),
    (["entreprise", "association-culturelle", "chambre-consulaire"], None),
]
CONSENT_SHARE = 3  # one demo participant in three accepts targeted invitations
INVITATIONS_PER_MEETING = 12


def seed_demo_data(**options) -> list[str]:
    categories = {c.slug: c for c in ActorCategory.objects.all()}
    groups = list(Body.objects.filter(kind=Body.Kind.WORKING_GROUP).order_by("-year", "slug"))
    for number, body in enumerate(groups):
        slugs, minimum = MIXES[number % len(MIXES)]
        target, _created = CoverageTarget.objects.update_or_create(
            body=body, defaults={"every_territory": True, "min_per_cell": minimum}
        )
        target.categories.set([categories[slug] for slug in slugs if slug in categories])

    people = demo_participants()
    consenting = people.filter(pk__in=[pk for pk in people.values_list("pk", flat=True)
                                       if pk % CONSENT_SHARE == 0])  # fmt: skip
    consenting.filter(accepts_invitations=False).update(accepts_invitations=True)
    consenting_ids = list(consenting.order_by("pk").values_list("pk", flat=True))

    # Targeted invitations before the past meetings of the working groups: some of the people
    # who came, and some who did not (the invitation's outcome is computed, never stored).
    rng = random.Random("demo-observatory")
    past = list(
        Meeting.objects.filter(
            kind__in=Meeting.REGISTRABLE_KINDS,
            body__kind=Body.Kind.WORKING_GROUP,
            status=Meeting.Status.HELD,
        ).order_by("pk")
    )
    attendees: dict[int, list[int]] = {}
    for meeting_id, user_id in Participation.objects.filter(
        meeting__in=past, attended=True, user__accepts_invitations=True
    ).values_list("meeting_id", "user_id"):
        attendees.setdefault(meeting_id, []).append(user_id)
    rows = []
    for meeting in past:
        came = attendees.get(meeting.pk, [])
        chosen = rng.sample(came, min(len(came), INVITATIONS_PER_MEETING // 2))
        others = rng.sample(consenting_ids, min(len(consenting_ids), INVITATIONS_PER_MEETING))
        picked = list(dict.fromkeys(chosen + others))[:INVITATIONS_PER_MEETING]
        rows += [Invitation(meeting_id=meeting.pk, user_id=user_id) for user_id in picked]
    Invitation.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    joined = _joined_before_their_first_meeting(people, rng)
    return [
        f"Observatoire : {len(groups)} mix attendus, {len(consenting_ids)} personnes acceptant "
        f"les invitations ciblées, {Invitation.objects.count()} invitations ciblées, "
        f"{joined} dates d'inscription réparties dans l'historique"
    ]


def _joined_before_their_first_meeting(people, rng) -> int:
    """The generated accounts are all created today: the « accounts created in the period »
    figure would say nothing. Each person who took part signed up one to six weeks before
    their first meeting (never later than now); the others keep today's date (new sign-ups)."""
    now = timezone.now()
    first = dict(
        Participation.objects.filter(user__in=people)
        .order_by()
        .values("user_id")
        .annotate(first=Min("meeting__start"))
        .values_list("user_id", "first")
    )
    accounts = list(people.filter(pk__in=list(first)).only("pk", "date_joined").order_by("pk"))
    for person in accounts:
        person.date_joined = min(first[person.pk] - timedelta(days=rng.randint(7, 42)), now)
    User.objects.bulk_update(accounts, ["date_joined"], batch_size=1000)
    # Sign-up dates are not in the cached figures' fingerprint (they never change outside a
    # demo): this bulk update invalidates them itself.
    caching.generation.bump()
    return len(accounts)
