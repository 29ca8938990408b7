"""Demo data for a first run or a training session: organisations, people, role accounts.

Everything is deterministic (seeded random generators, rows keyed on stable names and
emails), so running it again creates nothing twice: the Nth participant is always the same
person, whatever the requested number. Steps are separate functions so that later apps can
build their own demo data on top of them (workshops need participants, the COPIL needs the
elected official), e.g. in their own `demo.py` calling `demo_participants()`.

Every demo email uses the reserved `.test` domain: nothing can ever be sent to a real person.
"""

import random
import re
from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from apps.core.demo import DemoDataError
from apps.stakeholders.models import ActorCategory, Organisation, Territory

from .models import User
from .roles import ROLES
from .services import user_set_role

DEMO_PASSWORD = "cornouaille-demo-2026"
DEMO_DOMAIN = "demo.cornouaille.test"
DEFAULT_PARTICIPANTS = 600
SEED = "cornouaille-demo"

PARTICIPANT_EMAIL_RE = re.compile(rf"^[a-z0-9-]+\.[a-z0-9-]+\.\d+@{re.escape(DEMO_DOMAIN)}$")


DEMO_HELP = f"""\
Comptes : environ 120 organisations de Cornouaille (deux tiers dans l'annuaire public) ;
N participants fictifs ({DEFAULT_PARTICIPANTS} par défaut), adresses @{DEMO_DOMAIN} déjà
vérifiées, consentement RGPD enregistré ; un compte par rôle : chef.projet@, facilitatrice@,
elu@, comite.technique@, acteur@ (simple acteur) et le superutilisateur admin@ (même domaine).

Mot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}"""


# ---------------------------------------------------------------------------- places

QBO = "quimper-bretagne-occidentale"
CCA = "concarneau-cornouaille-agglomeration"
DZ = "douarnenez-communaute"
PBS = "pays-bigouden-sud"
HPB = "haut-pays-bigouden"
CAP = "cap-sizun-pointe-du-raz"
FOU = "pays-fouesnantais"
HORS = None  # outside Cornouaille: no territory
EPCI = (QBO, CCA, DZ, PBS, HPB, CAP, FOU)  # a fixed order: editing positions changes no one

# A few towns of each EPCI, so that generated names land in the right territory.
TOWNS: dict[str, str] = {
    **dict.fromkeys(
        ["Quimper", "Ergué-Gabéric", "Briec", "Plogonnec", "Pluguffan", "Locronan", "Plomelin"],
        QBO,
    ),
    **dict.fromkeys(
        ["Concarneau", "Rosporden", "Trégunc", "Névez", "Pont-Aven", "Melgven", "Elliant"], CCA
    ),
    **dict.fromkeys(["Douarnenez", "Poullan-sur-Mer", "Kerlaz", "Le Juch", "Pouldergat"], DZ),
    **dict.fromkeys(
        ["Pont-l'Abbé", "Le Guilvinec", "Loctudy", "Penmarc'h", "Treffiagat", "Plomeur", "Combrit"],
        PBS,
    ),
    **dict.fromkeys(
        ["Plonéour-Lanvern", "Pouldreuzic", "Plozévet", "Landudec", "Plogastel-Saint-Germain"], HPB
    ),
    **dict.fromkeys(["Audierne", "Plouhinec", "Pont-Croix", "Plogoff", "Cléden-Cap-Sizun"], CAP),
    **dict.fromkeys(
        ["Fouesnant", "Bénodet", "La Forêt-Fouesnant", "Clohars-Fouesnant", "Pleuven"], FOU
    ),
}


def _de(town: str) -> str:
    """French 'of' before a town name: de Quimper, d'Audierne, du Guilvinec."""
    if town.startswith("Le "):
        return "du " + town[3:]
    if town[0] in "AEIOUÉÈÎ":
        return "d'" + town
    return "de " + town


# ---------------------------------------------------------------------------- organisations


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    category: str  # ActorCategory slug
    territory: str | None  # Territory slug; None: outside Cornouaille
    position: int  # rank within its category

    @property
    def listed(self) -> bool:
        """Two in three are in the public directory, the institution (first) always."""
        return self.position % 3 != 2

    @property
    def website(self) -> str:
        """One listed organisation in two has a website, on a reserved example domain."""
        if self.listed and self.position % 2 == 0:
            return f"https://www.example.org/{slugify(self.name)}"
        return ""


