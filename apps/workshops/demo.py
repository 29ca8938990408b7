"""Demo data of the co-construction: working groups over three years, their workshops (some
full, with a waiting list), registrations and attendance, a few hundred contributions with
supports, priority actions citing them, two plenaries. Called by `manage.py seed_demo`.

Idempotent: rows are keyed on slugs and (meeting, person) pairs; a workshop's contributions
are generated once. Deterministic: one seeded random generator. No email is sent.
"""

import random
from datetime import datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.demo import demo_account_user, demo_participants
from apps.core.demo import meeting_day_near
from apps.governance.models import AgendaItem, Body, Meeting, Participation
from apps.stakeholders.models import ActorCategory, Organisation, Territory
from apps.strategy.demo import GROUP_THEMES, group_slug
from apps.strategy.models import (
    Challenge,
    Contribution,
    Filiere,
    Objective,
    PriorityAction,
    Support,
)

from .models import Workshop

S = Participation.Status
CT = Contribution.Type

CHALLENGES = {
    "federer-les-acteurs": [
        ("partager-un-recit-commun", "Partager un récit commun de la Cornouaille"),
        ("mieux-se-connaitre-entre-acteurs", "Mieux se connaître entre acteurs du territoire"),
    ],
    "stimuler-les-initiatives": [
        ("accueillir-les-nouveaux-actifs", "Accueillir les nouveaux actifs et leur famille"),
        ("loger-les-saisonniers-et-les-jeunes", "Loger les saisonniers et les jeunes actifs"),
        ("accompagner-les-createurs", "Accompagner les créateurs et repreneurs d'entreprise"),
    ],
    "filieres-d-excellence": [
        ("valoriser-les-produits-de-la-mer", "Valoriser les produits de la mer et leurs métiers"),
        ("allonger-la-saison-touristique", "Allonger la saison touristique"),
    ],
    "notoriete-et-image": [
        ("une-image-au-dela-des-cliches", "Une image au-delà des clichés"),
        ("etre-visible-des-talents", "Être visible des talents qui cherchent un territoire"),
    ],
}

PLACES = [
    "Pôle Max Jacob, Quimper",
    "Le Chapeau Rouge, Quimper",
    "Halle de la criée, Le Guilvinec",
    "Maison du littoral, Concarneau",
    "Port-Musée, Douarnenez",
    "Salle Avel Dro, Plozévet",
    "Espace Kerbernez, Plomelin",
    "Maison du Cap Sizun, Audierne",
    "Archipôle, Fouesnant",
]

SNIPPETS = {
    CT.PERCEPTION: [
        "Vu de Rennes ou de Nantes, la Cornouaille c'est surtout les vacances d'été.",
        "Les jeunes diplômés pensent qu'il n'y a pas d'emplois qualifiés ici.",
        "On connaît Quimper et Concarneau, beaucoup moins l'intérieur des terres.",
        "Le territoire a une image authentique, mais un peu figée dans le passé.",
        "La qualité de vie est reconnue, les métiers de la mer beaucoup moins.",
    ],
    CT.NEED: [
        "Trouver un logement à l'année quand on arrive pour un emploi.",
        "Un interlocuteur unique pour les conjoints qui cherchent un travail.",
        "Des transports entre le littoral et Quimper en dehors des heures de pointe.",
        "Une offre de garde d'enfants compatible avec les horaires du tourisme.",
        "Savoir quelles entreprises recrutent, au-delà des annonces classiques.",
    ],
    CT.STRENGTH: [
        "Des entreprises leaders de l'agroalimentaire et de la mer, reconnues à l'international.",
        "Un patrimoine culturel vivant : festivals, cercles, musique bretonne.",
        "Le littoral, les ports et les espaces naturels à moins de trente minutes.",
        "Un réseau associatif très dense, surtout dans le sport et la culture.",
        "Des savoir-faire artisanaux qui se transmettent.",
    ],
    CT.SERVICE: [
        "Les offices de tourisme proposent déjà un accueil des nouveaux arrivants l'été.",
        "La CCI accompagne les créateurs avec des permanences dans chaque EPCI.",
        "Les lycées maritimes forment aux métiers de la pêche et de la navigation.",
        "Un réseau de tiers-lieux ouvre des espaces de travail partagés.",
    ],
    CT.ACTION_IDEA: [
        "Créer un kit d'accueil des nouveaux actifs commun aux sept EPCI.",
        "Organiser des visites d'entreprises pour les collégiens et lycéens.",
        "Lancer une marque partagée avec les producteurs de la filière aliment.",
        "Mettre en place une bourse aux logements saisonniers.",
        "Des ambassadeurs de la Cornouaille parmi les salariés et les habitants.",
        "Un événement annuel qui fait découvrir les métiers de la mer au grand public.",
    ],
}

