"""A complete survey for the tests: one question of every type, profile questions, a condition."""

from datetime import timedelta

from django.utils import timezone

from apps.stakeholders.models import Territory
from apps.strategy.models import Filiere, TargetPublic
from apps.surveys.models import Choice, Question, Section, Survey
from apps.surveys.services import survey_prepare_questions


def make_survey(*, slug="image-cornouaille", status=Survey.Status.PUBLISHED, **fields) -> Survey:
    now = timezone.now()
    defaults = {
        "title": "Image de la Cornouaille",
        "welcome_text": "Dix minutes pour nous dire comment vous voyez la Cornouaille.",
        "privacy_notice": "Réponses traitées par Quimper Cornouaille Développement.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "status": status,
    }
    defaults.update(fields)
    survey = Survey.objects.create(slug=slug, **defaults)
    profile = Section.objects.create(survey=survey, position=1, title="Vous")
    image = Section.objects.create(survey=survey, position=2, title="Votre image")

    def q(section, position, code, text, type, **kw):
        return Question.objects.create(
            survey=survey, section=section, position=position, code=code, text=text, type=type, **kw
        )

    public = q(
        profile,
        1,
        "public",
        "Vous êtes…",
        Question.Type.SINGLE,
        required=True,
        profile=Question.Profile.PUBLIC,
    )
    for i, tp in enumerate(TargetPublic.objects.all()):
        Choice.objects.create(question=public, position=i, label=tp.name, target_public=tp)
    q(
        profile,
        2,
        "epci",
        "Où habitez-vous ?",
        Question.Type.TERRITORY,
        profile=Question.Profile.TERRITORY,
    )
    age = q(profile, 3, "age", "Votre âge", Question.Type.SINGLE, profile=Question.Profile.AGE_BAND)
    for i, (value, label) in enumerate([("under_25", "Moins de 25 ans"), ("25_39", "25-39")]):
        Choice.objects.create(question=age, position=i, label=label, age_band=value)
    filiere = q(
        profile, 4, "filiere", "Filière", Question.Type.SINGLE, profile=Question.Profile.FILIERE
    )
    for i, f in enumerate(Filiere.objects.all()):
        Choice.objects.create(question=filiere, position=i, label=f.name, filiere=f)
    q(
        image,
        1,
        "attractivite",
        "La Cornouaille est attractive",
        Question.Type.SCALE_5,
        required=True,
    )
    q(image, 2, "recommandation", "Recommanderiez-vous la Cornouaille ?", Question.Type.NPS)
    words = q(
        image,
        3,
        "mots",
        "Quels mots décrivent la Cornouaille ?",
        Question.Type.WORDS,
        max_choices=3,
    )
    for i, label in enumerate(["Mer", "Authentique", "Isolée", "Dynamique", "Festive"]):
        Choice.objects.create(question=words, position=i, label=label)
    expect = q(
        image, 4, "attentes", "Qu'attendez-vous ?", Question.Type.MULTIPLE, is_expectation=True
    )
    for i, f in enumerate(Filiere.objects.all()):
        Choice.objects.create(question=expect, position=i, label=f"Offre {f.name}", filiere=f)
    Choice.objects.create(question=expect, position=9, label="Logement")
    move = q(image, 5, "installer", "Envisagez-vous de vous installer ?", Question.Type.SINGLE)
    yes = Choice.objects.create(question=move, position=1, label="Oui")
    Choice.objects.create(question=move, position=2, label="Non")
    q(
        image,
        6,
        "pourquoi",
        "Qu'est-ce qui vous freine ?",
        Question.Type.TEXT,
        show_if_choice=yes,
        required=True,
    )
    rank = q(image, 7, "priorites", "Classez vos priorités", Question.Type.RANKING)
    for i, label in enumerate(["Emploi", "Logement", "Transports"]):
        Choice.objects.create(question=rank, position=i, label=label)
    q(image, 8, "commentaire", "Un mot pour finir ?", Question.Type.TEXT)
    survey_prepare_questions(survey=survey)
    return survey


def question(survey, code) -> Question:
    return survey.questions.get(code=code)


def choice(survey, code, label) -> Choice:
    return Choice.objects.get(question__survey=survey, question__code=code, label=label)


def valid_post(survey, **overrides) -> dict:
    """A complete, valid set of answers (with the consent and a fresh form token)."""
    from apps.surveys.services import form_token

    data = {
        "jeton": form_token(survey=survey),
        "consentement": "oui",
        question(survey, "public").field_name: str(
            choice(survey, "public", "Jeunes et étudiants").pk
        ),
        question(survey, "epci").field_name: str(
            Choice.objects.get(
                question__survey=survey,
                question__code="epci",
                territory=Territory.objects.get(slug="quimper-bretagne-occidentale"),
            ).pk
        ),
        question(survey, "attractivite").field_name: "4",
        question(survey, "recommandation").field_name: "9",
        question(survey, "mots").field_name: [
            str(choice(survey, "mots", "Mer").pk),
            str(choice(survey, "mots", "Authentique").pk),
        ],
        question(survey, "installer").field_name: str(choice(survey, "installer", "Non").pk),
        question(survey, "commentaire").field_name: "Une belle région.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def demo_survey(*, slug="barometre", answers=0, users=(), seed=1, **fields) -> Survey:
    """The demo questionnaire (same codes as seed_demo), with `answers` generated in bulk."""
    import random

    from apps.surveys.demo import build_questionnaire, generate_responses

    now = timezone.now()
    defaults = {
        "title": f"Baromètre {slug}",
        "privacy_notice": "Mention.",
        "status": Survey.Status.PUBLISHED,
        "opens_at": now - timedelta(days=2),
        "closes_at": now + timedelta(days=10),
    }
    defaults.update(fields)
    survey = Survey.objects.create(slug=slug, **defaults)
    build_questionnaire(survey)
    if answers:
        generate_responses(survey=survey, count=answers, rng=random.Random(seed), users=users)
    return survey