Named = tuple[str, str | None]  # an organisation's name and territory slug


def _in_towns(pattern: str, towns: list[str]) -> list[Named]:
    """One organisation per town, e.g. "Conserverie {de}" → "Conserverie de Douarnenez"."""
    return [(pattern.format(de=_de(town)), TOWNS[town]) for town in towns]


def _o(name: str, territory: str | None) -> Named:
    return (name, territory)


def _organisations_by_category() -> dict[str, list[Named]]:
    """The demo organisations by category slug, the institution first (it is always listed)."""
    o = _o
    return {
        "epci-collectivite": [
            o("Quimper Bretagne Occidentale", QBO),
            o("Concarneau Cornouaille Agglomération", CCA),
            o("Douarnenez Communauté", DZ),
            o("Pays Bigouden Sud", PBS),
            o("Haut Pays Bigouden", HPB),
            o("Cap Sizun – Pointe du Raz", CAP),
            o("Pays Fouesnantais", FOU),
            o("Quimper Cornouaille Développement", QBO),
            *_in_towns("Ville {de}", ["Quimper", "Concarneau", "Douarnenez"]),
            *_in_towns(
                "Commune {de}",
                ["Pont-l'Abbé", "Plonéour-Lanvern", "Audierne", "Bénodet"],
            ),
        ],
        "chambre-consulaire": [
            o("CCI Finistère", QBO),
            o("Chambre d'agriculture du Finistère", QBO),
            o("Chambre de métiers et de l'artisanat du Finistère", QBO),
            o("CCI Bretagne", HORS),
            o("Antenne de la CCI à Concarneau", CCA),
        ],
        "region": [
            o("Région Bretagne", HORS),
            o("Espace territorial de la Région Bretagne en Cornouaille", QBO),
            o("Comité régional du tourisme de Bretagne", HORS),
            o("Agence régionale de développement économique de Bretagne", HORS),
        ],
        "departement": [
            o("Département du Finistère", QBO),
            o("Agence départementale de tourisme du Finistère", QBO),
            o("Centre départemental d'action sociale de Douarnenez", DZ),
            o("Centre départemental d'action sociale de Pont-l'Abbé", PBS),
        ],
        "entreprise": [
            *_in_towns("Conserverie {de}", ["Douarnenez", "Le Guilvinec", "Concarneau"]),
            *_in_towns("Biscuiterie {de}", ["Pont-Aven", "Locronan", "Pont-l'Abbé"]),
            *_in_towns("Cidrerie {de}", ["Fouesnant", "Pleuven", "Ergué-Gabéric"]),
            *_in_towns("Brasserie artisanale {de}", ["Quimper", "Plozévet"]),
            *_in_towns("Chantier naval {de}", ["Concarneau", "Loctudy", "Audierne"]),
            *_in_towns("Mareyage {de}", ["Le Guilvinec", "Douarnenez", "Penmarc'h"]),
            *_in_towns("Salaisons {de}", ["Pouldreuzic"]),
            *_in_towns("Menuiserie {de}", ["Briec", "Landudec", "Elliant"]),
            *_in_towns("Imprimerie {de}", ["Quimper", "Rosporden"]),
            o("Kerné Numérique", QBO),
            o("Atlantique Algues", CAP),
            o("Transports Bigoudens", HPB),
        ],
        "association-culturelle": [
            *_in_towns(
                "Cercle celtique {de}",
                ["Quimper", "Pont-l'Abbé", "Plozévet", "Fouesnant"],
            ),
            *_in_towns("Bagad {de}", ["Concarneau", "Douarnenez", "Audierne"]),
            o("Comité du festival de Cornouaille", QBO),
            o("Compagnie de théâtre du Port-Rhu", DZ),
            *_in_towns("Chorale {de}", ["Bénodet", "Pont-Croix"]),
            *_in_towns("Amis du patrimoine {de}", ["Locronan", "Kerlaz"]),
            o("Institut culturel de Bretagne", HORS),
        ],
        "association-sportive": [
            *_in_towns("Club de voile {de}", ["Bénodet", "Concarneau"]),
            *_in_towns("Club nautique {de}", ["Loctudy", "Douarnenez"]),
            *_in_towns("Surf club {de}", ["Plomeur", "Plouhinec"]),
            *_in_towns("Club de kayak {de}", ["Quimper"]),
            *_in_towns("Union sportive {de}", ["Pont-Croix", "Briec"]),
            *_in_towns("Entente cycliste {de}", ["Plogastel-Saint-Germain"]),
            *_in_towns("Club de football {de}", ["Trégunc", "Pouldreuzic"]),
            *_in_towns("Club de handball {de}", ["Pont-l'Abbé"]),
            *_in_towns("Club de tennis {de}", ["Fouesnant"]),
        ],
        "professionnel-tourisme": [
            o("Office de tourisme de Quimper Cornouaille", QBO),
            o("Office de tourisme de Concarneau Pont-Aven", CCA),
            o("Office de tourisme de Douarnenez", DZ),
            o("Office de tourisme du Pays Bigouden Sud", PBS),
            o("Office de tourisme du Haut Pays Bigouden", HPB),
            o("Office de tourisme du Cap Sizun", CAP),
            o("Office de tourisme du Pays Fouesnantais", FOU),
            *_in_towns(
                "Camping de la plage {de}",
                ["Bénodet", "La Forêt-Fouesnant", "Névez", "Penmarc'h", "Plozévet", "Plouhinec"],
            ),
            *_in_towns("Hôtel du port {de}", ["Concarneau", "Audierne"]),
            o("Hôtel de la pointe du Raz", CAP),
            *_in_towns("Gîtes {de}", ["Kerlaz", "Melgven"]),
            o("Agence réceptive Bretagne Découverte", HORS),
        ],
        "enseignement-recherche": [
            o("Pôle universitaire de Quimper", QBO),
            *_in_towns("Lycée maritime {de}", ["Le Guilvinec", "Concarneau"]),
            o("Lycée de Cornouaille", QBO),
            o("Lycée agricole de Bréhoulou", FOU),
            o("Station de biologie marine de Concarneau", CCA),
            *_in_towns("Collège {de}", ["Pont-Croix", "Douarnenez"]),
            o("Maison familiale rurale de Plonéour-Lanvern", HPB),
            o("Université de Bretagne occidentale", HORS),
        ],
        "consultant": [
            o("Atelier Penn ar Bed Conseil", QBO),
            o("Kemper Stratégies", QBO),
            o("Studio Mor Glaz", DZ),
            o("Territoires en commun", HORS),
            o("Cap Concertation", HORS),
            o("Breizh Data Conseil", CCA),
        ],
        "citoyen": [
            o("Conseil de développement de Cornouaille", QBO),
            o("Comité de quartier de Kerfeunteun", QBO),
            o("Collectif citoyen de Douarnenez", DZ),
            o("Conseil citoyen de Concarneau", CCA),
            o("Association des habitants de Penmarc'h", PBS),
            o("Collectif des jeunes du Cap Sizun", CAP),
            o("Vivre au Pays Fouesnantais", FOU),
        ],
        "autre": [
            o("Mission locale du Pays de Cornouaille", QBO),
            *_in_towns(
                "Criée {de}",
                ["Le Guilvinec", "Douarnenez", "Concarneau", "Loctudy", "Audierne"],
            ),
            o("Port de plaisance de Bénodet", FOU),
            o("Aéroport de Quimper-Cornouaille", QBO),
            o("Maison de l'emploi du Haut Pays Bigouden", HPB),
        ],
    }


