"""The RGAA 4.1 self-audit kept in docs/rgaa/, and its conformity rate computed the RGAA way.

Layout of an audit directory (docs/rgaa/ is the current one, docs/rgaa/initial/ the first):
- audit.toml: date, scope, tools, what is not accessible and its workaround;
- ../criteres.csv: the 106 criteria (numero;thematique;intitule), shared by every audit;
- echantillon.csv: the sample of pages (id;titre;adresse);
- pages/<id>.csv: every criterion marked C, NC or NA on that page (critere;statut;remarque).

Rate (RGAA 4.1 method, « taux de conformité global sur l'échantillon »): a criterion is
non-compliant when it fails on at least one page of the sample, compliant when it applies to
at least one page and fails on none, not applicable when it applies to no page;
rate = C / (C + NC). The mean rate (average of each page's C / (C + NC)) is given too, as the
statement template asks, but the global rate is the one that counts.
No database, no import of another app: this module only reads files.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

STATUSES = ("C", "NC", "NA")
CRITERIA_COUNT = 106


class AuditError(ValueError):
    """The audit files are incomplete or inconsistent."""


@dataclass(frozen=True)
class Criterion:
    number: str
    theme: str
    title: str


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    address: str
    results: dict[str, tuple[str, str]]  # criterion number -> (status, remark)

    def count(self, status: str) -> int:
        return sum(1 for value, _ in self.results.values() if value == status)

    @property
    def rate(self) -> Decimal | None:
        applicable = self.count("C") + self.count("NC")
        return _percent(self.count("C"), applicable) if applicable else None


@dataclass(frozen=True)
class Audit:
    audit_date: date
    meta: dict
    criteria: list[Criterion]
    pages: list[Page]
    overall: dict[str, str] = field(default_factory=dict)  # criterion number -> C / NC / NA

    @property
    def compliant(self) -> int:
        return sum(1 for value in self.overall.values() if value == "C")

    @property
    def non_compliant(self) -> int:
        return sum(1 for value in self.overall.values() if value == "NC")

    @property
    def not_applicable(self) -> int:
        return sum(1 for value in self.overall.values() if value == "NA")

    @property
    def applicable(self) -> int:
        return self.compliant + self.non_compliant

    @property
    def rate(self) -> Decimal:
        return _percent(self.compliant, self.applicable) if self.applicable else Decimal(100)

    @property
    def mean_rate(self) -> Decimal:
        rates = [
            Decimal(page.count("C")) / (page.count("C") + page.count("NC"))
            for page in self.pages
            if page.rate is not None
        ]
        if not rates:
            return Decimal(100)
        return (sum(rates) * 100 / len(rates)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def status(self) -> str:
        """The mention the law asks for: totalement / partiellement / non conforme."""
        if self.rate >= 100:
            return "total"
        return "partial" if self.rate >= 50 else "none"

    def failures(self) -> list[tuple[Criterion, list[tuple[Page, str]]]]:
        """Each non-compliant criterion with the pages where it fails and why."""
        found = []
        for criterion in self.criteria:
            if self.overall.get(criterion.number) != "NC":
                continue
            pages = [
                (page, page.results[criterion.number][1])
                for page in self.pages
                if page.results[criterion.number][0] == "NC"
            ]
            found.append((criterion, pages))
        return found


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter=";"))
    except FileNotFoundError as error:
        raise AuditError(f"{path}: fichier absent") from error


def root() -> Path:
    return Path(getattr(settings, "RGAA_AUDIT_DIR", settings.BASE_DIR / "docs" / "rgaa"))


def load_criteria(base: Path) -> list[Criterion]:
    criteria = [Criterion(r["numero"], r["thematique"], r["intitule"]) for r in _rows(base)]
    if len(criteria) != CRITERIA_COUNT or len({c.number for c in criteria}) != CRITERIA_COUNT:
        raise AuditError(f"{base}: {CRITERIA_COUNT} critères distincts attendus")
    return criteria


def load_audit(directory: Path | None = None) -> Audit:
    directory = directory or root()
    criteria = load_criteria(root() / "criteres.csv")
    numbers = [criterion.number for criterion in criteria]
    with (directory / "audit.toml").open("rb") as handle:
        meta = tomllib.load(handle)
    pages = []
    for row in _rows(directory / "echantillon.csv"):
        results = {}
        for line in _rows(directory / "pages" / f"{row['id']}.csv"):
            status = line["statut"].strip().upper()
            if status not in STATUSES:
                raise AuditError(f"{row['id']}: statut « {status} » pour {line['critere']}")
            results[line["critere"].strip()] = (status, line.get("remarque", "").strip())
        if sorted(results) != sorted(numbers):
            missing = sorted(set(numbers) - set(results))
            raise AuditError(f"{row['id']}: critères manquants ou en trop ({missing[:5]}…)")
        pages.append(Page(row["id"], row["titre"], row["adresse"], results))
    if not pages:
        raise AuditError(f"{directory}: échantillon vide")
    overall = {}
    for number in numbers:
        statuses = {page.results[number][0] for page in pages}
        overall[number] = "NC" if "NC" in statuses else ("C" if "C" in statuses else "NA")
    return Audit(meta["date"], meta, criteria, pages, overall)


@lru_cache(maxsize=1)
def current_audit() -> Audit:
    """The published audit, read once per process (the files change with a deployment)."""
    return load_audit()
