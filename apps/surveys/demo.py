"""Demo data: the perception barometer « Image de la Cornouaille », two waves (last year, closed;
this year, open), a few hundred answers each from every public and EPCI, some signed-in, most
through the public link. Called by `manage.py seed_demo` (`seed_demo_data`, or `seed`).

Idempotent (a wave that exists is left alone), deterministic (one seeded generator), bulk
inserts so that thousands of answers take a second or two.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from apps.accounts.demo import demo_participants
from apps.strategy.models import Filiere, TargetPublic

from .models import Answer, Barometer, Choice, Question, Response, Section, Survey
from .services import survey_prepare_questions

BAROMETER_SLUG = "image-de-la-cornouaille"
PRIVACY = (
    "Vos réponses sont traitées par Quimper Cornouaille Développement pour construire la "
    "stratégie d'attractivité de la Cornouaille. Sans compte, elles sont anonymes. Elles sont "
    "conservées trois ans puis agrégées. Contact : le délégué à la protection des données "
    "(voir la page Confidentialité)."
)
WORDS = [
    "Mer",
    "Authentique",
    "Nature",
    "Qualité de vie",
    "Isolée",
    "Dynamique",
    "Festive",
    "Patrimoine",
    "Pluvieuse",
    "Accueillante",
    "Innovante",
    "Chère",
]
EXPECTATIONS = [
    ("Des emplois et des entreprises de l'agroalimentaire", "aliment"),
    ("Des métiers et une économie de la mer", "mer"),
    ("Une offre touristique toute l'année", "tourisme"),
    ("Des produits locaux et une gastronomie accessibles", "aliment"),
    ("Des activités nautiques et de loisirs", "mer"),
    ("Un logement abordable", None),
    ("Des transports et des liaisons rapides", None),
    ("Un accompagnement pour créer ou reprendre", None),
]
# Which expectations each public leans to (index in EXPECTATIONS), to make the matrix speak.
LEANINGS = {
    "actifs-et-talents": [1, 5, 6, 0],
    "porteurs-de-projets": [7, 0, 3, 1],
    "jeunes-et-etudiants": [5, 4, 6, 2],
    "familles-et-nouveaux-arrivants": [5, 6, 4, 3],
    "touristes-et-visiteurs": [2, 4, 3],
    "entreprises-et-investisseurs": [0, 1, 7, 6],
    "habitants": [3, 2, 5, 6],
}
AGE_CHOICES = [
    ("under_25", "Moins de 25 ans"),
    ("25_39", "25 à 39 ans"),
    ("40_59", "40 à 59 ans"),
    ("60_plus", "60 ans et plus"),
]
TEXTS = [
    "Le logement est trop cher près de la côte pour les jeunes actifs.",
    "Il manque des liaisons ferroviaires rapides vers Rennes et Paris.",
    "Un territoire magnifique mais on ne le sait pas assez ailleurs.",
    "Les festivals et la culture bretonne sont une vraie force.",
    "Difficile de trouver un emploi pour le conjoint quand on s'installe.",
    "Les produits de la mer devraient être mieux mis en valeur.",
    "Plus d'espaces de coworking dans les petites communes, s'il vous plaît.",
    "La saison touristique est trop courte, hors été tout ferme.",
    "Un accompagnement plus simple pour créer son entreprise.",
    "Une qualité de vie exceptionnelle, à faire connaître.",
]


def build_questionnaire(survey: Survey) -> None:
    """The questionnaire: same codes every wave (the barometer compares them by code)."""
    filieres = {f.slug: f for f in Filiere.objects.all()}
    you = Section.objects.create(survey=survey, position=1, title="Vous")
    image = Section.objects.create(survey=survey, position=2, title="Votre image de la Cornouaille")
    needs = Section.objects.create(survey=survey, position=3, title="Vos attentes")

    def question(section, position, code, text, type, **kw):
        return Question.objects.create(
            survey=survey,
            section=section,
            position=position,
            code=code,
            text=text,
            type=type,
            **kw,
        )

    public = question(
        you,
        1,
        "public",
        "Vous êtes plutôt…",
        Question.Type.SINGLE,
        required=True,
        profile=Question.Profile.PUBLIC,
    )
    Choice.objects.bulk_create(
        Choice(question=public, position=i, label=tp.name, target_public=tp)
        for i, tp in enumerate(TargetPublic.objects.all())
    )
    question(
        you,
        2,
        "epci",
        "Où vivez-vous ?",
        Question.Type.TERRITORY,
        required=True,
        profile=Question.Profile.TERRITORY,
    )
    age = question(
        you,
        3,
        "age",
        "Votre tranche d'âge",
        Question.Type.SINGLE,
        profile=Question.Profile.AGE_BAND,
    )
    Choice.objects.bulk_create(
        Choice(question=age, position=i, label=label, age_band=value)
        for i, (value, label) in enumerate(AGE_CHOICES)
    )
    filiere = question(
        you,
        4,
        "filiere",
        "La filière qui vous intéresse le plus",
        Question.Type.SINGLE,
        profile=Question.Profile.FILIERE,
    )
    Choice.objects.bulk_create(
        Choice(question=filiere, position=i, label=f.name, filiere=f)
        for i, f in enumerate(filieres.values())
    )
    question(
        image,
        1,
        "attractivite",
        "La Cornouaille est un territoire attractif",
        Question.Type.SCALE_5,
        required=True,
    )
    question(
        image,
        2,
        "recommandation",
        "Recommanderiez-vous la Cornouaille à un proche pour y vivre ou travailler ?",
        Question.Type.NPS,
        required=True,
    )
    words = question(
        image,
        3,
        "mots",
        "Quels mots décrivent le mieux la Cornouaille ?",
        Question.Type.WORDS,
        max_choices=3,
        help_text="Jusqu'à trois mots.",
    )
    Choice.objects.bulk_create(
        Choice(question=words, position=i, label=label) for i, label in enumerate(WORDS)
    )
    expect = question(
        needs,
        1,
        "attentes",
        "Qu'attendez-vous en priorité du territoire ?",
        Question.Type.MULTIPLE,
        max_choices=3,
        is_expectation=True,
    )
    Choice.objects.bulk_create(
        Choice(
            question=expect, position=i, label=label, filiere=filieres.get(slug) if slug else None
        )
        for i, (label, slug) in enumerate(EXPECTATIONS)
    )
    move = question(
        needs,
        2,
        "installer",
        "Envisagez-vous de vous installer (ou de rester) en Cornouaille ?",
        Question.Type.SINGLE,
    )
    yes, _no = Choice.objects.bulk_create(
        [
            Choice(question=move, position=1, label="Oui"),
            Choice(question=move, position=2, label="Non"),
        ]
    )
    question(
        needs,
        3,
        "freins",
        "Qu'est-ce qui pourrait vous freiner ?",
        Question.Type.TEXT,
        show_if_choice=yes,
    )
    ranking = question(
        needs, 4, "priorites", "Classez ce qui compte le plus pour vous", Question.Type.RANKING
    )
    Choice.objects.bulk_create(
        Choice(question=ranking, position=i, label=label)
        for i, label in enumerate(["L'emploi", "Le logement", "Les transports", "La culture"])
    )
    question(needs, 5, "message", "Un message pour l'équipe du projet ?", Question.Type.TEXT)
    survey_prepare_questions(survey=survey)


def generate_responses(
    *, survey: Survey, count: int, rng: random.Random, users=(), mood: float = 0.0, start=None
) -> int:
    """`count` submitted responses in bulk (the first len(users) signed in), plausible answers.
    `mood` shifts the scores (a later wave slightly better). Returns the number created."""
    questions = {q.code: q for q in survey.questions.prefetch_related("choices")}
    choices = {code: list(q.choices.all()) for code, q in questions.items()}
    publics = choices["public"]
    start = start or survey.opens_at or timezone.now()
    users = list(users)[:count]
    responses = []
    profiles = []
    for index in range(count):
        public = rng.choices(publics, weights=[3, 2, 3, 2, 2, 1, 5][: len(publics)])[0]
        epci = rng.choice(choices["epci"])
        age = rng.choice(choices["age"])
        filiere = rng.choice(choices["filiere"]) if rng.random() < 0.8 else None
        moment = start + timedelta(minutes=rng.randint(0, 60 * 24 * 20))
        responses.append(
            Response(
                survey=survey,
                user=users[index] if index < len(users) else None,
                status=Response.Status.SUBMITTED,
                submission_key="" if index < len(users) else f"demo-{rng.getrandbits(80):x}",
                consent_at=moment,
                submitted_at=moment,
                target_public_id=public.target_public_id,
                territory_id=epci.territory_id,
                outside_cornouaille=epci.territory_id is None,
                age_band=age.age_band,
                filiere_id=filiere.filiere_id if filiere else None,
            )
        )
        profiles.append((public, epci, age, filiere))
    created = Response.objects.bulk_create(responses, batch_size=1000)
    answers = []
    for response, (public, epci, age, filiere) in zip(created, profiles, strict=True):

        def add(code, response=response, **kw):
            answers.append(Answer(response=response, question=questions[code], **kw))

        add("public", choice=public)
        add("epci", choice=epci)
        add("age", choice=age)
        if filiere:
            add("filiere", choice=filiere)
        score = min(5, max(1, round(rng.gauss(3.6 + mood, 0.9))))
        add("attractivite", number=score)
        add("recommandation", number=min(10, max(0, round(rng.gauss(7.2 + 2 * mood, 1.8)))))
        for word in rng.sample(choices["mots"], rng.randint(1, 3)):
            add("mots", choice=word)
        leaning = LEANINGS.get(public.target_public.slug if public.target_public else "", [])
        picked = {rng.choice(leaning)} if leaning else set()
        while len(picked) < rng.randint(1, 3):
            picked.add(rng.randrange(len(EXPECTATIONS)))
        for index in picked:
            add("attentes", choice=choices["attentes"][index])
        stays = rng.random() < 0.7
        add("installer", choice=choices["installer"][0 if stays else 1])
        if stays and rng.random() < 0.3:
            add("freins", text=rng.choice(TEXTS))
        for rank, item in enumerate(rng.sample(choices["priorites"], rng.randint(2, 4)), 1):
            add("priorites", choice=item, rank=rank)
        if rng.random() < 0.25:
            add("message", text=rng.choice(TEXTS))
    Answer.objects.bulk_create(answers, batch_size=5000)
    return len(created)


def seed(*, answers_last_wave: int = 250, answers_this_wave: int = 350) -> list[str]:
    rng = random.Random(2026)
    barometer, _ = Barometer.objects.get_or_create(
        slug=BAROMETER_SLUG,
        defaults={
            "name": "Image de la Cornouaille",
            "description": "Le baromètre annuel de perception du territoire.",
        },
    )
    year = timezone.localdate().year
    tz = timezone.get_current_timezone()
    people = list(demo_participants().order_by("pk")[:150])
    lines = []
    for wave, (offset, count, mood) in {
        str(year - 1): (-1, answers_last_wave, 0.0),
        str(year): (0, answers_this_wave, 0.25),
    }.items():
        slug = f"image-de-la-cornouaille-{wave}"
        if Survey.objects.filter(slug=slug).exists():
            continue
        opens = (
            datetime(year + offset, 3, 1, 9, tzinfo=tz)
            if offset
            else (timezone.now() - timedelta(days=20))
        )
        closes = opens + timedelta(days=45) if offset else timezone.now() + timedelta(days=40)
        survey = Survey.objects.create(
            title=f"Image de la Cornouaille {wave}",
            slug=slug,
            status=Survey.Status.PUBLISHED,
            welcome_text=(
                "Comment voyez-vous la Cornouaille, et qu'en attendez-vous ? Dix minutes, sans "
                "compte, pour nourrir la stratégie d'attractivité du territoire."
            ),
            privacy_notice=PRIVACY,
            thanks_text="Merci ! Les résultats seront présentés à la prochaine plénière.",
            opens_at=opens,
            closes_at=closes,
            allow_anonymous=True,
            results_public=bool(offset),
            barometer=barometer,
            wave_label=wave,
        )
        build_questionnaire(survey)
        signed_in = people[:40] if offset else people[40:120]
        made = generate_responses(
            survey=survey, count=count, rng=rng, users=signed_in, mood=mood, start=opens
        )
        if not offset:
            # Some participants started and saved without sending: the response rate is real.
            Response.objects.bulk_create(
                Response(survey=survey, user=person) for person in people[120:150]
            )
        lines.append(f"  Enquête « {survey.title} » : {made} réponses")
    return lines


def seed_demo_data(**options) -> list[str]:
    return seed()
