"""Demo data of the governance: COPIL and technical committee members, sessions with agendas,
convocations, answers and attendance. Called by `manage.py seed_demo` (idempotent: people are
keyed on their email, sessions on their slug; dates are placed relative to today).

No email is sent: rows are written directly, in the states the services would have left.
"""

from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from apps.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD, demo_account_user
from apps.accounts.models import User
from apps.accounts.services import user_set_role
from apps.core.demo import meeting_day_near
from apps.stakeholders.models import Organisation

from .models import AgendaItem, Body, Meeting, Membership, Participation

R = Membership.Role

# (email local part, first name, last name, organisation, role in the COPIL, mandate, elected?)
COPIL_PEOPLE = [
    ("copil.qbo", "Isabelle", "Assih", "Quimper Bretagne Occidentale", R.CHAIR,
     "Présidente du COPIL, vice-présidente de Quimper Bretagne Occidentale", True),
    ("copil.cca", "Marc", "Bigot", "Concarneau Cornouaille Agglomération", R.ELECTED_OFFICIAL,
     "Vice-président chargé de l'économie", True),
    ("copil.hpb", "Jocelyne", "Poitevin", "Haut Pays Bigouden", R.ELECTED_OFFICIAL,
     "Vice-présidente chargée du tourisme", True),
    ("copil.pbs", "Stéphane", "Le Doaré", "Pays Bigouden Sud", R.ELECTED_OFFICIAL,
     "Président", True),
    ("copil.cap", "Bruno", "Le Port", "Cap Sizun – Pointe du Raz", R.ELECTED_OFFICIAL,
     "Vice-président chargé du développement", True),
    ("copil.fou", "Roger", "Le Goff", "Pays Fouesnantais", R.ELECTED_OFFICIAL,
     "Vice-président chargé de l'attractivité", True),
    ("copil.region", "Gaël", "Le Meur", "Région Bretagne", R.ELECTED_OFFICIAL,
     "Conseiller régional", True),
    ("copil.departement", "Nathalie", "Sarrabezolles", "Département du Finistère",
     R.ELECTED_OFFICIAL, "Conseillère départementale", True),
    ("copil.cci", "Frédéric", "Laurent", "CCI Finistère", R.PARTNER, "Président délégué", False),
    ("copil.cma", "Anne", "Kervella", "Chambre de métiers et de l'artisanat du Finistère",
     R.PARTNER, "Vice-présidente", False),
    ("copil.agri", "Yves", "Tanguy", "Chambre d'agriculture du Finistère", R.PARTNER,
     "Élu de la chambre", False),
    ("copil.qcd", "Morgane", "Riou", "Quimper Cornouaille Développement", R.SECRETARY,
     "Directrice de l'agence", False),
]  # fmt: skip

TECH_PEOPLE = [
    ("tech.qbo", "Julien", "Cariou", "Quimper Bretagne Occidentale"),
    ("tech.cca", "Laure", "Quéré", "Concarneau Cornouaille Agglomération"),
    ("tech.dz", "Gwenola", "Hénaff", "Douarnenez Communauté"),
    ("tech.region", "Thomas", "Le Bris", "Espace territorial de la Région Bretagne en Cornouaille"),
]


def _person(local: str, first: str, last: str, organisation_name: str, password_hash: str) -> User:
    organisation = Organisation.objects.filter(name=organisation_name).first()
    email = f"{local}@{DEMO_DOMAIN}"
    values = {
        "first_name": first,
        "last_name": last,
        "organisation": organisation,
        "actor_category": organisation.category if organisation else None,
        "territory": organisation.territory if organisation else None,
    }
    user, created = User.objects.update_or_create(
        email__iexact=email,
        defaults=values,
        create_defaults={
            "email": email,
            "password": password_hash,
            "consent_at": timezone.now(),
            "consent_policy_version": settings.PRIVACY_POLICY_VERSION,
            **values,
        },
    )
    if created:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _member(body: Body, user: User, role: str, title: str = "", listed: bool = True) -> None:
    Membership.objects.update_or_create(
        body=body,
        user=user,
        until=None,
        defaults={
            "role": role,
            "title": title,
            "publicly_listed": listed,
            "since": timezone.localdate().replace(month=1, day=1),
        },
    )