DESCRIPTIONS = {
    "epci-collectivite": "Collectivité partenaire de la stratégie d'attractivité.",
    "chambre-consulaire": "Accompagne les entreprises du territoire et relaie la démarche.",
    "region": "Partenaire régional de la démarche d'attractivité.",
    "departement": "Partenaire départemental de la démarche d'attractivité.",
    "entreprise": "Entreprise cornouaillaise engagée dans la marque de territoire.",
    "association-culturelle": "Fait vivre la culture bretonne et le patrimoine local.",
    "association-sportive": "Club sportif ouvert aux habitants comme aux visiteurs.",
    "professionnel-tourisme": "Accueille les visiteurs et fait découvrir la Cornouaille.",
    "enseignement-recherche": "Forme les talents de demain aux métiers du territoire.",
    "consultant": "Accompagne les démarches de concertation et de marketing territorial.",
    "citoyen": "Collectif d'habitants qui contribue aux ateliers.",
    "autre": "Acteur de l'économie et de la vie du territoire.",
}


def demo_organisation_specs() -> list[DemoOrganisation]:
    """Every demo organisation, in a stable order (the order participants are drawn from)."""
    return [
        DemoOrganisation(name=name, category=category, territory=territory, position=position)
        for category, named in _organisations_by_category().items()
        for position, (name, territory) in enumerate(named)
    ]


