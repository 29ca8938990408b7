"""State changes of surveys: publish, answer (submit or save), moderate, turn into contributions."""

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.stakeholders.models import Territory
from apps.strategy.services import contribution_create

from .answering import Parsed
from .models import Answer, AnswerContribution, Choice, Question, Response, Survey

FORM_TOKEN_SALT = "surveys.answer-form"
FORM_TOKEN_MAX_AGE = 12 * 3600  # a form left open overnight must be reloaded
ANSWERED_COOKIE_SALT = "surveys.answered"
# Anonymous submissions per survey and network address per hour (shared NAT: schools, offices).
ANONYMOUS_RATE = getattr(settings, "SURVEY_ANONYMOUS_RATE", (30, 3600))


class AlreadyAnswered(ValidationError):
    """The person, or this very form, already answered: nothing more is stored."""


# ----------------------------------------------------------------------------- the form's token
def form_token(*, survey: Survey) -> str:
    """A signed, random key per displayed form: proves the form came from us, for this survey,
    recently, and lets one form be submitted only once. It says nothing about the person."""
    return signing.dumps({"s": survey.pk, "k": secrets.token_urlsafe(16)}, salt=FORM_TOKEN_SALT)


def check_form_token(*, survey: Survey, token: str) -> str:
    try:
        payload = signing.loads(token or "", salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _(
                "Ce formulaire a expiré (ouvert depuis plus de 12 heures) : rechargez la page "
                "pour répondre. Rien n'a été enregistré."
            )
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("Ce lien ou ce formulaire a été altéré : rouvrez l'enquête. Rien n'a été enregistré.")
        ) from None
    if not isinstance(payload, dict) or payload.get("s") != survey.pk or not payload.get("k"):
        raise ValidationError(
            _(
                "Ce formulaire ne correspond pas à cette enquête : rouvrez-la. "
                "Rien n'a été enregistré."
            )
        )
    return str(payload["k"])[:40]


def answered_cookie_name(survey: Survey) -> str:
    return f"enquete-{survey.pk}"


# ----------------------------------------------------------------------------------- rate limit
def _rate_key(survey: Survey, address: str) -> str:
    # Only a keyed hash of the address, only in the cache, only for the window.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]
    return f"surveys:rate:{survey.pk}:{digest}"


def rate_limited(*, survey: Survey, address: str) -> bool:
    limit, _window = ANONYMOUS_RATE
    return bool(address) and (cache.get(_rate_key(survey, address)) or 0) >= limit


def rate_count(*, survey: Survey, address: str) -> None:
    if not address:
        return
    _limit, window = ANONYMOUS_RATE
    key = _rate_key(survey, address)
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)


# ----------------------------------------------------------------------------------- publishing
def _sync_territory_choices(question: Question) -> None:
    """An EPCI picker lists the territories (data) and « Hors Cornouaille »."""
    if question.choices.exists():
        return
    rows = [
        Choice(
            question=question,
            position=territory.position,
            label=territory.name,
            territory=territory,
        )
        for territory in Territory.objects.order_by("position", "name")
    ]
    rows.append(Choice(question=question, position=99, label=_("Hors Cornouaille")))
    Choice.objects.bulk_create(rows)


@transaction.atomic
def survey_prepare_questions(*, survey: Survey) -> None:
    for question in survey.questions.filter(type=Question.Type.TERRITORY):
        _sync_territory_choices(question)


@transaction.atomic
def survey_publish(*, survey: Survey, by) -> Survey:
    """Draft → published: checked to be answerable first."""
    survey_prepare_questions(survey=survey)
    problems = []
    questions = list(survey.questions.prefetch_related("choices"))
    if not questions:
        problems.append(_("L'enquête n'a aucune question."))
    if not survey.privacy_notice.strip():
        problems.append(_("La mention d'information (RGPD) est vide."))
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        problems.append(_("La clôture doit suivre l'ouverture."))
    seen: set[int] = set()
    for question in questions:
        if question.has_choices and len(question.choices.all()) < 2:
            problems.append(
                _("La question « %(q)s » a moins de deux choix.") % {"q": question.text}
            )
        condition = question.show_if_choice
        if condition is not None and condition.question_id not in seen:
            problems.append(
                _(
                    "La condition de la question « %(q)s » doit porter sur une question "
                    "placée avant elle, dans cette enquête."
                )
                % {"q": question.text}
            )
        seen.add(question.pk)
    if problems:
        raise ValidationError(problems)
    survey.status = Survey.Status.PUBLISHED
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_unpublish(*, survey: Survey, by) -> Survey:
    """Back to draft (the public link stops working). Refused once someone answered."""
    if survey.responses.filter(status=Response.Status.SUBMITTED).exists():
        raise ValidationError(
            _("Des réponses ont déjà été reçues : fermez l'enquête (date de clôture) plutôt.")
        )
    survey.status = Survey.Status.DRAFT
    survey.save(update_fields=["status", "updated_at"])
    return survey


# ------------------------------------------------------------------------------------ answering
def check_open(*, survey: Survey, now=None) -> None:
    now = now or timezone.now()
    if survey.status != Survey.Status.PUBLISHED:
        raise ValidationError(_("Cette enquête n'est pas ouverte. Rien n'a été enregistré."))
    if survey.opens_at and now < survey.opens_at:
        raise ValidationError(
            _("Cette enquête ouvre le %(date)s. Rien n'a été enregistré.")
            % {"date": date_format(timezone.localtime(survey.opens_at), "j F Y à H:i")}
        )
    if survey.closes_at and now >= survey.closes_at:
        raise ValidationError(
            _("Cette enquête est close depuis le %(date)s : votre réponse n'a pas été enregistrée.")
            % {"date": date_format(timezone.localtime(survey.closes_at), "j F Y à H:i")}
        )


