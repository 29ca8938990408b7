"""Demo data: about forty offers and schemes of the territory, and the workshop contributions
tied to the publics they concern, so that the offer / expectations matrix shows real gaps.
Called by `manage.py seed_demo` (`seed_demo_data`, or `seed`). Idempotent, deterministic."""

import random

from django.utils.text import slugify

from apps.stakeholders.models import Organisation, Territory
from apps.strategy.models import Contribution, Filiere, TargetPublic

from .models import ServiceOffer

# (name, kind, filière slugs, public slugs, description)
OFFERS = [
    (
        "Pass Création Cornouaille",
        "scheme",
        [],
        ["porteurs-de-projets"],
        "Prêt d'honneur et accompagnement des créateurs.",
    ),
    (
        "Pépinière d'entreprises de Quimper",
        "service",
        [],
        ["porteurs-de-projets", "entreprises-et-investisseurs"],
        "Bureaux et accompagnement pendant les premières années.",
    ),
    (
        "Accueil des nouveaux arrivants",
        "service",
        [],
        ["familles-et-nouveaux-arrivants", "actifs-et-talents"],
        "Un interlocuteur unique pour s'installer : logement, écoles, emploi du conjoint.",
    ),
    (
        "Guichet emploi du conjoint",
        "service",
        [],
        ["actifs-et-talents", "familles-et-nouveaux-arrivants"],
        "Mise en relation avec les recruteurs du territoire.",
    ),
    (
        "Ambassadeurs de Cornouaille",
        "scheme",
        [],
        ["habitants", "actifs-et-talents"],
        "Un réseau d'habitants et d'entreprises qui font connaître le territoire.",
    ),
    (
        "Maison de l'emploi maritime",
        "service",
        ["mer"],
        ["actifs-et-talents", "jeunes-et-etudiants"],
        "Formations et offres des métiers de la mer.",
    ),
    (
        "Lycée maritime du Guilvinec",
        "asset",
        ["mer"],
        ["jeunes-et-etudiants"],
        "Formations pêche, commerce et mécanique navale.",
    ),
    (
        "Criées de Cornouaille",
        "asset",
        ["mer"],
        ["touristes-et-visiteurs", "entreprises-et-investisseurs"],
        "Premier ensemble de criées de France, visites et ventes.",
    ),
    (
        "Haliotika, la cité de la pêche",
        "asset",
        ["mer", "tourisme"],
        ["touristes-et-visiteurs", "habitants"],
        "Découvrir la pêche et ses métiers.",
    ),
    (
        "Centres nautiques de Cornouaille",
        "service",
        ["mer", "tourisme"],
        ["touristes-et-visiteurs", "familles-et-nouveaux-arrivants", "jeunes-et-etudiants"],
        "Voile, kayak, surf toute l'année.",
    ),
    (
        "Aide à l'installation en conchyliculture",
        "scheme",
        ["mer"],
        ["porteurs-de-projets"],
        "Accompagnement technique et foncier.",
    ),
    (
        "Technopôle Quimper-Cornouaille",
        "service",
        ["aliment", "mer"],
        ["entreprises-et-investisseurs", "porteurs-de-projets"],
        "Innovation et transfert de technologie.",
    ),
    (
        "Pôle agroalimentaire de Cornouaille",
        "service",
        ["aliment"],
        ["entreprises-et-investisseurs"],
        "Réseau des industriels de l'aliment.",
    ),
    (
        "Marchés de producteurs",
        "asset",
        ["aliment", "tourisme"],
        ["habitants", "touristes-et-visiteurs"],
        "Des marchés toute l'année dans les sept EPCI.",
    ),
    (
        "Route des saveurs de Cornouaille",
        "asset",
        ["aliment", "tourisme"],
        ["touristes-et-visiteurs"],
        "Producteurs, conserveries et crêperies à visiter.",
    ),
    (
        "Conserveries ouvertes au public",
        "asset",
        ["aliment", "mer", "tourisme"],
        ["touristes-et-visiteurs"],
        "Visites et boutiques des conserveries.",
    ),
    (
        "Formation aux métiers de l'agroalimentaire",
        "service",
        ["aliment"],
        ["jeunes-et-etudiants", "actifs-et-talents"],
        "Apprentissage et alternance avec les entreprises.",
    ),
    (
        "Aide à la transmission d'exploitations",
        "scheme",
        ["aliment"],
        ["porteurs-de-projets"],
        "Répertoire départ-installation et accompagnement.",
    ),
    (
        "Office de tourisme communautaire",
        "service",
        ["tourisme"],
        ["touristes-et-visiteurs"],
        "Accueil, information et billetterie.",
    ),
    (
        "Festival de Cornouaille",
        "asset",
        ["tourisme"],
        ["touristes-et-visiteurs", "habitants"],
        "Le grand rendez-vous des cultures bretonnes.",
    ),
    (
        "Sentiers côtiers (GR 34)",
        "asset",
        ["tourisme"],
        ["touristes-et-visiteurs", "habitants", "familles-et-nouveaux-arrivants"],
        "Randonnée le long du littoral.",
    ),
    (
        "Label Accueil vélo",
        "scheme",
        ["tourisme"],
        ["touristes-et-visiteurs"],
        "Hébergements et services adaptés aux cyclistes.",
    ),
    (
        "Aide à la rénovation des hébergements touristiques",
        "scheme",
        ["tourisme"],
        ["entreprises-et-investisseurs", "porteurs-de-projets"],
        "Subventions à la montée en gamme.",
    ),
    (
        "Résidences pour jeunes actifs",
        "service",
        [],
        ["jeunes-et-etudiants", "actifs-et-talents"],
        "Logements meublés à loyer modéré.",
    ),
    (
        "Campus universitaire de Quimper",
        "asset",
        [],
        ["jeunes-et-etudiants"],
        "IUT, pôle universitaire et écoles.",
    ),
    (
        "Bourse aux logements saisonniers",
        "service",
        ["tourisme"],
        ["jeunes-et-etudiants"],
        "Mise en relation des saisonniers et des propriétaires.",
    ),
    (
        "Espaces de coworking en Cornouaille",
        "service",
        [],
        ["actifs-et-talents", "porteurs-de-projets"],
        "Un réseau de tiers-lieux dans les petites communes.",
    ),
    (
        "Transport à la demande",
        "service",
        [],
        ["habitants", "jeunes-et-etudiants"],
        "Navettes sur réservation dans les communes rurales.",
    ),
    (
        "Aéroport de Quimper-Cornouaille",
        "asset",
        [],
        ["entreprises-et-investisseurs", "touristes-et-visiteurs"],
        "Liaisons aériennes vers Paris.",
    ),
    (
        "Foncier économique disponible",
        "service",
        [],
        ["entreprises-et-investisseurs"],
        "Terrains et bâtiments pour s'implanter.",
    ),
    (
        "Club des entreprises de Cornouaille",
        "service",
        [],
        ["entreprises-et-investisseurs"],
        "Réseau d'entreprises, rencontres et parrainage.",
    ),
    (
        "Prêts Initiative Cornouaille",
        "scheme",
        [],
        ["porteurs-de-projets"],
        "Prêts d'honneur sans intérêt.",
    ),
    (
        "Relais petite enfance",
        "service",
        [],
        ["familles-et-nouveaux-arrivants"],
        "Information sur les modes de garde.",
    ),
    (
        "Conservatoires et écoles de musique",
        "asset",
        [],
        ["familles-et-nouveaux-arrivants", "habitants"],
        "Enseignement artistique dans les EPCI.",
    ),
    (
        "Maisons de santé pluriprofessionnelles",
        "service",
        [],
        ["familles-et-nouveaux-arrivants", "habitants"],
        "Accès aux soins de proximité.",
    ),
    (
        "Marque Cornouaille",
        "scheme",
        ["aliment", "mer", "tourisme"],
        ["entreprises-et-investisseurs", "habitants"],
        "Une marque partagée pour promouvoir le territoire.",
    ),
    (
        "Stages d'été dans les entreprises de la mer",
        "scheme",
        ["mer"],
        ["jeunes-et-etudiants"],
        "Découvrir les métiers pendant les vacances.",
    ),
    (
        "Accompagnement à l'export agroalimentaire",
        "service",
        ["aliment"],
        ["entreprises-et-investisseurs"],
        "Salons et missions à l'étranger.",
    ),
    (
        "Écotourisme en Pays Bigouden",
        "asset",
        ["tourisme"],
        ["touristes-et-visiteurs"],
        "Séjours nature hors saison.",
    ),
    (
        "Parcours d'accueil des médecins",
        "scheme",
        [],
        ["actifs-et-talents"],
        "Aides à l'installation des professionnels de santé.",
    ),
]
# Which publics a workshop contribution concerns, guessed from its words (demo only).
KEYWORDS = {
    "actifs-et-talents": ["talent", "recrut", "emploi", "actif", "compétence"],
    "porteurs-de-projets": ["créat", "entrepren", "repren", "projet"],
    "jeunes-et-etudiants": ["jeune", "étudiant", "saisonnier", "formation"],
    "familles-et-nouveaux-arrivants": ["famille", "arrivant", "conjoint", "installer", "accueil"],
    "touristes-et-visiteurs": ["touris", "visiteur", "saison", "séjour"],
    "entreprises-et-investisseurs": ["entreprise", "investi", "industri"],
    "habitants": ["habitant", "fierté", "appartenance", "commun"],
}


