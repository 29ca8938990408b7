"""Import of the agency's existing contact list (people and their organisations) from a CSV file.

The file comes from a spreadsheet, so it is read the way French spreadsheets write it: UTF-8 with
or without BOM, `;` or `,` between cells, headers with or without accents. Every row is checked
before anything is written, and the writing happens in one transaction: an operator never has to
clean up half an import. Running the same file twice changes nothing.

Empty cells never erase what the platform already knows (a person's organisation, a category,
a website, the directory choice), except `territoire`, where empty means "hors Cornouaille".
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.stakeholders.models import ActorCategory, Organisation, Territory

from .models import User

COLUMNS = (
    "email",
    "prenom",
    "nom",
    "organisation",
    "categorie",
    "territoire",
    "site_web",
    "annuaire",
)
# Other spellings of the email column that spreadsheets commonly carry.
HEADER_ALIASES = {"e_mail": "email", "courriel": "email", "adresse_e_mail": "email"}
# What an operator may type for "outside Cornouaille" (`hors` is the directory's filter value).
OUTSIDE_CORNOUAILLE = {"", "hors cornouaille", "hors-cornouaille", "hors"}
YES_NO = {"oui": True, "non": False}

Source = str | os.PathLike | IO[bytes] | IO[str]


@dataclass(frozen=True)
class RowError:
    """One reason a file is refused; `line` is the line in the file (the header is line 1)."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("ligne %(line)d : %(message)s") % {"line": self.line, "message": self.message}