ACTIONS = [
    ("Kit d'accueil des nouveaux actifs", "stimuler-les-initiatives", "accueillir-les-nouveaux-actifs", None, PriorityAction.Status.IN_PROGRESS, 45),
    ("Bourse aux logements saisonniers", "stimuler-les-initiatives", "loger-les-saisonniers-et-les-jeunes", "tourisme", PriorityAction.Status.VALIDATED, 10),
    ("Réseau des ambassadeurs de Cornouaille", "federer-les-acteurs", "partager-un-recit-commun", None, PriorityAction.Status.IN_PROGRESS, 60),
    ("Fête des métiers de la mer", "filieres-d-excellence", "valoriser-les-produits-de-la-mer", "mer", PriorityAction.Status.DONE, 100),
    ("Marque partagée des produits cornouaillais", "filieres-d-excellence", None, "aliment", PriorityAction.Status.PROPOSED, 0),
    ("Saison touristique : offres d'automne", "filieres-d-excellence", "allonger-la-saison-touristique", "tourisme", PriorityAction.Status.VALIDATED, 20),
    ("Campagne « Vivre et travailler en Cornouaille »", "notoriete-et-image", "etre-visible-des-talents", None, PriorityAction.Status.IN_PROGRESS, 35),
    ("Visites d'entreprises pour les jeunes", "stimuler-les-initiatives", "accompagner-les-createurs", None, PriorityAction.Status.PROPOSED, 0),
    ("Portrait photographique du territoire", "notoriete-et-image", "une-image-au-dela-des-cliches", None, PriorityAction.Status.ABANDONED, 5),
    ("Annuaire vivant des acteurs", "federer-les-acteurs", "mieux-se-connaitre-entre-acteurs", None, PriorityAction.Status.DONE, 100),
]  # fmt: skip


def _at(day_offset: int, hour: int) -> datetime:
    day = meeting_day_near(timezone.localdate() + timedelta(days=day_offset))
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _challenges() -> dict[str, Challenge]:
    objectives = {o.slug: o for o in Objective.objects.all()}
    result = {}
    for objective_slug, items in CHALLENGES.items():
        for position, (slug, title) in enumerate(items, start=1):
            result[slug], _ = Challenge.objects.update_or_create(
                slug=slug,
                defaults={
                    "objective": objectives[objective_slug],
                    "title": title,
                    "position": position,
                },
            )
    return result


def _meeting(*, slug, kind, title, start, status, body=None, capacity=None, visibility=None,
             description="", created_by=None, place="") -> Meeting:  # fmt: skip
    meeting, _ = Meeting.objects.update_or_create(
        slug=slug,
        defaults={
            "kind": kind,
            "title": title,
            "body": body,
            "start": start,
            "end": start + timedelta(hours=3),
            "status": status,
            "capacity": capacity,
            "visibility": visibility or Meeting.Visibility.PUBLIC,
            "place": place,
            "description": description,
            "created_by": created_by,
            "registration_closes_at": start - timedelta(days=2) if capacity else None,
        },
    )
    return meeting


def _register(meeting: Meeting, people, rng: random.Random, *, past: bool) -> None:
    existing = set(meeting.participations.values_list("user_id", flat=True))
    rows = []
    seats = meeting.capacity or len(people)
    base = meeting.start - timedelta(days=30)
    for index, person in enumerate(people):
        if person.pk in existing:
            continue
        status = S.REGISTERED if index < seats else S.WAITLISTED
        attended = (rng.random() < 0.85) if past and status == S.REGISTERED else None
        rows.append(
            Participation(
                meeting=meeting,
                user=person,
                status=status,
                queued_at=base + timedelta(minutes=index * 7),
                answered_at=base + timedelta(minutes=index * 7),
                attended=attended,
                checked_in_at=meeting.start if attended else None,
            )
        )
    if past and not meeting.participations.filter(user=None).exists():
        # A few walk-ins without an account (name, organisation, EPCI, category), as the
        # facilitators record them at the door: each one counts as a person present.
        territories = list(Territory.objects.all()[:7])
        categories = list(ActorCategory.objects.all()[:12])
        for index in range(rng.randint(1, 3)):
            rows.append(
                Participation(
                    meeting=meeting,
                    user=None,
                    guest_name=GUEST_NAMES[index],
                    guest_organisation=GUEST_ORGANISATIONS[index],
                    guest_territory=rng.choice(territories) if territories else None,
                    guest_category=rng.choice(categories) if categories else None,
                    guest_may_contact=rng.random() < 0.6,
                    status=S.ATTENDING,
                    walk_in=True,
                    attended=True,
                    checked_in_at=meeting.start + timedelta(minutes=10),
                    answered_at=meeting.start + timedelta(minutes=10),
                )
            )
    Participation.objects.bulk_create(rows)