def _at(days: int, hour: int, minutes: int = 0) -> datetime:
    day = meeting_day_near(timezone.localdate() + timedelta(days=days))
    return timezone.make_aware(datetime.combine(day, time(hour, minutes)))


def _session(*, slug: str, body: Body, kind: str, title: str, days: int, status: str,
             visibility=Meeting.Visibility.PUBLIC, place: str = "", online_url: str = "",
             description: str = "", agenda=(), created_by=None, open_to_requests=False) -> Meeting:  # fmt: skip
    start = _at(days, 14)
    meeting, _created = Meeting.objects.update_or_create(
        slug=slug,
        defaults={
            "body": body,
            "kind": kind,
            "title": title,
            "start": start,
            "end": start + timedelta(hours=2, minutes=30),
            "status": status,
            "visibility": visibility,
            "place": place,
            "online_url": online_url,
            "description": description,
            "created_by": created_by,
            "open_to_requests": open_to_requests,
            "convoked_at": None if status == Meeting.Status.DRAFT else start - timedelta(days=21),
        },
    )
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i, title=t, presenter=p, duration_minutes=d)
        for i, (t, p, d) in enumerate(agenda, start=1)
    )
    return meeting


def _convoke(meeting: Meeting, members: list[User], answers: dict[int, str], attended=None):
    """Participations as after a convocation; `answers` maps a member's index to a status."""
    S = Participation.Status
    for index, user in enumerate(members):
        status = answers.get(index, S.INVITED)
        Participation.objects.update_or_create(
            meeting=meeting,
            user=user,
            defaults={
                "status": status,
                "invited_at": meeting.convoked_at,
                "answered_at": None
                if status == S.INVITED
                else meeting.convoked_at + timedelta(days=2),
                "proxy_name": "Élu suppléant de la communauté" if status == S.REPRESENTED else "",
                "attended": None
                if attended is None
                else (status == S.ATTENDING and index not in attended),
                "checked_in_at": meeting.start
                if attended is not None and status == S.ATTENDING
                else None,
            },
        )