class ContactFileError(Exception):
    """The file cannot be imported; `errors` lists every problem found, nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]


@dataclass
class ImportReport:
    """What an import did (or, with `dry_run`, would have done)."""

    dry_run: bool = False
    rows: int = 0
    organisations_created: int = 0
    organisations_updated: int = 0
    organisations_unchanged: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.organisations_created
            or self.organisations_updated
            or self.people_created
            or self.people_updated
        )

    def summary(self) -> list[str]:
        """The lines an operator reads after an import."""
        counts = _("%(created)d créée(s), %(updated)d mise(s) à jour, %(unchanged)d inchangée(s)")
        return [
            _("Lignes lues : %(rows)d") % {"rows": self.rows},
            _("Organisations : %(counts)s")
            % {
                "counts": counts
                % {
                    "created": self.organisations_created,
                    "updated": self.organisations_updated,
                    "unchanged": self.organisations_unchanged,
                }
            },
            _("Personnes : %(counts)s")
            % {
                "counts": counts
                % {
                    "created": self.people_created,
                    "updated": self.people_updated,
                    "unchanged": self.people_unchanged,
                }
            },
        ]


@dataclass
class _OrganisationRow:
    """An organisation as the file describes it; None / "" mean "not given, keep what exists"."""

    line: int
    name: str
    territory: Territory | None  # always given: None is "hors Cornouaille"
    territory_label: str
    category: ActorCategory | None = None
    website: str = ""
    listed: bool | None = None


@dataclass
class _PersonRow:
    line: int
    email: str
    first_name: str
    last_name: str
    organisation_key: str | None
    category: ActorCategory | None
    territory: Territory | None


def import_contacts(*, source: Source, dry_run: bool = False) -> ImportReport:
    """Check the whole file, then import it in one transaction (rolled back when `dry_run`).

    `source` is a path or an open file (bytes or text). Raises ContactFileError listing every
    bad row when any row is bad: then nothing is written at all.
    """
    organisations, people, report = _read_and_check(text=_decode(source=source))
    report.dry_run = dry_run
    with transaction.atomic():
        saved = _import_organisations(rows=organisations, report=report)
        _import_people(rows=people, organisations=saved, report=report)
        if dry_run:
            transaction.set_rollback(True)
    return report


# ------------------------------------------------------------------------------ reading


def _decode(*, source: Source) -> str:
    """The file's text; a spreadsheet saved in another encoding is refused, never guessed."""
    if isinstance(source, str | os.PathLike):
        data: bytes | str = Path(source).read_bytes()
    else:
        data = source.read()
    if isinstance(data, str):
        return _refuse_nul(data.removeprefix("\ufeff"))
    try:
        return _refuse_nul(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContactFileError(
            [
                RowError(
                    line,
                    _(
                        "le fichier n'est pas encodé en UTF-8 ; enregistrez-le au format "
                        "« CSV UTF-8 »"
                    ),
                )
            ]
        ) from exc


def _refuse_nul(text: str) -> str:
    """A NUL character is never in a spreadsheet's CSV (PostgreSQL refuses it in text): the file
    is binary, or UTF-16 (Excel's « Texte Unicode »), which reads as UTF-8 with NULs."""
    position = text.find("\x00")
    if position < 0:
        return text
    raise ContactFileError(
        [
            RowError(
                text.count("\n", 0, position) + 1,
                _(
                    "le fichier contient un caractère nul : ce n'est pas un fichier CSV texte "
                    "(un export « Texte Unicode » est en UTF-16) ; enregistrez-le au format "
                    "« CSV UTF-8 »"
                ),
            )
        ]
    )


def _header_key(cell: str) -> str:
    """`Prénom`, ` site web `, `Catégorie` and `E-mail` all name the documented columns."""
    decomposed = unicodedata.normalize("NFKD", cell.strip().lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    key = "_".join(plain.replace("-", " ").split())
    return HEADER_ALIASES.get(key, key)


def _rows(*, text: str) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """The header and the data rows, each with the line it starts on in the file."""
    first_line = text.split("\n", 1)[0]
    # French Excel writes `;` (the comma is the decimal separator), other tools write `,`.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise ContactFileError([RowError(1, _("le fichier est vide"))])

    def numbered() -> Iterable[tuple[int, list[str]]]:
        line = reader.line_num + 1
        try:
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as exc:  # e.g. a cell over the csv module's size limit
            raise ContactFileError(
                [RowError(line, _("ligne illisible (%(reason)s)") % {"reason": exc})]
            ) from exc

    return header, numbered()


def _lookup(model: type[ActorCategory] | type[Territory]) -> dict[str, ActorCategory | Territory]:
    """Rows by lower-cased slug and name: the operator may type either, in any case."""
    table: dict = {}
    for obj in model.objects.all():
        table[obj.slug.lower()] = obj
        table[" ".join(obj.name.split()).lower()] = obj
    return table


def _read_and_check(
    *, text: str
) -> tuple[dict[str, _OrganisationRow], list[_PersonRow], ImportReport]:
    """Every row parsed and checked; ContactFileError with all problems if any row is bad."""
    header, rows = _rows(text=text)
    keys = [_header_key(cell) for cell in header]
    errors: list[RowError] = []
    missing = [column for column in COLUMNS if column not in keys]
    if missing:
        errors.append(
            RowError(
                1, _("colonne(s) manquante(s) : %(columns)s") % {"columns": ", ".join(missing)}
            )
        )
    duplicated = sorted({key for key in keys if key in COLUMNS and keys.count(key) > 1})
    if duplicated:
        errors.append(
            RowError(
                1, _("colonne(s) en double : %(columns)s") % {"columns": ", ".join(duplicated)}
            )
        )
    if errors:
        raise ContactFileError(errors)
    report = ImportReport(
        ignored_columns=[
            cell.strip() for cell, key in zip(header, keys, strict=True) if key not in COLUMNS
        ]
    )
    index = {key: position for position, key in enumerate(keys) if key in COLUMNS}

    checker = _Checker()
    _check_rows(
        rows=rows, header=header, index=index, checker=checker, report=report, errors=errors
    )
    errors.extend(checker.check_database())
    if errors:
        raise ContactFileError(sorted(errors, key=lambda error: error.line))
    return checker.organisations, checker.people, report


def _check_rows(*, rows, header, index, checker, report, errors) -> None:
    for line, cells in rows:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue  # spreadsheets leave blank lines (or lines of bare separators) at the end
        report.rows += 1
        if len(cells) > len(header) and any(cells[len(header) :]):
            errors.append(
                RowError(
                    line,
                    _(
                        "%(found)d cellules au lieu de %(expected)d ; une valeur contient-elle "
                        "le séparateur sans guillemets ?"
                    )
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        values = {
            column: cells[position] if position < len(cells) else ""
            for column, position in index.items()
        }
        errors.extend(
            RowError(line, message) for message in checker.check(line=line, values=values)
        )


def _too_long(*, label: str, value: str, model: type[Model], field_name: str) -> str | None:
    limit = model._meta.get_field(field_name).max_length
    if len(value) > limit:
        return _("%(label)s trop long (%(limit)d caractères au plus)") % {
            "label": label,
            "limit": limit,
        }
    return None


class _Checker:
    """Checks rows one by one and across the file (duplicate emails, organisations that agree)."""

    def __init__(self) -> None:
        self.categories = _lookup(ActorCategory)
        self.territories = _lookup(Territory)
        self.organisations: dict[str, _OrganisationRow] = {}
        self.people: list[_PersonRow] = []
        self.email_lines: dict[str, int] = {}

    def check(self, *, line: int, values: dict[str, str]) -> list[str]:
        problems: list[str] = []
        category = self._category(value=values["categorie"], problems=problems)
        territory = self._territory(value=values["territoire"], problems=problems)
        organisation_key = self._organisation(
            line=line, values=values, category=category, territory=territory, problems=problems
        )
        person_given = any(values[column] for column in ("email", "prenom", "nom"))
        if person_given:
            self._person(
                line=line,
                values=values,
                organisation_key=organisation_key,
                category=category,
                territory=territory,
                problems=problems,
            )
        elif not values["organisation"]:
            problems.append(_("ni personne (email, prénom, nom) ni organisation"))
        return problems

    def _category(self, *, value: str, problems: list[str]) -> ActorCategory | None:
        if not value:
            return None
        category = self.categories.get(" ".join(value.split()).lower())
        if category is None:
            problems.append(_("catégorie inconnue « %(value)s »") % {"value": value})
        return category

    def _territory(self, *, value: str, problems: list[str]) -> Territory | None:
        key = " ".join(value.split()).lower()
        if key in OUTSIDE_CORNOUAILLE:
            return None
        territory = self.territories.get(key)
        if territory is None:
            problems.append(_("territoire inconnu « %(value)s »") % {"value": value})
        return territory

    def _organisation(
        self,
        *,
        line: int,
        values: dict[str, str],
        category: ActorCategory | None,
        territory: Territory | None,
        problems: list[str],
    ) -> str | None:
        name = " ".join(values["organisation"].split())
        website = values["site_web"]
        listed_value = values["annuaire"]
        if not name:
            if website or listed_value:
                problems.append(_("site_web ou annuaire renseigné sans organisation"))
            return None
        if problem := _too_long(
            label=_("nom d'organisation"), value=name, model=Organisation, field_name="name"
        ):
            problems.append(problem)
        if website:
            website = _normalise_url(website)
            try:
                URLValidator()(website)
            except ValidationError:
                problems.append(
                    _("site web invalide « %(value)s »") % {"value": values["site_web"]}
                )
            if problem := _too_long(
                label=_("site web"), value=website, model=Organisation, field_name="website"
            ):
                problems.append(problem)
        listed = YES_NO.get(listed_value.lower()) if listed_value else None
        if listed_value and listed is None:
            problems.append(
                _("valeur « %(value)s » invalide pour annuaire (oui ou non attendu)")
                % {"value": listed_value}
            )
        if problems:
            return None
        row = _OrganisationRow(
            line=line,
            name=name,
            territory=territory,
            territory_label=territory.name if territory else _("hors Cornouaille"),
            category=category,
            website=website,
            listed=listed,
        )
        key = name.lower()
        known = self.organisations.get(key)
        if known is None:
            self.organisations[key] = row
            return key
        problems.extend(_conflicts(known=known, row=row))
        # What this row adds (a category, a website…) completes the organisation.
        known.category = known.category or row.category
        known.website = known.website or row.website
        known.listed = known.listed if known.listed is not None else row.listed
        return key

    def _person(
        self,
        *,
        line: int,
        values: dict[str, str],
        organisation_key: str | None,
        category: ActorCategory | None,
        territory: Territory | None,
        problems: list[str],
    ) -> None:
        email = User.objects.normalize_email(values["email"])
        if not email:
            problems.append(_("adresse électronique manquante"))
        else:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(
                    _("adresse électronique invalide « %(value)s »") % {"value": values["email"]}
                )
            else:
                if problem := _too_long(
                    label=_("adresse électronique"), value=email, model=User, field_name="email"
                ):
                    problems.append(problem)
            if email in self.email_lines:
                problems.append(
                    _("adresse électronique « %(value)s » déjà présente ligne %(line)d")
                    % {"value": values["email"], "line": self.email_lines[email]}
                )
            else:
                self.email_lines[email] = line
        for column, label, field_name in (
            ("prenom", _("prénom"), "first_name"),
            ("nom", _("nom"), "last_name"),
        ):
            if not values[column]:
                problems.append(_("%(label)s manquant") % {"label": label})
            elif problem := _too_long(
                label=label, value=values[column], model=User, field_name=field_name
            ):
                problems.append(problem)
        if problems:
            return
        self.people.append(
            _PersonRow(
                line=line,
                email=email,
                first_name=values["prenom"],
                last_name=values["nom"],
                organisation_key=organisation_key,
                category=category,
                territory=territory,
            )
        )

    def check_database(self) -> list[RowError]:
        """An address verified on another account would give allauth two people for one email."""
        emails = {person.email: person.line for person in self.people}
        taken: set[str] = set()
        owners: set[str] = set()
        for chunk in _chunks(list(emails)):
            taken.update(
                EmailAddress.objects.annotate(address=Lower("email"))
                .filter(address__in=chunk, verified=True)
                .values_list("address", flat=True)
            )
            owners.update(
                User.objects.annotate(address=Lower("email"))
                .filter(address__in=chunk)
                .values_list("address", flat=True)
            )
        return [
            RowError(
                emails[address],
                _("l'adresse « %(value)s » est déjà celle d'un autre compte") % {"value": address},
            )
            for address in sorted(set(taken) - owners)
        ]


def _conflicts(*, known: _OrganisationRow, row: _OrganisationRow) -> list[str]:
    """Two rows of one organisation must not disagree on what they both give."""
    differences = []
    if known.territory != row.territory:
        differences.append((_("territoire"), row.territory_label, known.territory_label))
    if known.category and row.category and known.category != row.category:
        differences.append((_("catégorie"), row.category.name, known.category.name))
    if known.website and row.website and known.website != row.website:
        differences.append((_("site web"), row.website, known.website))
    if known.listed is not None and row.listed is not None and known.listed != row.listed:
        differences.append(
            (
                _("annuaire"),
                _("oui") if row.listed else _("non"),
                _("oui") if known.listed else _("non"),
            )
        )
    return [
        _(
            "données contradictoires pour l'organisation « %(name)s » : %(label)s « %(here)s » "
            "ici, « %(there)s » ligne %(line)d"
        )
        % {"name": known.name, "label": label, "here": here, "there": there, "line": known.line}
        for label, here, there in differences
    ]


def _normalise_url(value: str) -> str:
    """`www.exemple.fr` is how people write a website: assume https, as Django's forms do."""
    return value if "://" in value else f"https://{value}"


# ------------------------------------------------------------------------------ writing
#
# In bulk: a constant number of queries per thousand rows (existing rows fetched by chunks,
# new rows with bulk_create, changed ones with bulk_update), so that the agency's 50,000
# contacts import in seconds. Every row was checked above; fields are still validated here
# (without the per-row uniqueness queries: emails and names were deduplicated in the file and
# the constraints of the database guard the rest).

CHUNK = 5000  # PostgreSQL takes at most 65,535 parameters per query


def _apply(*, obj: Model, wanted: dict[str, object]) -> list[str]:
    """Set the fields that differ; return their names (empty when nothing changes)."""
    changed = []
    for name, value in wanted.items():
        attname = obj._meta.get_field(name).attname
        if getattr(obj, attname) != value:
            setattr(obj, attname, value)
            changed.append(name)
    return changed


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _existing(model: type[Model], field_name: str, keys: list[str]) -> dict[str, Model]:
    """Rows whose `field_name`, lower-cased, is one of `keys` (one query per chunk)."""
    found: dict[str, Model] = {}
    for chunk in _chunks(keys):
        for obj in model._default_manager.annotate(_key=Lower(field_name)).filter(_key__in=chunk):
            found[obj._key] = obj
    return found


def _validate(obj: Model, *, foreign_keys: tuple[str, ...]) -> None:
    """Field checks without a query per row: the foreign keys come from looked-up rows."""
    obj.full_clean(exclude=list(foreign_keys), validate_unique=False, validate_constraints=False)


def _save(
    *,
    model: type[Model],
    created: list[Model],
    updated: list[Model],
    fields: set[str],
) -> None:
    model._default_manager.bulk_create(created, batch_size=1000)
    if not updated:
        return
    if connection.vendor == "postgresql":
        _update_from_values(model=model, objs=updated, fields=sorted(fields))
    else:
        model._default_manager.bulk_update(updated, sorted(fields), batch_size=1000)


def _update_from_values(*, model: type[Model], objs: list[Model], fields: list[str]) -> None:
    """`UPDATE … FROM (VALUES …)`: one statement per thousand rows. Django's bulk_update
    builds a CASE WHEN per row and field, which takes longer to compile than to run."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    assignments = ", ".join(
        f"{quote(field.column)} = v.{quote(field.column)}::{field.db_type(connection)}"
        for field in columns
    )
    names = ", ".join([pk, *(quote(field.column) for field in columns)])
    row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), 1000):
            batch = objs[start : start + 1000]
            params: list[object] = []
            for obj in batch:
                params.append(obj.pk)
                params.extend(
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for field in columns
                )
            cursor.execute(
                # Identifiers come from the model, quoted; every value is a parameter.
                f"UPDATE {table} SET {assignments} "  # noqa: S608
                f"FROM (VALUES {', '.join([row] * len(batch))}) AS v({names}) "
                f"WHERE {table}.{pk} = v.{pk}",
                params,
            )


def _import_organisations(
    *, rows: dict[str, _OrganisationRow], report: ImportReport
) -> dict[str, Organisation]:
    """The organisations by lower-cased name (case ignored, as Organisation.objects.get_by_name
    does): created, completed or left as they are."""
    existing = _existing(Organisation, "name", list(rows))
    foreign_keys = ("category", "territory")
    created, updated, fields = [], [], set()
    saved: dict[str, Organisation] = {}
    now = timezone.now()
    for key, row in rows.items():
        wanted: dict[str, object] = {"territory": row.territory.pk if row.territory else None}
        if row.category:
            wanted["category"] = row.category.pk
        if row.website:
            wanted["website"] = row.website
        if row.listed is not None:
            wanted["listed_in_directory"] = row.listed
        organisation = existing.get(key)
        if organisation is None:
            organisation = Organisation(name=row.name)
            _apply(obj=organisation, wanted=wanted)
            _validate(organisation, foreign_keys=foreign_keys)
            created.append(organisation)
            report.organisations_created += 1
        elif changed := _apply(obj=organisation, wanted=wanted):
            _validate(organisation, foreign_keys=foreign_keys)
            organisation.updated_at = now
            fields.update(changed, {"updated_at"})
            updated.append(organisation)
            report.organisations_updated += 1
        else:
            report.organisations_unchanged += 1
        saved[key] = organisation
    _save(model=Organisation, created=created, updated=updated, fields=fields)
    return saved


def _import_people(
    *, rows: list[_PersonRow], organisations: dict[str, Organisation], report: ImportReport
) -> None:
    """Create or update the people. A new account has no password and no RGPD consent yet:
    the person claims it through allauth's password reset, which finds the EmailAddress row.

    A name the person typed on their own profile (`names_from_profile`) is never replaced by
    the agency's spelling of it.
    """
    existing = _existing(User, "email", [row.email for row in rows])
    foreign_keys = ("organisation", "actor_category", "territory")
    created, updated, fields = [], [], set()
    for row in rows:
        wanted: dict[str, object] = {"territory": row.territory.pk if row.territory else None}
        if row.organisation_key:
            wanted["organisation"] = organisations[row.organisation_key].pk
        if row.category:
            wanted["actor_category"] = row.category.pk
        user = existing.get(row.email)
        if user is None or not user.names_from_profile:
            wanted = {"first_name": row.first_name, "last_name": row.last_name, **wanted}
        if user is None:
            # Same as the defaults (a random calendar token, an unusable password), from one
            # call to the system's random source instead of forty per string.
            user = User(
                email=row.email,
                calendar_token=secrets.token_urlsafe(30),
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            )
            _apply(obj=user, wanted=wanted)
            _validate(user, foreign_keys=foreign_keys)
            created.append(user)
            report.people_created += 1
        elif changed := _apply(obj=user, wanted=wanted):
            _validate(user, foreign_keys=foreign_keys)
            fields.update(changed)
            updated.append(user)
            report.people_updated += 1
        else:
            report.people_unchanged += 1
    _save(model=User, created=created, updated=updated, fields=fields)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, verified=False, primary=True)
            for user in created
        ],
        batch_size=1000,
    )
