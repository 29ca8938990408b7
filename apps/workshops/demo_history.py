"""The history part of the demo at `seed_demo --scale N`: two workshops per history working
group (300 at 10×) on Tuesdays to Thursdays at 14:00 or 18:00, never on a public holiday;
registrations with waiting lists, attendance, about a hundred contributions per held workshop
(30,000 at 10×) with their supports (about 100,000), and a plenary every year.

Bulk inserts (a few statements per thousand rows); slugs are stable, and only the meetings
created by this run get registrations and contributions, so a re-run creates nothing twice."""

import random
from datetime import timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from apps.core.demo import at, history_years, meeting_days
from apps.governance.models import Body, Meeting, Participation
from apps.strategy.demo import history_theme
from apps.strategy.models import Challenge, Contribution, Filiere, Objective, Support

from .demo import PLACES, SNIPPETS
from .models import Workshop

S = Participation.Status
WORKSHOPS_PER_GROUP = 2
CAPACITY = 40
CROWD = (28, 50)
CONTRIBUTIONS = (80, 120)
SUPPORTS = (0, 7)
PLENARY_CROWD = 90


def _registrations(meeting: Meeting, people: list[int], rng: random.Random, count: int):
    past = meeting.status == Meeting.Status.HELD
    seats = meeting.capacity or count
    base = meeting.start - timedelta(days=30)
    rows = []
    for index, user_id in enumerate(rng.sample(people, k=min(len(people), count))):
        status = S.REGISTERED if index < seats else S.WAITLISTED
        attended = (rng.random() < 0.85) if past and status == S.REGISTERED else None
        moment = base + timedelta(minutes=index * 37)
        rows.append(
            Participation(
                meeting=meeting,
                user_id=user_id,
                status=status,
                queued_at=moment,
                answered_at=moment,
                created_at=moment,
                attended=attended,
                checked_in_at=meeting.start if attended else None,
            )
        )
    return rows


