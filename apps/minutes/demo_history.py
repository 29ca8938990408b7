"""The history part of the demo at `seed_demo --scale N`: published minutes for the held
meetings of the history (COPIL sessions, workshops, plenaries: about 350 at 10×), written a
week or two after each meeting, with decisions and action items, their search vectors filled
in one statement. Bulk inserts; meetings that already have minutes are left alone."""

import random
from datetime import timedelta

from apps.governance.models import Meeting

from .models import ActionItem, Decision, Minutes, MinutesVersion
from .search import fill_missing_search_vectors

PARAGRAPHS = [
    "Les participants échangent sur l'attractivité de la Cornouaille : l'accueil des nouveaux "
    "actifs, le logement des saisonniers et l'image du territoire auprès des talents.",
    "La filière aliment présente ses besoins de recrutement ; les industries alimentaires et "
    "les producteurs souhaitent une marque partagée et des visites d'entreprises.",
    "Les acteurs du tourisme proposent d'allonger la saison avec des offres d'automne et "
    "d'hiver, en lien avec les offices de tourisme des sept EPCI.",
    "Les métiers de la mer (pêche, mareyage, construction navale) restent mal connus des "
    "jeunes : un événement annuel ouvert au grand public est proposé.",
    "Les élus rappellent les dispositifs de la Région et du Département et demandent un suivi "
    "des actions prioritaires à chaque séance.",
    "Le réseau associatif, culturel et sportif, est un atout : il accueille les nouveaux "
    "habitants et fait vivre le patrimoine breton.",
    "Les transports entre le littoral et Quimper, la garde d'enfants et le logement à l'année "
    "reviennent comme les premiers freins à l'installation.",
]
DECISIONS = [
    "Le plan d'actions est validé.",
    "Un groupe de travail sur le logement des saisonniers est constitué.",
    "La marque partagée des produits cornouaillais est mise à l'étude.",
    "Le calendrier des prochaines séances est adopté.",
    "Le budget de la campagne de communication est approuvé.",
]
ACTIONS = [
    "Diffuser la synthèse aux participants",
    "Préparer la prochaine séance",
    "Recenser les offres de logement",
    "Contacter les entreprises volontaires",
]


def seed_minutes(*, lead) -> int:
    """Publish minutes for the history's held meetings that have none; return how many."""
    meetings = list(
        Meeting.objects.filter(status=Meeting.Status.HELD, minutes__isnull=True)
        .filter(slug__regex=r"^(copil-h-|atelier-h-|pleniere-h-)")
        .select_related("body")
        .order_by("start")
    )
    rng = random.Random("demo-history-minutes")
    minutes_rows, versions, decisions, items = [], [], [], []
    for meeting in meetings:
        body = "\n\n".join(
            f"## Point {number}\n\n{rng.choice(PARAGRAPHS)} {rng.choice(PARAGRAPHS)}"
            for number in range(1, rng.randint(3, 6))
        )
        summary = rng.choice(PARAGRAPHS)
        chosen = rng.sample(DECISIONS, k=rng.randint(1, 3))
        actions = rng.sample(ACTIONS, k=rng.randint(1, 2))
        visibility = (
            Minutes.Visibility.MEMBERS
            if meeting.visibility == Meeting.Visibility.MEMBERS
            else Minutes.Visibility.PUBLIC
        )
        minutes = Minutes(
            meeting=meeting,
            status=Minutes.Status.PUBLISHED,
            visibility=visibility,
            summary=summary,
            body=body,
            revision=1,
            created_by=lead,
            submitted_at=meeting.end + timedelta(days=5),
        )
        minutes_rows.append(minutes)
        published_at = meeting.end + timedelta(days=rng.randint(7, 15))
        content = {
            "meeting": {
                "title": meeting.title,
                "kind": str(meeting.get_kind_display()),
                "body": meeting.body.name if meeting.body_id else "",
                "start": meeting.start.isoformat(),
                "end": meeting.end.isoformat(),
                "place": meeting.place,
                "online": bool(meeting.online_url),
            },
            "agenda": [],
            "present": [],
            "guests": [],
            "excused": [],
            "represented": [],
            "decisions": [{"text": t, "agenda_item": "", "actions": []} for t in chosen],
            "action_items": [
                {"what": a, "owner": str(lead), "due_date": "", "status": "Fait"} for a in actions
            ],
        }
        versions.append(
            MinutesVersion(
                minutes=minutes,
                number=1,
                summary=summary,
                body=body,
                content=content,
                published_at=published_at,
                published_by=lead,
                search_text="\n".join([meeting.title, summary, body, *chosen, *actions]),
            )
        )
        decisions += [
            Decision(minutes=minutes, position=i, text=t) for i, t in enumerate(chosen, 1)
        ]
        items += [
            ActionItem(minutes=minutes, position=i, what=a, owner=lead, status="done")
            for i, a in enumerate(actions, 1)
        ]
    Minutes.objects.bulk_create(minutes_rows, batch_size=500)
    for rows in (versions, decisions, items):
        for row in rows:
            row.minutes_id = row.minutes.pk
    MinutesVersion.objects.bulk_create(versions, batch_size=500)
    Decision.objects.bulk_create(decisions, batch_size=1000)
    ActionItem.objects.bulk_create(items, batch_size=1000)
    fill_missing_search_vectors()
    return len(minutes_rows)