GUEST_NAMES = ("Gwenaëlle Le Floc'h", "Yannick Quéré", "Soizic Toullec")
GUEST_ORGANISATIONS = ("Comité des fêtes de Locronan", "Gîte de Kerlaz", "")


def _contributions(meeting: Meeting, workshop: Workshop, rng, challenges, filieres) -> None:
    if meeting.contributions.exists():
        return
    attendees = list(
        meeting.participations.filter(attended=True, user__isnull=False)
        .select_related("user")
        .values_list("user_id", flat=True)
    )
    if not attendees:
        return
    objectives = list(workshop.objectives.all()) or list(Objective.objects.all())
    facilitator_ids = list(workshop.facilitators.values_list("pk", flat=True))
    for _ in range(rng.randint(12, 22)):
        kind = rng.choice(list(CT))
        objective = rng.choice(objectives)
        contribution = Contribution.objects.create(
            meeting=meeting,
            author_id=rng.choice(attendees),
            captured_by_id=rng.choice(facilitator_ids)
            if facilitator_ids and rng.random() < 0.4
            else None,
            type=kind,
            text=rng.choice(SNIPPETS[kind]),
        )
        contribution.objectives.add(objective)
        pool = [c for c in challenges.values() if c.objective_id == objective.pk]
        if pool and rng.random() < 0.6:
            contribution.challenges.add(rng.choice(pool))
        theme_filieres = list(workshop.filieres.all())
        if theme_filieres:
            contribution.filieres.add(rng.choice(theme_filieres))
        elif rng.random() < 0.2:
            contribution.filieres.add(rng.choice(filieres))
        supporters = rng.sample(attendees, k=min(len(attendees), rng.randint(0, 8)))
        Support.objects.bulk_create(
            [
                Support(contribution=contribution, user_id=u)
                for u in supporters
                if u != contribution.author_id
            ],
            ignore_conflicts=True,
        )


