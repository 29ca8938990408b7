"""Raw answers as CSV or XLSX: one row per response, one column per question.

Cells a spreadsheet would read as a formula (= + - @, tab, carriage return) are neutralised
with a leading apostrophe: a respondent's text never runs in the team's spreadsheet.
"""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.csvsafe import safe_cell as neutralise

from .models import AGE_BANDS, Answer, Response

CHUNK = 2000


def header(questions) -> list[str]:
    return [
        _("réponse"),
        _("envoyée le"),
        _("anonyme"),
        _("public"),
        _("EPCI ou origine"),
        _("tranche d'âge"),
        _("filière"),
    ] + [f"{question.code} — {question.text}" for question in questions]


def rows(*, survey, questions):
    """Yield the rows, reading responses and their answers chunk by chunk (bounded memory)."""
    columns = {question.pk: index for index, question in enumerate(questions)}
    ages = dict(AGE_BANDS)
    responses = (
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
        .order_by("pk")
        .values_list(
            "pk",
            "submitted_at",
            "user_id",
            "target_public__name",
            "territory__name",
            "outside_cornouaille",
            "age_band",
            "filiere__name",
        )
    )
    last_pk = 0
    while True:
        chunk = list(responses.filter(pk__gt=last_pk)[:CHUNK])
        if not chunk:
            return
        last_pk = chunk[-1][0]
        cells: dict = {}
        answers = (
            Answer.objects.filter(response_id__in=[row[0] for row in chunk])
            .order_by("response_id", "question_id", "rank", "pk")
            .values_list("response_id", "question_id", "choice__label", "rank", "number", "text")
        )
        for response_id, question_id, label, rank, number, text in answers:
            if question_id not in columns:
                continue
            if label is not None:
                value = f"{label} ({rank})" if rank else label
            elif number is not None:
                value = str(number)
            else:
                value = text
            cells.setdefault(response_id, {}).setdefault(question_id, []).append(value)
        for pk, submitted_at, user_id, public, territory, outside, age, filiere in chunk:
            answered = cells.get(pk, {})
            origin = territory or (_("Hors Cornouaille") if outside else "")
            yield [
                pk,
                timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M") if submitted_at else "",
                _("non") if user_id else _("oui"),
                public or "",
                origin,
                str(ages.get(age, "")),
                filiere or "",
            ] + [" | ".join(answered.get(q.pk, [])) for q in questions]


def csv_stream(*, survey, questions):
    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo(), delimiter=";")
    yield "\ufeff"  # Excel opens UTF-8 French text correctly with a BOM
    yield writer.writerow([neutralise(cell) for cell in header(questions)])
    for row in rows(survey=survey, questions=questions):
        yield writer.writerow([neutralise(cell) for cell in row])


def xlsx_bytes(*, survey, questions) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Réponses")[:31])
    sheet.append([neutralise(cell) for cell in header(questions)])
    for row in rows(survey=survey, questions=questions):
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
