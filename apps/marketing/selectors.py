"""The service offer list and the offer-versus-expectations matrix.

The matrix is a handful of GROUP BY queries whatever the number of answers, contributions and
offers: expectations from survey answers (questions marked « mesure des attentes », choices tied
to a filière) and from workshop contributions of type attente; offers from the service offer
and from contributions of type atout / offre de services.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q

from apps.stakeholders.models import Territory
from apps.strategy.models import Contribution, Filiere, TargetPublic
from apps.surveys.models import Answer, Question, Response, Survey

from .models import ServiceOffer

TRANSVERSAL = "transversal"
OFFER_TYPES = [Contribution.Type.STRENGTH, Contribution.Type.SERVICE]
GAP_LEVELS = [  # (minimum gap, level, label)
    (0.45, 3, "strong"),
    (0.30, 2, "medium"),
    (0.15, 1, "weak"),
    (-1.0, 0, "none"),
]
EVIDENCE_LIMIT = 30


# ------------------------------------------------------------------------------- offer list
@dataclass
class OfferFilters:
    public: TargetPublic | None = None
    filiere: Filiere | None = None
    territory: Territory | None = None
    kind: str = ""
    text: str = ""


def offers_page(*, filters: OfferFilters, page, per_page: int = 20):
    offers = ServiceOffer.objects.filter(is_published=True)
    if filters.public is not None:
        offers = offers.filter(target_publics=filters.public)
    if filters.filiere is not None:
        offers = offers.filter(filieres=filters.filiere)
    if filters.territory is not None:
        # An offer with no EPCI covers the whole Cornouaille.
        offers = offers.filter(Q(territories=filters.territory) | Q(territories__isnull=True))
    if filters.kind:
        offers = offers.filter(kind=filters.kind)
    if filters.text:
        offers = offers.filter(
            Q(name__icontains=filters.text) | Q(description__icontains=filters.text)
        )
    offers = (
        offers.distinct()
        .select_related("organisation")
        .prefetch_related("territories", "filieres", "target_publics")
        .order_by("name", "pk")
    )
    return Paginator(offers, per_page).get_page(page)


# ----------------------------------------------------------------------------------- matrix
def _expectation_question_ids(*, private_surveys: bool) -> list[int]:
    """Expectation questions of published surveys; of surveys with public results only, for
    whoever may not read the others' results."""
    questions = Question.objects.filter(is_expectation=True).exclude(
        survey__status=Survey.Status.DRAFT
    )
    if not private_surveys:
        questions = questions.filter(survey__results_public=True)
    return list(questions.values_list("pk", flat=True))


def _expectation_answers(question_ids: list[int]):
    return Answer.objects.filter(
        question_id__in=question_ids,
        choice__isnull=False,
        response__status=Response.Status.SUBMITTED,
        response__target_public__isnull=False,
    )


def _respondents(question_ids: list[int]):
    """Submitted responses that answered an expectation question (a semi-join, no DISTINCT)."""
    return Response.objects.filter(status=Response.Status.SUBMITTED).filter(
        Exists(Answer.objects.filter(response=OuterRef("pk"), question_id__in=question_ids))
    )


def _column_key(filiere_id) -> str:
    return str(filiere_id) if filiere_id else TRANSVERSAL


def _level(gap: float, expectation: float) -> tuple[int, str]:
    if expectation <= 0:
        return 0, "none"
    for minimum, level, name in GAP_LEVELS:
        if gap >= minimum:
            return level, name
    return 0, "none"