def _answer_rows(response: Response, questions: dict, parsed: Parsed) -> list[Answer]:
    rows = []
    for pk, value in parsed.values.items():
        question = questions[pk]
        if isinstance(value, Choice):
            rows.append(Answer(response=response, question=question, choice=value))
        elif isinstance(value, int):
            rows.append(Answer(response=response, question=question, number=value))
        elif isinstance(value, str):
            rows.append(Answer(response=response, question=question, text=value))
        elif question.type == Question.Type.RANKING:
            rows.extend(
                Answer(response=response, question=question, choice=choice, rank=rank)
                for choice, rank in value
            )
        else:
            rows.extend(Answer(response=response, question=question, choice=c) for c in value)
    return rows


def _apply_profile(response: Response, questions: dict, parsed: Parsed, user) -> None:
    response.target_public = None
    response.territory = None
    response.outside_cornouaille = False
    response.age_band = ""
    response.filiere = None
    territory_asked = False
    for pk, value in parsed.values.items():
        profile = questions[pk].profile
        if not profile or not isinstance(value, Choice):
            continue
        if profile == Question.Profile.PUBLIC:
            response.target_public_id = value.target_public_id
        elif profile == Question.Profile.TERRITORY:
            territory_asked = True
            response.territory_id = value.territory_id
            response.outside_cornouaille = value.territory_id is None
        elif profile == Question.Profile.AGE_BAND:
            response.age_band = value.age_band
        elif profile == Question.Profile.FILIERE:
            response.filiere_id = value.filiere_id
    if not territory_asked and user is not None and user.is_authenticated:
        # A participant's EPCI is already on their profile.
        response.territory_id = user.territory_id
        response.outside_cornouaille = user.territory_id is None


@transaction.atomic
def response_save(
    *,
    survey: Survey,
    user,
    questions: list[Question],
    parsed: Parsed,
    submission_key: str,
    consent: bool,
    final: bool,
) -> Response:
    """Store a response: `final` submits it, otherwise it is saved to be resumed (signed-in).

    Raises ValidationError (French, nothing stored) when the survey is not open, the consent is
    missing, an answer is invalid, or the person or the form already answered.
    """
    check_open(survey=survey)
    signed_in = user is not None and user.is_authenticated
    if not signed_in and not survey.allow_anonymous:
        raise ValidationError(_("Connectez-vous pour répondre à cette enquête."))
    if not signed_in and not final:
        raise ValidationError(_("Seules les personnes connectées peuvent reprendre plus tard."))
    if parsed.errors:
        raise ValidationError(_("Certaines réponses sont à corriger : rien n'a été enregistré."))
    if final and not consent:
        raise ValidationError(
            _("Cochez la case de consentement pour envoyer vos réponses. Rien n'a été enregistré.")
        )
    by_pk = {question.pk: question for question in questions}
    now = timezone.now()
    if signed_in:
        response = Response.objects.select_for_update().filter(survey=survey, user=user).first()
        if response is not None and response.status == Response.Status.SUBMITTED:
            raise AlreadyAnswered(_("Vous avez déjà répondu à cette enquête. Merci !"))
        if response is None:
            response = Response(survey=survey, user=user)
    else:
        response = Response(survey=survey, submission_key=submission_key)
    if final:
        response.status = Response.Status.SUBMITTED
        response.submitted_at = now
        response.consent_at = now
        _apply_profile(response, by_pk, parsed, user)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        if signed_in:
            raise AlreadyAnswered(_("Vous avez déjà répondu à cette enquête. Merci !")) from None
        raise AlreadyAnswered(
            _("Ce formulaire a déjà été envoyé : vos réponses sont bien enregistrées.")
        ) from None
    response.answers.all().delete()
    Answer.objects.bulk_create(_answer_rows(response, by_pk, parsed))
    return response


# ----------------------------------------------------------------------------------- moderation
@transaction.atomic
def answer_hide(*, answer: Answer, by, reason: str) -> Answer:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du masquage.")})
    answer.is_hidden = True
    answer.hidden_reason = reason[:300]
    answer.hidden_by = by
    answer.hidden_at = timezone.now()
    answer.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    return answer


@transaction.atomic
def answer_unhide(*, answer: Answer, by) -> Answer:
    answer.is_hidden = False
    answer.hidden_reason = ""
    answer.hidden_by = None
    answer.hidden_at = None
    answer.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    return answer


@transaction.atomic
def answer_to_contribution(
    *,
    answer: Answer,
    by,
    meeting,
    type: str,
    objectives=(),
    filieres=(),
    target_publics=(),
):
    """A free-text answer becomes a typed contribution (traceability), the link kept."""
    if not answer.text:
        raise ValidationError(_("Seule une réponse libre peut devenir une contribution."))
    if answer.is_hidden:
        raise ValidationError(_("Une réponse masquée ne peut pas devenir une contribution."))
    if answer.contribution_links.exists():
        raise ValidationError(_("Cette réponse est déjà devenue une contribution."))
    contribution = contribution_create(
        meeting=meeting,
        # Never the respondent's name: they answered a survey, not a public workshop.
        author=None,
        captured_by=by,
        type=type,
        text=answer.text,
        objectives=list(objectives),
        filieres=list(filieres),
    )
    publics = list(target_publics)
    if not publics and answer.response.target_public_id:
        publics = [answer.response.target_public_id]
    contribution.target_publics.set(publics)
    AnswerContribution.objects.create(answer=answer, contribution=contribution, created_by=by)
    return contribution