def _tie_contributions(publics: dict, rng: random.Random) -> int:
    through = Contribution.target_publics.through
    done = set(through.objects.values_list("contribution_id", flat=True))
    rows = []
    for pk, text in Contribution.objects.exclude(pk__in=done).values_list("pk", "text"):
        lowered = text.lower()
        slugs = [slug for slug, words in KEYWORDS.items() if any(w in lowered for w in words)]
        if not slugs:
            slugs = [rng.choice(list(publics))]
        rows += [
            through(contribution_id=pk, targetpublic_id=publics[slug].pk)
            for slug in slugs[:2]
            if slug in publics
        ]
    through.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def seed() -> list[str]:
    rng = random.Random(29)
    publics = {p.slug: p for p in TargetPublic.objects.all()}
    filieres = {f.slug: f for f in Filiere.objects.all()}
    territories = list(Territory.objects.all())
    organisations = list(Organisation.objects.order_by("pk")[:200])
    created = 0
    for name, kind, filiere_slugs, public_slugs, description in OFFERS:
        offer, is_new = ServiceOffer.objects.get_or_create(
            slug=slugify(name)[:120],
            defaults={
                "name": name,
                "kind": kind,
                "description": description,
                "organisation": rng.choice(organisations) if organisations else None,
                "url": f"https://www.example.org/{slugify(name)}",
            },
        )
        if not is_new:
            continue
        created += 1
        offer.filieres.set([filieres[s] for s in filiere_slugs if s in filieres])
        offer.target_publics.set([publics[s] for s in public_slugs if s in publics])
        if territories and rng.random() < 0.5:
            offer.territories.set(rng.sample(territories, rng.randint(1, 3)))
    tied = _tie_contributions(publics, rng)
    return [
        f"  Offre de services : {ServiceOffer.objects.count()} offres ({created} créées)",
        f"  Contributions rattachées à des publics cibles : {tied} liens ajoutés",
    ]


def seed_demo_data(**options) -> list[str]:
    return seed()
