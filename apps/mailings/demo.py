"""Demo data: a few segments, filière interests, two mailings already sent (in the archive)
and a draft. Idempotent (by segment name and mailing subject); bulk inserts; no email leaves
(the deliveries of the demo mailings are recorded, not queued)."""

import random
from datetime import timedelta

from django.utils import timezone

from apps.accounts.demo import demo_account_user, demo_participants
from apps.stakeholders.models import ActorCategory, Territory
from apps.strategy.models import Filiere

from .models import Delivery, FiliereInterest, Mailing, Segment
from .selectors import segment_recipients

DEMO_PHASE = 1  # after the people and meetings

LETTERS = [
    (
        "Lettre n° 1 — Lancement de la démarche d'attractivité",
        "Tous les abonnés",
        120,
        "Bonjour,\n\nLa démarche **Cornouaille Attractivité** est lancée ! Près de 600 acteurs "
        "du territoire ont déjà répondu présent.\n\n## Au programme\n\n- les premiers ateliers "
        "des groupes de travail ;\n- une plénière de partage en juin ;\n- le baromètre "
        "« Image de la Cornouaille ».\n\n[Voir le calendrier](/calendrier/)",
    ),
    (
        "Lettre n° 2 — Les filières mer et tourisme à l'honneur",
        "Filières mer et tourisme",
        45,
        "Bonjour,\n\nLes ateliers consacrés à la **mer** et au **tourisme** ont fait émerger "
        "une vingtaine d'idées d'actions.\n\n1. un label commun des produits de la mer ;\n"
        "2. une saison touristique élargie ;\n3. l'accueil des nouveaux talents.\n\n"
        "Retrouvez les actions prioritaires sur [la page Stratégie](/strategie/).",
    ),
]


def seed_demo_data(**options) -> list[str]:
    scale = max(1, int(options.get("scale", 1) or 1))
    rng = random.Random(13)
    lead = demo_account_user(role="equipe-projet")
    filieres = list(Filiere.objects.order_by("position"))
    people = list(demo_participants().values_list("pk", flat=True))
    interests = [
        FiliereInterest(user_id=pk, filiere=filiere)
        for pk in people
        for filiere in filieres
        if rng.random() < 0.25
    ]
    FiliereInterest.objects.bulk_create(interests, ignore_conflicts=True, batch_size=2000)

    def segment(name, description, *, territories=(), categories=(), filieres=()):
        found, created = Segment.objects.get_or_create(
            name=name, defaults={"description": description, "created_by": lead}
        )
        if created:
            found.territories.set(Territory.objects.filter(slug__in=territories))
            found.categories.set(ActorCategory.objects.filter(slug__in=categories))
            found.filieres.set(Filiere.objects.filter(slug__in=filieres))
        return found

    segments = {
        "Tous les abonnés": segment("Tous les abonnés", "Toutes les personnes abonnées."),
        "Filières mer et tourisme": segment(
            "Filières mer et tourisme",
            "Intéressé·es par la mer ou le tourisme.",
            filieres=("mer", "tourisme"),
        ),
        "Pays Bigouden": segment(
            "Pays Bigouden",
            "Haut Pays Bigouden et Pays Bigouden Sud.",
            territories=("haut-pays-bigouden", "pays-bigouden-sud"),
        ),
        "Professionnels du tourisme": segment(
            "Professionnels du tourisme",
            "La catégorie « Professionnel du tourisme ».",
            categories=("professionnel-tourisme",),
        ),
    }
    now = timezone.now()
    for subject, segment_name, days_ago, body in LETTERS:
        if Mailing.objects.filter(subject=subject).exists():
            continue
        sent_at = now - timedelta(days=days_ago)
        mailing = Mailing.objects.create(
            subject=subject, body=body, segment=segments[segment_name],
            status=Mailing.Status.SENT, scheduled_for=sent_at, started_at=sent_at,
            sent_at=sent_at, progressed_at=sent_at, created_by=lead, created_at=sent_at,
        )  # fmt: skip
        recipients = segment_recipients(mailing.segment).values_list("pk", "email")
        Delivery.objects.bulk_create(
            [Delivery(mailing=mailing, user_id=pk, email=email, created_at=sent_at)
             for pk, email in recipients],
            batch_size=2000 * scale, ignore_conflicts=True,
        )  # fmt: skip
        mailing.recipients_count = mailing.deliveries.count()
        mailing.save(update_fields=["recipients_count"])
    Mailing.objects.get_or_create(
        subject="Lettre n° 3 — Rendez-vous à la plénière de restitution",
        defaults={
            "body": "Bonjour,\n\nNous vous attendons **nombreux** à la plénière de restitution.",
            "segment": segments["Pays Bigouden"],
            "created_by": lead,
        },
    )
    return [
        f"  Segments : {Segment.objects.count()}, lettres : {Mailing.objects.count()} "
        f"(dont {Mailing.objects.filter(status=Mailing.Status.SENT).count()} envoyées)"
    ]
