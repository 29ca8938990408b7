"""The history part of the demo at `seed_demo --scale N`: four COPIL sessions per unit of
scale (40 at 10×) spread over the history's years, on working days at 9:30 or 14:00, held
ones with their members' answers and attendance. Bulk inserts; slugs are stable."""

import random
from datetime import timedelta

from django.utils import timezone

from apps.core.demo import at, history_years, meeting_days

from .models import AgendaItem, Body, Meeting, Membership, Participation

COPIL_PER_SCALE = 4
PLACE = "Salle du conseil, Quimper Bretagne Occidentale, 44 place Saint-Corentin, Quimper"
TOPICS = [
    "bilan des ateliers",
    "marque de territoire",
    "accueil des nouveaux actifs",
    "plan d'actions",
    "budget",
    "évaluation à mi-parcours",
    "filières d'excellence",
    "saison touristique",
]


def seed_copil_sessions(*, scale: int, lead) -> int:
    """Create the history's COPIL sessions that do not exist yet; return how many."""
    copil = Body.objects.get(slug="copil")
    members = list(
        Membership.objects.filter(body=copil, until=None).values_list("user_id", flat=True)
    )
    years = history_years(scale)
    rng = random.Random(f"demo-history-copil-{scale}")
    now = timezone.now()
    count = COPIL_PER_SCALE * scale
    per_year, extra = divmod(count, len(years))
    planned = []
    for index, year in enumerate(years):
        first = timezone.localdate().replace(year=year, month=1, day=15)
        days = meeting_days(rng, first, first.replace(month=12, day=15), per_year + (index < extra))
        planned.extend(days)
    existing = set(
        Meeting.objects.filter(slug__startswith="copil-h-").values_list("slug", flat=True)
    )
    meetings = []
    for number, day in enumerate(planned, start=1):
        slug = f"copil-h-{day:%Y-%m-%d}-{number}"
        if slug in existing:
            continue
        start = at(day, rng.choice((9, 14)), 30 if rng.random() < 0.5 else 0)
        topic = TOPICS[number % len(TOPICS)]
        past = start < now
        meetings.append(
            Meeting(
                body=copil,
                kind=Meeting.Kind.COPIL,
                slug=slug,
                title=f"COPIL du {day:%d/%m/%Y} : {topic}",
                description=f"Séance ordinaire du comité de pilotage consacrée au thème : {topic}.",
                start=start,
                end=start + timedelta(hours=2, minutes=30),
                place=PLACE,
                status=Meeting.Status.HELD if past else Meeting.Status.SCHEDULED,
                visibility=Meeting.Visibility.PUBLIC if number % 5 else Meeting.Visibility.MEMBERS,
                created_by=lead,
                convoked_at=start - timedelta(days=21),
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=500)
    items, participations = [], []
    S = Participation.Status
    for meeting in meetings:
        for position, (title, minutes) in enumerate(
            [("Validation du compte rendu précédent", 15), (f"Point : {meeting.title}", 60),
             ("Questions diverses", 15)],
            start=1,
        ):  # fmt: skip
            items.append(
                AgendaItem(
                    meeting=meeting, position=position, title=title, duration_minutes=minutes
                )
            )
        past = meeting.status == Meeting.Status.HELD
        for user_id in members:
            status = rng.choices((S.ATTENDING, S.EXCUSED, S.REPRESENTED), (8, 1, 1))[0]
            participations.append(
                Participation(
                    meeting=meeting,
                    user_id=user_id,
                    status=status,
                    invited_at=meeting.convoked_at,
                    answered_at=meeting.convoked_at + timedelta(days=rng.randint(1, 10)),
                    proxy_name="Élu suppléant" if status == S.REPRESENTED else "",
                    attended=(status == S.ATTENDING and rng.random() < 0.95) if past else None,
                    checked_in_at=meeting.start if past and status == S.ATTENDING else None,
                    created_at=meeting.convoked_at,
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=1000)
    Participation.objects.bulk_create(participations, batch_size=2000)
    return len(meetings)
