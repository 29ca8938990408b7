"""Demo of online participation: an open call with online contributions and comments, a closed
prioritisation by points with its results, an open ranking with live results, a proposal on
the next COPIL session's agenda. Idempotent (keyed on slugs). Runs after the meetings and
priority actions exist."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.accounts.demo import demo_account_user
from apps.strategy.models import Contribution, Objective, PriorityAction

from . import services
from .models import Ballot, BallotPoints, Call, Comment, Prioritisation, Proposal

DEMO_PHASE = 2  # after the minutes (phase 1): the decided actions are known

CALL_SLUG = "appel-accueil-nouveaux-actifs"
PRIORITISATION_SLUG = "priorisation-actions-2027"
RANKING_SLUG = "classement-actions-pleniere"

CONTRIBUTIONS = [
    (Contribution.Type.NEED, "Un **guichet unique** pour les conjoints des nouveaux salariés : "
     "emploi, logement, garde d'enfants."),
    (Contribution.Type.PERCEPTION, "Vu de Rennes, la Cornouaille paraît loin de tout ; "
     "une fois installés, les gens ne veulent plus repartir."),
    (Contribution.Type.STRENGTH, "La qualité de vie : la mer à 20 minutes, des écoles à taille "
     "humaine, une vie associative dense."),
    (Contribution.Type.ACTION_IDEA, "Organiser chaque automne un **week-end découverte** pour "
     "les candidats à un poste, avec visites d'entreprises et de logements."),
    (Contribution.Type.SERVICE, "Les offices de tourisme peuvent accueillir les nouveaux "
     "arrivants comme des visiteurs : kit, visites, rencontres."),
]  # fmt: skip
COMMENTS = [
    "Très juste, c'est ce que nous vivons dans nos recrutements.",
    "Nous pourrions nous appuyer sur les clubs d'entreprises existants.",
    "Attention à ne pas doubler ce que font déjà les intercommunalités.",
]


@transaction.atomic
def seed_demo_data(**options) -> list[str]:
    scale = max(1, int(options.get("scale", 1) or 1))
    lead = demo_account_user(role="equipe-projet")
    actor = demo_account_user(role=None)
    now = timezone.now()
    people = list(get_user_model().objects.filter(is_active=True).order_by("pk")[: 60 * scale])
    rng = random.Random(14)  # noqa: S311 - demo data

    call = Call.objects.filter(slug=CALL_SLUG).first()
    objective = Objective.objects.filter(slug="stimuler-les-initiatives").first()
    if call is None and objective is not None:
        call = services.call_create(
            by=lead,
            title="Comment mieux accueillir les nouveaux actifs ?",
            question="Vous avez recruté, déménagé, accueilli quelqu'un en Cornouaille : "
            "**qu'est-ce qui a manqué, qu'est-ce qui a aidé ?**",
            opens_at=now - timedelta(days=10),
            closes_at=now + timedelta(days=20),
            objective=objective,
        )
        Call.objects.filter(pk=call.pk).update(slug=CALL_SLUG)  # a stable demo address
        call.slug = CALL_SLUG
        authors = [actor, *people[:4]]
        for (type_, text), author in zip(CONTRIBUTIONS, authors, strict=False):
            contribution = services.call_contribute(call=call, author=author, type=type_, text=text)
            Comment.objects.bulk_create(
                [
                    Comment(contribution=contribution, author=rng.choice(people), text=text)
                    for text in COMMENTS[: rng.randint(1, 3)]
                ]
            )
        first = Comment.objects.filter(contribution__isnull=False).order_by("pk").first()
        if first is not None:
            Comment.objects.create(
                contribution=first.contribution,
                parent=first,
                author=actor,
                text="Merci, nous le remontons au groupe de travail.",
            )

    prioritisation = Prioritisation.objects.filter(slug=PRIORITISATION_SLUG).first()
    actions = list(PriorityAction.objects.order_by("pk")[:6])
    if prioritisation is None and len(actions) >= 2:
        prioritisation = services.prioritisation_create(
            by=lead,
            title="Quelles actions en priorité pour 2027 ?",
            description="Répartissez 10 points entre les actions qui comptent le plus pour vous.",
            actions=actions,
            opens_at=now - timedelta(days=30),
            closes_at=now - timedelta(days=2),
            points=10,
        )
        Prioritisation.objects.filter(pk=prioritisation.pk).update(slug=PRIORITISATION_SLUG)
        prioritisation.slug = PRIORITISATION_SLUG
        ballots = Ballot.objects.bulk_create(
            [
                Ballot(
                    prioritisation=prioritisation,
                    user=person,
                    budget=10,
                    total=10,
                    territory_id=person.territory_id,
                    actor_category_id=person.actor_category_id,
                )
                for person in people
            ]
        )
        lines = []
        for ballot in ballots:
            chosen = rng.sample(actions, 3)
            for action, points in zip(chosen, (5, 3, 2), strict=True):
                lines.append(BallotPoints(ballot=ballot, action=action, points=points))
        BallotPoints.objects.bulk_create(lines)
        services.prioritisation_close(prioritisation=prioritisation, by=lead)

    ranking = Prioritisation.objects.filter(slug=RANKING_SLUG).first()
    ranked = list(PriorityAction.objects.order_by("-pk")[:5])
    if ranking is None and len(ranked) >= 2:
        ranking = services.prioritisation_create(
            by=lead,
            title="Classez les actions à présenter en plénière",
            description="Quelles actions la plénière doit-elle examiner en premier ? "
            "Les résultats s'affichent en direct sur l'écran de la salle.",
            actions=ranked,
            opens_at=now - timedelta(days=3),
            closes_at=now + timedelta(days=14),
            method=Prioritisation.Method.RANKING,
            live_results=True,
        )
        Prioritisation.objects.filter(pk=ranking.pk).update(slug=RANKING_SLUG)
        count = len(ranked)
        voters = people[1::3]
        ballots = Ballot.objects.bulk_create(
            [
                Ballot(
                    prioritisation=ranking,
                    user=person,
                    budget=services.ranking_budget(count),
                    total=0,
                    territory_id=person.territory_id,
                    actor_category_id=person.actor_category_id,
                )
                for person in voters
            ]
        )
        lines = []
        for ballot in ballots:
            order = rng.sample([a.pk for a in ranked], rng.randint(2, count))
            points = services.ranking_points({pk: n + 1 for n, pk in enumerate(order)}, count)
            ballot.total = sum(points.values())
            lines += [BallotPoints(ballot=ballot, action_id=a, points=p) for a, p in points.items()]
        Ballot.objects.bulk_update(ballots, ["total"])
        BallotPoints.objects.bulk_create(lines)

    session = services.next_copil_session()
    candidate = (
        PriorityAction.objects.filter(status=PriorityAction.Status.PROPOSED).order_by("pk").first()
    )
    existing = Proposal.objects.filter(action=candidate, meeting=session).first()
    if existing is not None:
        services.proposal_put_on_agenda(proposal=existing)  # the sessions' demo agenda was reset
    elif session is not None and candidate is not None:
        services.proposal_create(
            action=candidate,
            meeting=session,
            by=demo_account_user(role="comite-technique"),
            reason=Proposal.Reason.TECHNICAL_COMMITTEE,
            note="Le comité technique propose d'engager cette action en 2027.",
        )
    return [
        f"  Appels à contributions : {Call.objects.count()}",
        f"  Commentaires : {Comment.objects.count()}",
        f"  Bulletins de priorisation : {Ballot.objects.count()}",
        f"  Propositions au COPIL : {Proposal.objects.count()}",
    ]