def _by_slug(model: type[ActorCategory] | type[Territory]) -> dict:
    return {row.slug: row for row in model.objects.all()}


def _reference_data() -> tuple[dict[str, ActorCategory], dict[str, Territory]]:
    """Territories and categories come from a data migration (and may be edited): check them."""
    categories, territories = _by_slug(ActorCategory), _by_slug(Territory)
    specs = demo_organisation_specs()
    missing = sorted(
        ({s.category for s in specs} - categories.keys()) | (set(EPCI) - territories.keys())
    )
    if missing:
        raise DemoDataError(
            "Données de référence introuvables (catégories ou territoires) : "
            f"{', '.join(missing)}. Lancez d'abord « manage.py migrate »."
        )
    return categories, territories


def seed_organisations() -> tuple[dict[str, Organisation], int]:
    """Create or restore the demo organisations; return them by name and how many are new."""
    categories, territories = _reference_data()
    organisations: dict[str, Organisation] = {}
    created_count = 0
    for spec in demo_organisation_specs():
        values = {
            "category": categories[spec.category],
            "territory": territories[spec.territory] if spec.territory else None,
            "listed_in_directory": spec.listed,
            "website": spec.website,
            "description": DESCRIPTIONS[spec.category],
        }
        organisation, created = Organisation.objects.update_or_create(
            name__iexact=spec.name, defaults=values, create_defaults={"name": spec.name, **values}
        )
        organisations[spec.name] = organisation
        created_count += created
    return organisations, created_count


# ---------------------------------------------------------------------------- people

FIRST_NAMES = [
    "Anne", "Annaïg", "Awena", "Bernard", "Brieuc", "Camille", "Catherine", "Chloé",
    "Christophe", "Claire", "Corentin", "Élodie", "Émilie", "Enora", "Erwan", "Françoise",
    "Gaël", "Goulven", "Gwenaëlle", "Hélène", "Hervé", "Hugo", "Isabelle", "Jacques",
    "Jean", "Julie", "Katell", "Klervi", "Laurent", "Léa", "Loïc", "Louise", "Lucas",
    "Maël", "Maëlle", "Malo", "Manon", "Marie", "Mathilde", "Morgane", "Nathalie",
    "Nicolas", "Nolwenn", "Pascal", "Paul", "Pierre", "Ronan", "Sandrine", "Soizic",
    "Sophie", "Tanguy", "Thomas", "Tristan", "Yann", "Yannick", "Youenn",
]  # fmt: skip

LAST_NAMES = [
    "Bernard", "Bonnet", "Calvez", "Cariou", "Coïc", "Durand", "Fontaine", "Garnier",
    "Gourmelen", "Guéguen", "Hénaff", "Jézéquel", "Kerhervé", "Kerouédan", "Le Berre",
    "Le Bihan", "Le Borgne", "Le Bris", "Le Cam", "Le Corre", "Le Du", "Le Floc'h",
    "Le Gall", "Le Goff", "Le Guen", "Le Meur", "Le Moal", "Le Page", "Le Pape",
    "Le Roux", "Lozac'h", "Martin", "Moreau", "Morvan", "Nédélec", "Péron", "Quéré",
    "Riou", "Rousseau", "Simon", "Stéphan", "Tanguy", "Thomas",
]  # fmt: skip


