"""Spreadsheet-safe cells and tabular files (CSV for Excel, XLSX) shared by every export.

A cell a spreadsheet would read as a formula (beginning with = + - @, tab or carriage return)
is neutralised with a leading apostrophe: a participant's text never runs in the team's
spreadsheet (CSV/formula injection).
"""

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The value, with a leading apostrophe when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


class _Echo:
    def write(self, value):
        return value


def csv_stream(header: Iterable, rows: Iterable[Iterable], *, delimiter: str = ";"):
    """Yield a CSV file line by line: UTF-8 with a BOM (Excel reads French text correctly),
    semicolons (Excel in French), every cell neutralised."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield BOM
    yield writer.writerow(safe_row(header))
    for row in rows:
        yield writer.writerow(safe_row(row))


def xlsx_bytes(header: Iterable, rows: Iterable[Iterable], *, title: str) -> bytes:
    """One sheet, written row by row (openpyxl's write-only mode keeps memory bounded)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ small files, whole in memory
def as_text(value) -> str:
    """A cell as text, neutralised: None is an empty cell, a boolean « oui »/« non »."""
    from django.utils.translation import gettext

    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    return str(safe_cell(value))


def csv_text(header, rows) -> str:
    """The whole file as text: `csv_stream`, every cell through `as_text` first."""
    return "".join(
        csv_stream([as_text(cell) for cell in header], ([as_text(c) for c in r] for r in rows))
    )


def csv_response(filename: str, header, rows):
    """A download of `rows` under `filename` (semicolons: what a French Excel expects)."""
    from django.http import HttpResponse

    response = HttpResponse(csv_text(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
