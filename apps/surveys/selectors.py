"""Reads for the survey pages. Results are aggregated in PostgreSQL (GROUP BY, FILTER), so a
results page costs the same handful of queries at 50 or 20,000 answers."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from apps.stakeholders.models import Territory
from apps.strategy.models import Filiere, TargetPublic

from .charts import bar_chart
from .models import AGE_BANDS, Answer, Question, Response, Survey

OUTSIDE = "hors"
LATEST_TEXTS = 5
SEVERAL_CHOICES = {Question.Type.MULTIPLE, Question.Type.WORDS, Question.Type.RANKING}
MAX_WAVES = 8


@dataclass
class ResultFilters:
    public: TargetPublic | None = None
    territory: Territory | None = None
    outside: bool = False
    filiere: Filiere | None = None
    age_band: str = ""

    def response_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.public is not None:
            q &= Q(**{f"{prefix}target_public": self.public})
        if self.outside:
            q &= Q(**{f"{prefix}outside_cornouaille": True})
        elif self.territory is not None:
            q &= Q(**{f"{prefix}territory": self.territory})
        if self.filiere is not None:
            q &= Q(**{f"{prefix}filiere": self.filiere})
        if self.age_band:
            q &= Q(**{f"{prefix}age_band": self.age_band})
        return q

    @property
    def active(self) -> bool:
        return bool(self.public or self.territory or self.outside or self.filiere or self.age_band)


def filter_options() -> dict:
    return {
        "publics": list(TargetPublic.objects.all()),
        "territories": list(Territory.objects.all()),
        "filieres": list(Filiere.objects.all()),
        "age_bands": AGE_BANDS,
        "outside": OUTSIDE,
    }


def open_surveys(*, user) -> list[Survey]:
    """/enquetes/: the surveys one may answer now (bounded), and public results."""
    return list(Survey.objects.open_now().select_related("barometer").order_by("closes_at")[:50])


def public_results_surveys() -> list[Survey]:
    return list(
        Survey.objects.published().filter(results_public=True).order_by("-opens_at", "-pk")[:20]
    )


def survey_questions(*, survey: Survey) -> list[Question]:
    """Questions in order, with their section, choices and condition (3 queries)."""
    return list(
        survey.questions.select_related("section", "show_if_choice").prefetch_related("choices")
    )


def sections_with_questions(questions: list[Question]) -> list[dict]:
    sections: list[dict] = []
    for question in questions:
        if not sections or sections[-1]["section"].pk != question.section_id:
            sections.append({"section": question.section, "questions": []})
        sections[-1]["questions"].append(question)
    return sections


def _submitted(question_ids: list[int], filters: ResultFilters):
    # By question ids (the (question, choice) index), not through the response's survey.
    return Answer.objects.filter(
        question_id__in=question_ids, response__status=Response.Status.SUBMITTED
    ).filter(filters.response_q("response__"))


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def survey_results(*, survey: Survey, filters: ResultFilters, with_texts: bool) -> dict:
    questions = survey_questions(survey=survey)
    counts = Response.objects.filter(survey=survey).aggregate(
        started=Count("pk"),
        submitted=Count("pk", filter=Q(status=Response.Status.SUBMITTED)),
        anonymous=Count("pk", filter=Q(status=Response.Status.SUBMITTED, user__isnull=True)),
        selected=Count("pk", filter=Q(status=Response.Status.SUBMITTED) & filters.response_q()),
    )
    answers = _submitted([q.pk for q in questions], filters)
    # ONE scan groups every answer by (question, choice, number): choice counts with the mean
    # rank, score distributions, and — one row per respondent for single-answer questions —
    # the number of respondents. Only the questions taking several choices need a DISTINCT.
    several = [q.pk for q in questions if q.type in SEVERAL_CHOICES]
    by_choice: dict = {}
    by_number: dict = {}
    respondents: dict = {}
    for question_id, choice_id, number, n, avg_rank in answers.values_list(
        "question_id", "choice_id", "number"
    ).annotate(n=Count("id"), avg_rank=Avg("rank")):
        if choice_id is not None:
            by_choice[(question_id, choice_id)] = (n, avg_rank)
        elif number is not None:
            by_number.setdefault(question_id, {})[number] = n
        if question_id not in several:
            respondents[question_id] = respondents.get(question_id, 0) + n
    if several:
        respondents.update(
            answers.filter(question_id__in=several)
            .values_list("question_id")
            .annotate(n=Count("response_id", distinct=True))
        )
    texts: dict = {}
    if with_texts:
        latest = (
            answers.exclude(text="")
            .filter(is_hidden=False)
            .annotate(
                row=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("pk").desc())
            )
            .filter(row__lte=LATEST_TEXTS)
            .values_list("question_id", "pk", "text")
        )
        for question_id, pk, text in latest:
            texts.setdefault(question_id, []).append({"pk": pk, "text": text})

    items = []
    for question in questions:
        n = respondents.get(question.pk, 0)
        item = {"question": question, "respondents": n, "kind": "choices"}
        if question.type == Question.Type.RANKING:
            rows = []
            size = len(question.choices.all())
            for choice in question.choices.all():
                count, avg_rank = by_choice.get((question.pk, choice.pk), (0, None))
                rows.append(
                    {
                        "label": choice.label,
                        "count": count,
                        "avg_rank": round(avg_rank, 2) if avg_rank else None,
                        "value": round(size + 1 - avg_rank, 2) if avg_rank else 0,
                    }
                )
            rows.sort(key=lambda row: row["avg_rank"] or size + 1)
            item.update(
                kind="ranking",
                rows=rows,
                chart=bar_chart(
                    [(r["label"], r["value"]) for r in rows],
                    unit="",
                    maximum=size,
                    value_label=lambda r: f"{r:.1f}".replace(".", ","),
                ),
            )
        elif question.has_choices:
            rows = [
                {
                    "label": choice.label,
                    "count": (count := by_choice.get((question.pk, choice.pk), (0, None))[0]),
                    "pct": _pct(count, n),
                }
                for choice in question.choices.all()
            ]
            if question.type == Question.Type.WORDS:
                rows.sort(key=lambda row: -row["count"])
            item.update(rows=rows, chart=bar_chart([(r["label"], r["pct"]) for r in rows]))
        elif question.is_scale:
            low, high = question.bounds
            distribution = by_number.get(question.pk, {})
            total = sum(distribution.values())
            mean = sum(k * v for k, v in distribution.items()) / total if total else None
            rows = [
                {"label": str(value), "count": distribution.get(value, 0)}
                for value in range(low, high + 1)
            ]
            for row in rows:
                row["pct"] = _pct(row["count"], total)
            item.update(
                kind="scale",
                rows=rows,
                mean=round(mean, 1) if mean is not None else None,
                chart=bar_chart([(r["label"], r["pct"]) for r in rows], compact=True),
            )
            if question.type == Question.Type.NPS and total:
                promoters = sum(v for k, v in distribution.items() if k >= 9)
                detractors = sum(v for k, v in distribution.items() if k <= 6)
                item["nps"] = round(100 * (promoters - detractors) / total)
                item["promoters_pct"] = _pct(promoters, total)
                item["detractors_pct"] = _pct(detractors, total)
        else:
            item.update(kind="text", texts=texts.get(question.pk, []))
        items.append(item)
    return {
        "counts": {
            **counts,
            "rate": _pct(counts["submitted"], counts["started"]),
        },
        "items": items,
        "sections": _items_by_section(items),
    }


def _items_by_section(items: list[dict]) -> list[dict]:
    sections: list[dict] = []
    for item in items:
        question = item["question"]
        if not sections or sections[-1]["section"].pk != question.section_id:
            sections.append({"section": question.section, "items": []})
        sections[-1]["items"].append(item)
    return sections


# ---------------------------------------------------------------------------------- barometer
def barometer_comparison(*, survey: Survey, filters: ResultFilters) -> dict | None:
    """The same questions (matched by code) wave over wave: means, NPS and choice shares."""
    if survey.barometer_id is None:
        return None
    waves = list(
        Survey.objects.published()
        .filter(barometer_id=survey.barometer_id)
        .order_by("opens_at", "pk")[:MAX_WAVES]
    )
    if len(waves) < 2:
        return None
    base = Answer.objects.filter(
        question__survey__in=waves, response__status=Response.Status.SUBMITTED
    ).filter(filters.response_q("response__"))
    numbers = (
        base.filter(number__isnull=False)
        .values_list("question__survey_id", "question__code", "question__type")
        .annotate(
            mean=Avg("number"),
            n=Count("id"),
            promoters=Count("id", filter=Q(number__gte=9)),
            detractors=Count("id", filter=Q(number__lte=6)),
        )
    )
    choice_rows = (
        base.filter(choice__isnull=False, rank__isnull=True)
        .values_list("question__survey_id", "question__code", "choice__label")
        .annotate(n=Count("id"))
    )
    respondents = (
        base.filter(choice__isnull=False, rank__isnull=True)
        .values_list("question__survey_id", "question__code")
        .annotate(n=Count("response_id", distinct=True))
    )
    questions = {q.code: q for q in survey.questions.all()}

    scale: dict = {}
    for survey_id, code, qtype, mean, n, promoters, detractors in numbers:
        if code not in questions:
            continue
        value = round(mean, 2)
        if qtype == Question.Type.NPS:
            value = round(100 * (promoters - detractors) / n)
        scale.setdefault(code, {})[survey_id] = {"value": value, "n": n}
    totals = {(s, c): n for s, c, n in respondents}
    shares: dict = {}
    for survey_id, code, label, n in choice_rows:
        if code not in questions or questions[code].profile:
            continue
        pct = _pct(n, totals.get((survey_id, code), 0))
        shares.setdefault(code, {}).setdefault(label, {})[survey_id] = pct

    blocks = []
    for code, question in questions.items():
        if code in scale and len(scale[code]) >= 2:
            values = [scale[code].get(w.pk) for w in waves]
            blocks.append(
                {
                    "question": question,
                    "kind": "nps" if question.type == Question.Type.NPS else "mean",
                    "cells": values,
                    "delta": _delta(values),
                    "chart": bar_chart(
                        [
                            (w.wave_label or w.title, (v or {}).get("value", 0))
                            for w, v in zip(waves, values, strict=True)
                        ],
                        unit="",
                        maximum=100 if question.type == Question.Type.NPS else question.bounds[1],
                        compact=True,
                        value_label=lambda r: f"{r:g}".replace(".", ","),
                    ),
                }
            )
        elif code in shares:
            rows = []
            for label, by_wave in shares[code].items():
                values = [{"value": by_wave[w.pk]} if w.pk in by_wave else None for w in waves]
                if sum(1 for v in values if v) >= 2:
                    rows.append({"label": label, "cells": values, "delta": _delta(values)})
            if rows:
                rows.sort(key=lambda row: -((row["cells"][-1] or {}).get("value") or 0))
                blocks.append({"question": question, "kind": "shares", "rows": rows[:15]})
    return {"waves": waves, "blocks": blocks}


def _delta(values: list) -> float | None:
    present = [v["value"] for v in values if v]
    if len(present) < 2:
        return None
    return round(present[-1] - present[-2], 1)


# --------------------------------------------------------------------------------- moderation
def free_text_answers(*, survey: Survey, question_id: int | None, page, per_page: int = 25):
    answers = (
        Answer.objects.filter(question__survey=survey, response__status=Response.Status.SUBMITTED)
        .exclude(text="")
        .select_related("question", "response", "response__target_public", "response__territory")
        .prefetch_related("contribution_links__contribution")
        .order_by("-pk")
    )
    if question_id:
        answers = answers.filter(question_id=question_id)
    return Paginator(answers, per_page).get_page(page)


def text_questions(*, survey: Survey) -> list[Question]:
    return list(survey.questions.filter(type=Question.Type.TEXT))


def surveys_for_team() -> list[Survey]:
    return list(
        Survey.objects.select_related("barometer")
        .annotate(
            submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED))
        )
        .order_by("-created_at")[:100]
    )


def age_band_label(value: str) -> str:
    return dict(AGE_BANDS).get(value, _("non renseignée"))