def participant_email(*, first_name: str, last_name: str, number: int) -> str:
    return f"{slugify(first_name)}.{slugify(last_name)}.{number}@{DEMO_DOMAIN}"


def demo_participants() -> QuerySet[User]:
    """The generated participants (not the role accounts): for other apps' demo data."""
    return User.objects.filter(email__regex=PARTICIPANT_EMAIL_RE.pattern)


def _participant(
    *,
    number: int,
    rng: random.Random,
    specs: list[DemoOrganisation],
    organisations: dict[str, Organisation],
    categories: dict[str, ActorCategory],
    territories: list[Territory],
    password_hash: str,
    now: datetime,
) -> User:
    """The `number`th participant: nine in ten belong to an organisation, the others are
    citizens on their own (one in ten of them outside Cornouaille)."""
    first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    if rng.random() < 0.9:
        organisation = organisations[rng.choice(specs).name]
        category, territory = organisation.category, organisation.territory
    else:
        organisation, category = None, categories["citoyen"]
        territory = rng.choice(territories) if rng.random() < 0.9 else None
    return User(
        email=participant_email(first_name=first_name, last_name=last_name, number=number),
        first_name=first_name,
        last_name=last_name,
        password=password_hash,
        organisation=organisation,
        actor_category=category,
        territory=territory,
        newsletter=rng.random() < 0.35,
        consent_at=now,
        consent_policy_version=settings.PRIVACY_POLICY_VERSION,
    )


def seed_participants(
    *, count: int, organisations: dict[str, Organisation], password_hash: str
) -> int:
    """Create the first `count` demo participants that do not exist yet; return how many.

    Bulk inserts (600 people in well under a second); existing participants are left as they
    are (they may have edited their profile during a demo). Each gets a verified primary email
    address, so that allauth lets them log in.
    """
    categories, territories_by_slug = _reference_data()
    territories = [territories_by_slug[slug] for slug in EPCI]
    specs = [spec for spec in demo_organisation_specs() if spec.name in organisations]
    rng = random.Random(f"{SEED}:participants")  # one sequence: person N never changes
    now = timezone.now()
    people = [
        _participant(
            number=number,
            rng=rng,
            specs=specs,
            organisations=organisations,
            categories=categories,
            territories=territories,
            password_hash=password_hash,
            now=now,
        )
        for number in range(1, count + 1)
    ]
    existing = set(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", flat=True)
    )
    new_people = [person for person in people if person.email not in existing]
    User.objects.bulk_create(new_people, batch_size=500)

    wanted = {person.email for person in people}
    without_address = User.objects.filter(
        email__endswith=f"@{DEMO_DOMAIN}", emailaddress__isnull=True
    ).values_list("pk", "email")
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email, verified=True, primary=True)
            for pk, email in without_address
            if email in wanted
        ],
        batch_size=500,
    )
    return len(new_people)


# ---------------------------------------------------------------------------- role accounts


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role: str | None  # a key of ROLES; None: a plain stakeholder
    organisation: str
    superuser: bool = False

    @property
    def role_label(self) -> str:
        if self.superuser:
            return "Superutilisateur (administration)"
        if self.role is None:
            return "Acteur (participant)"
        return str(ROLES[self.role][1])


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        f"admin@{DEMO_DOMAIN}", "Alan", "Le Dantec", None, "Quimper Cornouaille Développement",
        superuser=True,
    ),
    DemoAccount(
        f"chef.projet@{DEMO_DOMAIN}", "Claire", "Le Floc'h", "equipe-projet",
        "Quimper Cornouaille Développement",
    ),
    DemoAccount(
        f"facilitatrice@{DEMO_DOMAIN}", "Maëlle", "Kerhervé", "facilitateur",
        "Atelier Penn ar Bed Conseil",
    ),
    DemoAccount(f"elu@{DEMO_DOMAIN}", "Yannick", "Le Bihan", "elu", "Douarnenez Communauté"),
    DemoAccount(
        f"comite.technique@{DEMO_DOMAIN}", "Sophie", "Guéguen", "comite-technique",
        "Concarneau Cornouaille Agglomération",
    ),
    DemoAccount(f"acteur@{DEMO_DOMAIN}", "Erwan", "Le Goff", None, "Conserverie de Douarnenez"),
)  # fmt: skip