def seed_workshops(*, scale: int, lead, facilitator, people: list[int]) -> dict[str, int]:
    now = timezone.now()
    rng = random.Random(f"demo-history-workshops-{scale}")
    bodies = list(
        Body.objects.filter(slug__startswith="gt-h-", kind=Body.Kind.WORKING_GROUP).order_by(
            "year", "pk"
        )
    )
    existing = set(
        Meeting.objects.filter(slug__startswith="atelier-h-").values_list("slug", flat=True)
    )
    challenges = list(Challenge.objects.all())
    objective_by_slug = {o.slug: o for o in Objective.objects.all()}
    filiere_by_slug = {f.slug: f for f in Filiere.objects.all()}
    all_objectives = list(objective_by_slug.values())
    all_filieres = list(filiere_by_slug.values())
    meetings, themes = [], []
    for body in bodies:
        first = timezone.localdate().replace(year=body.year, month=2, day=1)
        days = meeting_days(
            rng, first, first.replace(month=11, day=30), WORKSHOPS_PER_GROUP, weekdays=(1, 2, 3)
        )
        theme, objective_slugs, filiere_slugs = history_theme(body.slug)
        for number, day in enumerate(days, start=1):
            slug = f"atelier-h-{body.slug[5:]}-{number}"
            if slug in existing:
                continue
            start = at(day, rng.choice((14, 18)))
            meetings.append(
                Meeting(
                    slug=slug,
                    kind=Meeting.Kind.WORKSHOP,
                    body=body,
                    title=f"Atelier {number} — {theme}",
                    description="Perceptions, attentes et idées d'actions sur le thème "
                    f"« {theme} » : venez avec votre expérience du territoire.",
                    start=start,
                    end=start + timedelta(hours=3 if start.hour == 14 else 2),
                    status=Meeting.Status.HELD if start < now else Meeting.Status.SCHEDULED,
                    capacity=CAPACITY,
                    place=PLACES[rng.randrange(len(PLACES))],
                    created_by=lead,
                    registration_closes_at=start - timedelta(days=2),
                )
            )
            themes.append(
                (
                    [objective_by_slug[s] for s in objective_slugs] or all_objectives,
                    [filiere_by_slug[s] for s in filiere_slugs],
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=500)
    workshops = Workshop.objects.bulk_create([Workshop(meeting=m) for m in meetings])
    links = {"objectives": [], "filieres": [], "challenges": [], "facilitators": []}
    for workshop, (objectives, filieres) in zip(workshops, themes, strict=True):
        links["objectives"] += [(workshop.pk, o.pk) for o in objectives]
        links["filieres"] += [(workshop.pk, f.pk) for f in filieres]
        pool = [c for c in challenges if c.objective_id in {o.pk for o in objectives}][:2]
        links["challenges"] += [(workshop.pk, c.pk) for c in pool]
        links["facilitators"] += [(workshop.pk, facilitator.pk)]
    for field, pairs in links.items():
        through = getattr(Workshop, field).through
        target = {
            "objectives": "objective_id",
            "filieres": "filiere_id",
            "challenges": "challenge_id",
            "facilitators": "user_id",
        }[field]
        through.objects.bulk_create(
            [through(workshop_id=w, **{target: t}) for w, t in pairs], batch_size=2000
        )

    participations = []
    for meeting in meetings:
        participations += _registrations(meeting, people, rng, rng.randint(*CROWD))
    plenaries = _plenaries(scale=scale, lead=lead, rng=rng)
    for plenary in plenaries:
        participations += _registrations(plenary, people, rng, PLENARY_CROWD)
    Participation.objects.bulk_create(participations, batch_size=2000)

    attendees: dict[int, list[int]] = {}
    for row in participations:
        if row.attended and row.meeting.kind == Meeting.Kind.WORKSHOP:
            attendees.setdefault(row.meeting_id, []).append(row.user_id)
    contributions, topics = [], []
    for meeting, (objectives, filieres) in zip(meetings, themes, strict=True):
        present = attendees.get(meeting.pk)
        if not present:
            continue
        for _ in range(rng.randint(*CONTRIBUTIONS)):
            kind = rng.choice(list(SNIPPETS))
            contributions.append(
                Contribution(
                    meeting=meeting,
                    author_id=rng.choice(present),
                    captured_by_id=facilitator.pk if rng.random() < 0.3 else None,
                    type=kind,
                    text=rng.choice(SNIPPETS[kind]),
                )
            )
            topics.append(
                (present, objectives, filieres or ([] if rng.random() < 0.8 else all_filieres))
            )
    Contribution.objects.bulk_create(contributions, batch_size=2000)
    through = {
        name: getattr(Contribution, name).through
        for name in ("objectives", "filieres", "challenges")
    }
    rows = {name: [] for name in through}
    supports = []
    for contribution, (present, objectives, filieres) in zip(contributions, topics, strict=True):
        objective = rng.choice(objectives)
        rows["objectives"].append(
            through["objectives"](contribution_id=contribution.pk, objective_id=objective.pk)
        )
        pool = [c for c in challenges if c.objective_id == objective.pk]
        if pool and rng.random() < 0.5:
            rows["challenges"].append(
                through["challenges"](
                    contribution_id=contribution.pk, challenge_id=rng.choice(pool).pk
                )
            )
        if filieres:
            rows["filieres"].append(
                through["filieres"](
                    contribution_id=contribution.pk, filiere_id=rng.choice(filieres).pk
                )
            )
        supporters = rng.sample(present, k=min(len(present), rng.randint(*SUPPORTS)))
        supports += [
            Support(contribution_id=contribution.pk, user_id=user_id)
            for user_id in supporters
            if user_id != contribution.author_id
        ]
    for name, objects in rows.items():
        through[name].objects.bulk_create(objects, batch_size=5000)
    Support.objects.bulk_create(supports, batch_size=5000)
    # Contributions date from their workshop (auto_now_add set the time of this run).
    Contribution.objects.filter(meeting__slug__startswith="atelier-h-").update(
        created_at=Subquery(Meeting.objects.filter(pk=OuterRef("meeting_id")).values("start")[:1])
    )
    return {
        "workshops": len(meetings),
        "plenaries": len(plenaries),
        "participations": len(participations),
        "contributions": len(contributions),
        "supports": len(supports),
    }


def _plenaries(*, scale: int, lead, rng: random.Random) -> list[Meeting]:
    """A plenary every year of the history, in late June (a Thursday at 17:00)."""
    now = timezone.now()
    existing = set(
        Meeting.objects.filter(slug__startswith="pleniere-h-").values_list("slug", flat=True)
    )
    plenaries = []
    for year in history_years(scale):
        slug = f"pleniere-h-{year}"
        if slug in existing:
            continue
        first = timezone.localdate().replace(year=year, month=6, day=15)
        day = meeting_days(rng, first, first.replace(day=30), 1, weekdays=(3,))[0]
        start = at(day, 17)
        plenaries.append(
            Meeting(
                slug=slug,
                kind=Meeting.Kind.PLENARY,
                title=f"Plénière annuelle {year} : ce que disent les ateliers",
                description="Temps fort ouvert à tous les acteurs de la démarche.",
                start=start,
                end=start + timedelta(hours=2, minutes=30),
                status=Meeting.Status.HELD if start < now else Meeting.Status.SCHEDULED,
                capacity=150,
                place="Théâtre de Cornouaille, Quimper",
                created_by=lead,
                registration_closes_at=start - timedelta(days=2),
            )
        )
    return Meeting.objects.bulk_create(plenaries)