def seed_demo_data(**options) -> list[str]:
    """Entry point used by `seed_demo`. Returns lines for its summary."""
    password_hash = make_password(DEMO_PASSWORD)
    copil = Body.objects.get(slug="copil")
    technical = Body.objects.get(slug="comite-technique")
    lead = demo_account_user(role="equipe-projet")
    official = demo_account_user(role="elu")
    tech_account = demo_account_user(role="comite-technique")

    copil_members = []
    for local, first, last, org, role, title, elected in COPIL_PEOPLE:
        user = _person(local, first, last, org, password_hash)
        if elected:
            user_set_role(user=user, role="elu")
        _member(copil, user, role, title)
        copil_members.append(user)
    _member(copil, official, R.ELECTED_OFFICIAL, "Vice-président de Douarnenez Communauté")
    copil_members.insert(2, official)
    _member(copil, lead, R.SECRETARY, "Cheffe de projet attractivité", listed=True)

    tech_members = [tech_account]
    _member(technical, tech_account, R.MEMBER, "Chargée de mission attractivité")
    for local, first, last, org in TECH_PEOPLE:
        user = _person(local, first, last, org, password_hash)
        user_set_role(user=user, role="comite-technique")
        _member(technical, user, R.MEMBER, "Chargé·e de mission")
        tech_members.append(user)
    _member(technical, lead, R.SECRETARY, "Cheffe de projet attractivité")

    S, V, K = Meeting.Status, Meeting.Visibility, Meeting.Kind
    place = "Salle du conseil, Quimper Bretagne Occidentale, 44 place Saint-Corentin, Quimper"
    A = Participation.Status
    sessions = [
        (
            _session(
                slug="copil-lancement", body=copil, kind=K.COPIL, days=-150, status=S.HELD,
                title="COPIL de lancement de la stratégie d'attractivité", place=place,
                description="Lancement de la démarche, gouvernance et calendrier.",
                agenda=[("Accueil et tour de table", "Présidente du COPIL", 15),
                        ("Diagnostic d'attractivité : premiers enseignements", "Agence", 45),
                        ("Gouvernance et calendrier de la démarche", "Cheffe de projet", 30)],
                created_by=lead,
            ),
            copil_members, {0: A.ATTENDING, 1: A.ATTENDING, 2: A.ATTENDING, 3: A.EXCUSED,
                            4: A.ATTENDING, 5: A.REPRESENTED, 6: A.ATTENDING, 7: A.ATTENDING,
                            8: A.ATTENDING, 9: A.EXCUSED, 10: A.ATTENDING, 11: A.ATTENDING}, {6},
        ),
        (
            _session(
                slug="copil-priorites", body=copil, kind=K.COPIL, days=-40, status=S.HELD,
                title="COPIL : validation des actions prioritaires", place=place,
                online_url="https://visio.example.org/copil-priorites",
                agenda=[("Restitution des ateliers", "Atelier Penn ar Bed Conseil", 40),
                        ("Actions prioritaires 2027", "Cheffe de projet", 50),
                        ("Questions diverses", "", 15)],
                created_by=lead,
            ),
            copil_members, dict.fromkeys(range(0, 12, 2), A.ATTENDING) | {1: A.EXCUSED, 3: A.REPRESENTED}, set(),
        ),
        (
            _session(
                slug="copil-feuille-de-route-2027", body=copil, kind=K.COPIL, days=20, status=S.SCHEDULED,
                title="COPIL : feuille de route 2027", place=place, open_to_requests=True,
                description="Séance ouverte : les acteurs inscrits peuvent demander à y assister.",
                agenda=[("Bilan de l'année", "Présidente du COPIL", 20),
                        ("Marque de territoire : propositions", "Agence", 45),
                        ("Budget et plan d'actions 2027", "Cheffe de projet", 45)],
                created_by=lead,
            ),
            copil_members, {0: A.ATTENDING, 1: A.ATTENDING, 3: A.EXCUSED, 4: A.REPRESENTED, 7: A.ATTENDING}, None,
        ),
        (
            _session(
                slug="copil-budget-restreint", body=copil, kind=K.COPIL, days=34, status=S.SCHEDULED,
                visibility=V.MEMBERS, title="COPIL restreint : arbitrages budgétaires",
                online_url="https://visio.example.org/copil-restreint",
                agenda=[("Arbitrages budgétaires 2027", "Cheffe de projet", 60)], created_by=lead,
            ),
            copil_members, {0: A.ATTENDING}, None,
        ),
        (
            _session(
                slug="copil-printemps", body=copil, kind=K.COPIL, days=120, status=S.DRAFT,
                title="COPIL de printemps (brouillon)", place=place,
                agenda=[("Point d'étape", "", 30)], created_by=lead,
            ),
            [], {}, None,
        ),
        (
            _session(
                slug="comite-technique-preparation", body=technical, kind=K.TECHNICAL_COMMITTEE,
                days=9, status=S.SCHEDULED, visibility=V.MEMBERS,
                title="Comité technique : préparation du COPIL", place="Agence QCD, Quimper",
                agenda=[("Relecture du compte rendu précédent", "", 30),
                        ("Préparation de l'ordre du jour du COPIL", "", 45)],
                created_by=lead,
            ),
            tech_members, {0: A.ATTENDING, 1: A.ATTENDING}, None,
        ),
    ]  # fmt: skip
    for meeting, members, answers, absent in sessions:
        _convoke(meeting, members, answers, absent)
    history = 0
    if options.get("scale"):
        from .demo_history import seed_copil_sessions

        history = seed_copil_sessions(scale=options["scale"], lead=lead)

    return [
        f"  COPIL : {len(copil_members) + 1} membres, comité technique : {len(tech_members) + 1}",
        f"  Séances : {len(sessions)} (dont une réservée aux membres et un brouillon)",
        *([f"  Historique : {history} séances du COPIL"] if history else []),
    ]
