"""The history part of the demo at `seed_demo --scale N`: organisations grow with the scale
(about 130 per unit: 1,300 at 10×). Participants already grow (`participants` × N). Bulk
inserts; names are stable, so a re-run creates nothing twice."""

from django.utils.text import slugify

from apps.stakeholders.models import ActorCategory, Organisation, Territory

from .demo import DESCRIPTIONS, TOWNS, _de

ORGANISATIONS_PER_SCALE = 130

# (pattern, category slug): one organisation per town and pattern, then numbered.
KINDS = [
    ("Boulangerie {de}", "entreprise"),
    ("Garage {de}", "entreprise"),
    ("Pharmacie {de}", "entreprise"),
    ("Ferme maraîchère {de}", "entreprise"),
    ("Crêperie {de}", "professionnel-tourisme"),
    ("Chambres d'hôtes {de}", "professionnel-tourisme"),
    ("Comité des fêtes {de}", "association-culturelle"),
    ("Médiathèque {de}", "association-culturelle"),
    ("Club de randonnée {de}", "association-sportive"),
    ("École de musique {de}", "enseignement-recherche"),
    ("Association des commerçants {de}", "autre"),
    ("Conseil de quartier {de}", "citoyen"),
    ("Cabinet d'architectes {de}", "consultant"),
    ("Mairie {de}", "epci-collectivite"),
]


def seed_organisations(*, scale: int) -> int:
    """Bring the organisations to about 130 × scale; return how many were created."""
    wanted = ORGANISATIONS_PER_SCALE * scale - Organisation.objects.count()
    if wanted <= 0:
        return 0
    categories = {c.slug: c for c in ActorCategory.objects.all()}
    territories = {t.slug: t for t in Territory.objects.all()}
    towns = sorted(TOWNS)
    existing = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}
    rows = []
    number = 0
    while len(rows) < wanted:
        round_, rest = divmod(number, len(KINDS) * len(towns))
        pattern, category = KINDS[rest % len(KINDS)]
        town = towns[rest // len(KINDS)]
        name = pattern.format(de=_de(town)) + (f" ({round_ + 1})" if round_ else "")
        number += 1
        if name.lower() in existing or category not in categories:
            continue
        listed = number % 3 != 2
        rows.append(
            Organisation(
                name=name,
                category=categories[category],
                territory=territories.get(TOWNS[town]),
                listed_in_directory=listed,
                website=f"https://www.example.org/{slugify(name)}" if listed and number % 2 else "",
                description=DESCRIPTIONS[category],
            )
        )
    Organisation.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
