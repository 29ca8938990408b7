"""CSV files people open in a spreadsheet: UTF-8 with a BOM (Excel reads the accents) and no
formula injection — a cell that begins with = + - @, a tab or a carriage return would be run as
a formula by Excel or LibreOffice; it gets a leading apostrophe and is shown as text."""

import csv
import io

from django.http import HttpResponse

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value) -> str:
    """The text of one cell, neutralised. Numbers stay numbers (a negative figure is data, not a
    formula); None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text.startswith(DANGEROUS_PREFIXES):
        return "'" + text
    return text


def csv_text(header, rows) -> str:
    """The whole file as text, BOM first, every cell through `safe_cell`."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def csv_response(filename: str, header, rows) -> HttpResponse:
    """A download of `rows` under `filename` (semicolons: what a French Excel expects)."""
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