def seed_role_accounts(*, organisations: dict[str, Organisation], password_hash: str) -> list[User]:
    """Create or restore one account per role, with the documented password and exactly its role.

    Restoring matters: the printed password and roles must be true after every run, even if
    someone changed them during a demo.
    """
    users = []
    for account in DEMO_ACCOUNTS:
        organisation = organisations[account.organisation]
        values = {
            "first_name": account.first_name,
            "last_name": account.last_name,
            "password": password_hash,
            "organisation": organisation,
            "actor_category": organisation.category,
            "territory": organisation.territory,
            "is_active": True,
            "is_superuser": account.superuser,
        }
        if account.superuser:
            values["is_staff"] = True
        user, _created = User.objects.update_or_create(
            email__iexact=account.email,
            defaults=values,
            create_defaults={"email": account.email, **values},
        )
        if user.consent_at is None:
            user.consent_at = timezone.now()
            user.consent_policy_version = settings.PRIVACY_POLICY_VERSION
            user.save(update_fields=["consent_at", "consent_policy_version"])
        for role in ROLES:
            user_set_role(user=user, role=role, granted=role == account.role)
        EmailAddress.objects.filter(user=user, primary=True).exclude(email=user.email).update(
            primary=False
        )
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    return users


def demo_account_user(*, role: str | None) -> User:
    """The demo account holding `role` (None: the plain stakeholder), for other apps' demo data."""
    account = next(a for a in DEMO_ACCOUNTS if a.role == role and not a.superuser)
    return User.objects.get(email__iexact=account.email)


# ---------------------------------------------------------------------------- all steps


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    organisations_listed: int
    organisations_created: int
    participants: int
    participants_created: int
    accounts: tuple[DemoAccount, ...]


@transaction.atomic
def seed_demo(*, participants: int = DEFAULT_PARTICIPANTS) -> DemoSummary:
    """Run every step in one transaction: a failure leaves the database as it was."""
    missing_groups = {name for name, _label in ROLES.values()} - set(
        Group.objects.values_list("name", flat=True)
    )
    if missing_groups:
        raise DemoDataError(
            f"Groupes de rôles introuvables : {', '.join(sorted(missing_groups))}. "
            "Lancez d'abord « manage.py migrate »."
        )
    # Hashing is deliberately slow: once for everyone, not once per account.
    password_hash = make_password(DEMO_PASSWORD)
    organisations, organisations_created = seed_organisations()
    participants_created = seed_participants(
        count=participants, organisations=organisations, password_hash=password_hash
    )
    seed_role_accounts(organisations=organisations, password_hash=password_hash)
    return DemoSummary(
        organisations=len(organisations),
        organisations_listed=sum(o.listed_in_directory for o in organisations.values()),
        organisations_created=organisations_created,
        participants=demo_participants().count(),
        participants_created=participants_created,
        accounts=DEMO_ACCOUNTS,
    )


def seed_demo_data(
    *, participants: int = DEFAULT_PARTICIPANTS, scale: int | None = None, **options
) -> list[str]:
    """Entry point used by `seed_demo`: the accounts, then a summary with the password."""
    if scale:
        from .demo_history import seed_organisations as seed_more_organisations

        seed_organisations()  # the named ones first: they keep their names
        seed_more_organisations(scale=scale)
    summary = seed_demo(participants=participants)
    rows = [("Adresse électronique", "Rôle", "Mot de passe")] + [
        (account.email, account.role_label, DEMO_PASSWORD) for account in summary.accounts
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    lines = [
        f"  {email.ljust(widths[0])}  {role.ljust(widths[1])}  {password}"
        for email, role, password in rows
    ]
    lines += [
        "",
        f"  Organisations : {summary.organisations} "
        f"(dont {summary.organisations_listed} dans l'annuaire public, "
        f"{summary.organisations_created} créées par cette exécution)",
        f"  Participants : {summary.participants} "
        f"({summary.participants_created} créés par cette exécution)",
        f"  Comptes de démonstration : {len(summary.accounts)}",
        f"  Connexion : {settings.SITE_URL}{reverse('account_login')}",
        "",
    ]
    return lines