def seed_demo_data(**options) -> list[str]:
    lead = demo_account_user(role="equipe-projet")
    facilitator = demo_account_user(role="facilitateur")
    stakeholder = demo_account_user(role=None)
    people = list(demo_participants().order_by("pk"))
    if stakeholder not in people:
        people.append(stakeholder)
    objectives = {o.slug: o for o in Objective.objects.all()}
    filieres = {f.slug: f for f in Filiere.objects.all()}
    challenges = _challenges()
    this_year = timezone.localdate().year

    workshops = []
    groups = []
    for offset, year in enumerate((this_year - 2, this_year - 1, this_year)):
        for index in range(2):
            theme, objective_slugs, filiere_slugs = GROUP_THEMES[offset * 2 + index]
            body = Body.objects.get(slug=group_slug(year, index))  # working_groups demo
            groups.append(body)
            # Three workshops per group: past years all held; this year one held, two to come.
            for number in range(3):
                day = (
                    {this_year - 2: -700, this_year - 1: -330, this_year: -60}[year]
                    + number * 45
                    + index * 12
                )
                past = day < 0
                capacity = 25 if (year == this_year and number == 1 and index == 0) else 40
                meeting = _meeting(
                    slug=f"atelier-{year}-{index + 1}-{number + 1}",
                    kind=Meeting.Kind.WORKSHOP,
                    title=f"Atelier {number + 1} — {theme}",
                    start=_at(day, 14),
                    status=Meeting.Status.HELD if past else Meeting.Status.SCHEDULED,
                    body=body,
                    capacity=capacity,
                    place=PLACES[(offset * 6 + index * 3 + number) % len(PLACES)],
                    description="Perceptions, attentes et idées d'actions sur le thème "
                    f"« {theme} » : venez avec votre expérience du territoire.",
                    created_by=lead,
                )
                rng = random.Random(f"demo-{meeting.slug}")
                workshop, _ = Workshop.objects.get_or_create(meeting=meeting)
                workshop.objectives.set([objectives[s] for s in objective_slugs])
                workshop.filieres.set([filieres[s] for s in filiere_slugs])
                workshop.challenges.set(
                    [c for c in challenges.values() if c.objective.slug in objective_slugs][:2]
                )
                workshop.facilitators.set([facilitator])
                # The full one: more people than seats, hence a waiting list.
                crowd = capacity + 8 if capacity == 25 else rng.randint(18, 36)
                _register(meeting, rng.sample(people, k=min(len(people), crowd)), rng, past=past)
                if past:
                    _contributions(meeting, workshop, rng, challenges, list(filieres.values()))
                workshops.append(meeting)

    # Two open workshops (no group), upcoming.
    for number, (title, day, objective_slug) in enumerate(
        [
            ("Atelier ouvert : la Cornouaille vue d'ailleurs", 25, "notoriete-et-image"),
            ("Atelier ouvert : accueillir les nouveaux arrivants", 52, "stimuler-les-initiatives"),
        ],
        start=1,
    ):
        meeting = _meeting(
            slug=f"atelier-ouvert-{number}", kind=Meeting.Kind.WORKSHOP, title=title,
            start=_at(day, 18), status=Meeting.Status.SCHEDULED, capacity=60,
            place=PLACES[number], created_by=lead,
            description="Ouvert à tous les acteurs inscrits sur la plateforme.",
        )  # fmt: skip
        rng = random.Random(f"demo-{meeting.slug}")
        workshop, _ = Workshop.objects.get_or_create(meeting=meeting)
        workshop.objectives.set([objectives[objective_slug]])
        workshop.facilitators.set([facilitator])
        _register(meeting, rng.sample(people, k=min(len(people), 20)), rng, past=False)
        workshops.append(meeting)

    # Priority actions citing contributions of the right objective.
    visible = {}
    for contribution in Contribution.objects.filter(is_hidden=False).prefetch_related("objectives"):
        for objective in contribution.objectives.all():
            visible.setdefault(objective.slug, []).append(contribution)
    organisations = list(Organisation.objects.filter(listed_in_directory=True).order_by("pk")[:30])
    for title, objective_slug, challenge_slug, filiere_slug, status, progress in ACTIONS:
        rng = random.Random(f"demo-action-{title}")
        action, created = PriorityAction.objects.update_or_create(
            slug=slugify(title)[:100],
            defaults={
                "title": title,
                "objective": objectives[objective_slug],
                "challenge": challenges.get(challenge_slug) if challenge_slug else None,
                "filiere": filieres.get(filiere_slug) if filiere_slug else None,
                "status": status,
                "progress": progress,
                "lead_organisation": rng.choice(organisations) if organisations else None,
                "due_date": timezone.localdate() + timedelta(days=rng.randint(60, 500)),
                "description": f"Action issue des ateliers : {title.lower()}.",
                "created_by": lead,
            },
        )
        pool = visible.get(objective_slug, [])
        if created and pool:
            action.contributions.set(rng.sample(pool, k=min(len(pool), rng.randint(2, 4))))

    # Plenaries: one held (sharing), one to come (restitution).
    plenary_specs = [
        (
            "pleniere-partage",
            "Plénière de partage : premiers résultats des ateliers",
            -200,
            Meeting.Status.HELD,
        ),
        (
            "pleniere-restitution",
            "Plénière de restitution de la stratégie",
            40,
            Meeting.Status.SCHEDULED,
        ),
    ]
    for slug, title, day, status in plenary_specs:
        meeting = _meeting(
            slug=slug, kind=Meeting.Kind.PLENARY, title=title, start=_at(day, 17),
            status=status, capacity=150, place="Théâtre de Cornouaille, Quimper",
            description="Temps fort ouvert à tous les acteurs de la démarche.", created_by=lead,
        )  # fmt: skip
        if not meeting.agenda_items.exists():
            AgendaItem.objects.bulk_create(
                AgendaItem(meeting=meeting, position=i, title=t, presenter=p, duration_minutes=d)
                for i, (t, p, d) in enumerate(
                    [
                        ("Accueil", "Présidente du COPIL", 15),
                        ("Ce que disent les ateliers", "Atelier Penn ar Bed Conseil", 45),
                        ("Les actions prioritaires", "Cheffe de projet", 45),
                        ("Échanges avec la salle", "", 30),
                    ],
                    start=1,
                )
            )
        rng = random.Random(f"demo-{slug}")
        _register(meeting, rng.sample(people, k=min(len(people), 90)), rng, past=day < 0)

    history = {}
    if options.get("scale"):
        from .demo_history import seed_workshops

        history = seed_workshops(
            scale=options["scale"], lead=lead, facilitator=facilitator,
            people=[p.pk for p in people],
        )  # fmt: skip
    counts = Contribution.objects.aggregate(n=Count("pk"))
    return [
        f"  Ateliers : {len(workshops)} ; plénières : 2",
        f"  Contributions : {counts['n']} ; actions prioritaires : {PriorityAction.objects.count()}",
        *(
            [
                "  Historique : {workshops} ateliers, {plenaries} plénières, {participations} "
                "inscriptions, {contributions} contributions, {supports} soutiens".format(**history)
            ]
            if history
            else []
        ),
    ]