def offer_expectation_matrix(*, private_surveys: bool) -> dict:
    publics = list(TargetPublic.objects.all())
    filieres = list(Filiere.objects.all())
    columns = [(str(f.pk), f.name, f.slug) for f in filieres] + [
        (TRANSVERSAL, "Transversal", TRANSVERSAL)
    ]

    question_ids = _expectation_question_ids(private_surveys=private_surveys)
    survey_counts: dict = {}
    for public_id, filiere_id, n in (
        _expectation_answers(question_ids)
        .values_list("response__target_public_id", "choice__filiere_id")
        .annotate(n=Count("id"))
    ):
        survey_counts[(public_id, _column_key(filiere_id))] = n
    respondents = dict(
        _respondents(question_ids)
        .filter(target_public__isnull=False)
        .values_list("target_public_id")
        .annotate(n=Count("id"))
    )
    contributions = {}
    for public_id, filiere_id, needs, strengths in (
        # online contributions reserved to a body's members are left out of the shared matrix
        Contribution.objects.filter(
            is_hidden=False, restricted_to__isnull=True, target_publics__isnull=False
        )
        .values_list("target_publics", "filieres")
        .annotate(
            needs=Count("id", filter=Q(type=Contribution.Type.NEED), distinct=True),
            strengths=Count("id", filter=Q(type__in=OFFER_TYPES), distinct=True),
        )
    ):
        contributions[(public_id, _column_key(filiere_id))] = (needs, strengths)
    offers: dict = {}
    for public_id, filiere_id, n in (
        ServiceOffer.objects.filter(is_published=True)
        .values_list("target_publics", "filieres")
        .annotate(n=Count("id", distinct=True))
    ):
        # An offer for no particular public is for all of them.
        for target in [public_id] if public_id else [p.pk for p in publics]:
            key = (target, _column_key(filiere_id))
            offers[key] = offers.get(key, 0) + n

    cells = {}
    for public in publics:
        for key, _name, _slug in columns:
            total = respondents.get(public.pk, 0)
            answers = survey_counts.get((public.pk, key), 0)
            needs, strengths = contributions.get((public.pk, key), (0, 0))
            cells[(public.pk, key)] = {
                "survey": answers,
                "share": answers / total if total else 0.0,
                "needs": needs,
                "offers": offers.get((public.pk, key), 0),
                "strengths": strengths,
            }
    max_share = max([c["share"] for c in cells.values()] + [0]) or 1
    max_needs = max([c["needs"] for c in cells.values()] + [0]) or 1
    max_offer = max([c["offers"] + c["strengths"] for c in cells.values()] + [0]) or 1
    rows = []
    for public in publics:
        row = {"public": public, "cells": []}
        for key, name, slug in columns:
            cell = cells[(public.pk, key)]
            expectation = 0.5 * cell["share"] / max_share + 0.5 * cell["needs"] / max_needs
            offer = (cell["offers"] + cell["strengths"]) / max_offer
            gap = expectation - offer
            level, level_name = _level(gap, expectation)
            cell.update(
                column=name,
                column_slug=slug,
                expectation=round(expectation, 2),
                offer=round(offer, 2),
                gap=round(max(gap, 0), 2),
                level=level,
                level_name=level_name,
                share_pct=round(100 * cell["share"]),
            )
            row["cells"].append(cell)
        rows.append(row)
    return {"columns": columns, "rows": rows}


def matrix_cell(
    *, public: TargetPublic, filiere: Filiere | None, with_texts: bool, private_surveys: bool
) -> dict:
    """The evidence behind one cell (bounded lists)."""
    filiere_q = Q(filieres=filiere) if filiere else Q(filieres__isnull=True)
    question_ids = _expectation_question_ids(private_surveys=private_surveys)
    answers = _expectation_answers(question_ids).filter(response__target_public=public)
    answers = (
        answers.filter(choice__filiere=filiere)
        if filiere
        else answers.filter(choice__filiere__isnull=True)
    )
    expectations = list(
        answers.values_list("question__survey__title", "choice__label")
        .annotate(n=Count("id"))
        .order_by("-n")[:20]
    )
    respondents = _respondents(question_ids).filter(target_public=public).count()
    contributions = (
        Contribution.objects.filter(
            filiere_q, is_hidden=False, restricted_to__isnull=True, target_publics=public
        )
        .select_related("meeting")
        .distinct()
        .order_by("-created_at")
    )
    needs = list(contributions.filter(type=Contribution.Type.NEED)[:EVIDENCE_LIMIT])
    strengths = list(contributions.filter(type__in=OFFER_TYPES)[:EVIDENCE_LIMIT])
    offers = list(
        ServiceOffer.objects.filter(is_published=True)
        .filter(filiere_q)
        .filter(Q(target_publics=public) | Q(target_publics__isnull=True))
        .select_related("organisation")
        .distinct()
        .order_by("name")[:50]
    )
    texts = []
    if with_texts:
        response_q = Q(response__filiere=filiere) if filiere else Q()
        texts = list(
            Answer.objects.filter(
                response_q,
                response__target_public=public,
                response__status=Response.Status.SUBMITTED,
                is_hidden=False,
            )
            .exclude(text="")
            .select_related("question")
            .order_by("-pk")[:10]
        )
    return {
        "expectations": expectations,
        "respondents": respondents,
        "needs": needs,
        "strengths": strengths,
        "offers": offers,
        "texts": texts,
    }
