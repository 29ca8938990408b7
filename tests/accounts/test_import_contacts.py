"""The contact-list import: `manage.py import_stakeholders` and apps.accounts.importer.

Every refusal has a twin that succeeds from the same setup, so a refusal cannot pass because
the setup itself was broken.
"""

import csv
import io
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts import importer
from apps.accounts.importer import ContactFileError, import_contacts
from apps.accounts.models import User
from apps.stakeholders.models import ActorCategory, Organisation, Territory
from tests.accounts.factories import UserFactory
from tests.stakeholders.factories import OrganisationFactory

DATA = Path(__file__).parent / "data"
OK_FILE = DATA / "contacts_ok.csv"
BAD_FILE = DATA / "contacts_bad.csv"
HEADER = [
    "email",
    "prenom",
    "nom",
    "organisation",
    "categorie",
    "territoire",
    "site_web",
    "annuaire",
]

# What contacts_bad.csv must be refused for: one message per bad row, with its line.
BAD_FILE_ERRORS = [
    "ligne 3 : adresse électronique invalide « jean@ »",
    "ligne 5 : catégorie inconnue « Banque »",
    "ligne 6 : adresse électronique « ANNE.LE-GOFF@example.org » déjà présente ligne 2",
    "ligne 7 : prénom manquant",
    "ligne 8 : site web invalide « pas un site web »",
    "ligne 9 : valeur « peut-être » invalide pour annuaire (oui ou non attendu)",
    "ligne 10 : données contradictoires pour l'organisation « Mairie de Quimper » : "
    "territoire « Douarnenez Communauté » ici, « Quimper Bretagne Occidentale » ligne 2",
    "ligne 11 : territoire inconnu « Brest Métropole »",
]
BAD_LINES = {3, 5, 6, 7, 8, 9, 10, 11}

ROW = {
    "email": "gwen.morvan@example.org",
    "prenom": "Gwen",
    "nom": "Morvan",
    "organisation": "Brasserie de l'Odet",
    "categorie": "entreprise",
    "territoire": "quimper-bretagne-occidentale",
    "site_web": "https://brasserie-odet.example.fr",
    "annuaire": "oui",
}


def csv_text(rows: list[dict], *, delimiter: str = ";", header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue()


def write(tmp_path: Path, text: str, *, name: str = "contacts.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((("\ufeff" if bom else "") + text).encode("utf-8"))
    return path


def rows_of(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def error_messages(exc_info) -> list[str]:
    return [str(error) for error in exc_info.value.errors]


def snapshot() -> dict:
    """Everything the import may touch, to prove it was not touched."""
    return {
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
        "addresses": list(EmailAddress.objects.order_by("pk").values()),
    }


def assert_nothing_imported():
    assert Organisation.objects.count() == 0
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0


# ------------------------------------------------------------------------------ good file


@pytest.mark.django_db
def test_good_file_imports_people_and_organisations():
    report = import_contacts(source=OK_FILE)

    assert (report.rows, report.dry_run) == (6, False)
    assert (report.organisations_created, report.organisations_updated) == (4, 0)
    assert (report.people_created, report.people_updated) == (5, 0)
    assert Organisation.objects.count() == 4
    assert User.objects.count() == 5

    qbo = Territory.objects.get(slug="quimper-bretagne-occidentale")
    mairie = Organisation.objects.get(name="Mairie de Quimper")
    assert mairie.category.slug == "epci-collectivite"
    assert mairie.territory == qbo
    assert mairie.website == "https://www.quimper.bzh"
    assert mairie.listed_in_directory is True

    anne = User.objects.get(email="anne.le-goff@example.org")
    assert (anne.first_name, anne.last_name) == ("Anne", "Le Goff")
    assert anne.organisation == mairie
    assert anne.actor_category.slug == "epci-collectivite"
    assert anne.territory == qbo
    assert anne.has_usable_password() is False
    assert anne.consent_at is None
    address = EmailAddress.objects.get(user=anne)
    assert (address.email, address.verified, address.primary) == (
        "anne.le-goff@example.org",
        False,
        True,
    )

    # Mixed-case email stored lower-cased; organisation named in capitals is the same one.
    yann = User.objects.get(email="yann.kerleroux@example.org")
    assert yann.organisation == mairie
    assert EmailAddress.objects.get(user=yann).email == "yann.kerleroux@example.org"

    conserverie = Organisation.objects.get(name="Conserverie Océane")
    assert conserverie.territory.slug == "concarneau-cornouaille-agglomeration"
    assert conserverie.category.slug == "entreprise"
    assert conserverie.listed_in_directory is False

    paul = User.objects.get(email="paul.durand@example.org")
    assert paul.organisation is None
    assert paul.territory is None  # « hors Cornouaille »
    assert paul.actor_category.slug == "consultant"

    festival = Organisation.objects.get(name="Festival de Cornouaille")  # organisation alone
    assert festival.people.count() == 0
    assert festival.category.slug == "association-culturelle"
    assert festival.listed_in_directory is True

    cabinet = Organisation.objects.get(name="Cabinet Conseil; Atlantique")  # quoted `;`
    assert cabinet.territory is None  # empty territory
    assert cabinet.listed_in_directory is False  # « Non »
    assert User.objects.get(email="marie.tanguy@example.org").territory is None

    assert EmailAddress.objects.count() == 5
    assert not EmailAddress.objects.filter(verified=True).exists()


@pytest.mark.django_db
def test_rerun_of_the_same_file_changes_nothing():
    import_contacts(source=OK_FILE)
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        report = import_contacts(source=OK_FILE)

    assert (report.organisations_created, report.organisations_updated) == (0, 0)
    assert (report.people_created, report.people_updated) == (0, 0)
    assert (report.organisations_unchanged, report.people_unchanged) == (4, 5)
    assert report.changed is False
    assert snapshot() == before  # updated_at included
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


@pytest.mark.django_db
def test_rerun_updates_only_what_differs():
    """The twin of the no-change rerun: a difference made since is seen and put back."""
    import_contacts(source=OK_FILE)
    Organisation.objects.filter(name="Conserverie Océane").update(
        website="https://ancien.example.fr", territory=None
    )
    User.objects.filter(email="paul.durand@example.org").update(last_name="DURAND")
    untouched = Organisation.objects.get(name="Mairie de Quimper").updated_at

    report = import_contacts(source=OK_FILE)

    assert (report.organisations_updated, report.organisations_unchanged) == (1, 3)
    assert (report.people_updated, report.people_unchanged) == (1, 4)
    conserverie = Organisation.objects.get(name="Conserverie Océane")
    assert conserverie.website == "https://conserverie-oceane.example.fr"
    assert conserverie.territory.slug == "concarneau-cornouaille-agglomeration"
    assert User.objects.get(email="paul.durand@example.org").last_name == "Durand"
    assert Organisation.objects.get(name="Mairie de Quimper").updated_at == untouched


@pytest.mark.django_db
def test_dry_run_reports_but_writes_nothing():
    report = import_contacts(source=OK_FILE, dry_run=True)

    assert (report.organisations_created, report.people_created) == (4, 5)
    assert report.dry_run is True
    assert_nothing_imported()


# ------------------------------------------------------------------------------ bad file


@pytest.mark.django_db
def test_bad_file_imports_nothing_and_reports_every_bad_row():
    with pytest.raises(ContactFileError) as exc_info:
        import_contacts(source=BAD_FILE)

    assert error_messages(exc_info) == BAD_FILE_ERRORS
    assert_nothing_imported()


@pytest.mark.django_db
def test_bad_file_without_its_bad_rows_imports(tmp_path):
    """The good rows of contacts_bad.csv are good: the refusal comes from the bad ones only."""
    lines = BAD_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for number, line in enumerate(lines, start=1) if number not in BAD_LINES]

    report = import_contacts(source=write(tmp_path, "".join(kept)))

    assert (report.organisations_created, report.people_created) == (3, 2)
    assert set(User.objects.values_list("email", flat=True)) == {
        "anne.le-goff@example.org",
        "sophie.martin@example.org",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, None, id="the-row-as-is-imports"),
        ({"email": "jean@"}, "ligne 2 : adresse électronique invalide « jean@ »"),
        ({"email": ""}, "ligne 2 : adresse électronique manquante"),
        ({"prenom": ""}, "ligne 2 : prénom manquant"),
        ({"nom": " "}, "ligne 2 : nom manquant"),
        ({"prenom": "P" * 151}, "ligne 2 : prénom trop long (150 caractères au plus)"),
        ({"categorie": "Banque"}, "ligne 2 : catégorie inconnue « Banque »"),
        ({"territoire": "Brest"}, "ligne 2 : territoire inconnu « Brest »"),
        pytest.param(
            {"territoire": "Concarneau Cornouaille Agglomeration"},
            "ligne 2 : territoire inconnu « Concarneau Cornouaille Agglomeration »",
            id="accents-are-not-guessed",
        ),
        ({"site_web": "http://"}, "ligne 2 : site web invalide « http:// »"),
        (
            {"annuaire": "peut-être"},
            "ligne 2 : valeur « peut-être » invalide pour annuaire (oui ou non attendu)",
        ),
        (
            {"organisation": ""},
            "ligne 2 : site_web ou annuaire renseigné sans organisation",
        ),
        (
            {
                "email": "",
                "prenom": "",
                "nom": "",
                "organisation": "",
                "site_web": "",
                "annuaire": "",
            },
            "ligne 2 : ni personne (email, prénom, nom) ni organisation",
        ),
    ],
)
def test_one_bad_cell_refuses_the_row(tmp_path, changes, expected):
    path = write(tmp_path, csv_text([{**ROW, **changes}]))

    if expected is None:
        report = import_contacts(source=path)
        assert (report.organisations_created, report.people_created) == (1, 1)
        return
    with pytest.raises(ContactFileError) as exc_info:
        import_contacts(source=path)
    assert error_messages(exc_info) == [expected]
    assert_nothing_imported()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("second", "expected"),
    [
        pytest.param({"categorie": "", "site_web": "", "annuaire": ""}, None, id="gaps-complete"),
        ({"categorie": "Entreprise", "site_web": "brasserie-odet.example.fr"}, None),
        (
            {"categorie": "consultant"},
            "ligne 3 : données contradictoires pour l'organisation « Brasserie de l'Odet » : "
            "catégorie « Consultant » ici, « Entreprise » ligne 2",
        ),
        (
            {"territoire": "hors Cornouaille"},
            "ligne 3 : données contradictoires pour l'organisation « Brasserie de l'Odet » : "
            "territoire « hors Cornouaille » ici, « Quimper Bretagne Occidentale » ligne 2",
        ),
        (
            {"annuaire": "non"},
            "ligne 3 : données contradictoires pour l'organisation « Brasserie de l'Odet » : "
            "annuaire « non » ici, « oui » ligne 2",
        ),
    ],
)
def test_rows_of_one_organisation_must_agree(tmp_path, second, expected):
    colleague = {**ROW, "email": "loic.morvan@example.org", "prenom": "Loïc"}
    colleague["organisation"] = "BRASSERIE DE L'ODET"
    path = write(tmp_path, csv_text([ROW, {**colleague, **second}]))

    if expected is None:
        report = import_contacts(source=path)
        assert (report.organisations_created, report.people_created) == (1, 2)
        brasserie = Organisation.objects.get()
        assert (brasserie.name, brasserie.website) == (
            "Brasserie de l'Odet",
            "https://brasserie-odet.example.fr",
        )
        assert brasserie.category.slug == "entreprise"
        return
    with pytest.raises(ContactFileError) as exc_info:
        import_contacts(source=path)
    assert error_messages(exc_info) == [expected]
    assert_nothing_imported()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("categorie", "territoire", "category_slug", "territory_slug"),
    [
        ("entreprise", "pays-fouesnantais", "entreprise", "pays-fouesnantais"),
        ("ENTREPRISE", "Pays Fouesnantais", "entreprise", "pays-fouesnantais"),
        ("professionnel du TOURISME", "CAP SIZUN – POINTE DU RAZ", "professionnel-tourisme", None),
        ("Enseignement / recherche", "Hors Cornouaille", "enseignement-recherche", ""),
        ("epci-collectivite", "", "epci-collectivite", ""),
    ],
)
def test_category_and_territory_by_slug_or_name(
    tmp_path, categorie, territoire, category_slug, territory_slug
):
    path = write(tmp_path, csv_text([{**ROW, "categorie": categorie, "territoire": territoire}]))

    import_contacts(source=path)

    person = User.objects.get()
    assert person.actor_category == ActorCategory.objects.get(slug=category_slug)
    if territory_slug == "":
        assert person.territory is None
        assert person.organisation.territory is None
    elif territory_slug is None:
        assert person.territory.name == "Cap Sizun – Pointe du Raz"
    else:
        assert person.territory.slug == territory_slug
        assert person.organisation.territory.slug == territory_slug


# ------------------------------------------------------------------------------ file format


@pytest.mark.django_db
@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_delimiters_bom_and_line_endings(tmp_path, delimiter, bom, newline):
    text = csv_text(rows_of(OK_FILE), delimiter=delimiter).replace("\n", newline)
    path = write(tmp_path, text, bom=bom)

    report = import_contacts(source=path)

    assert (report.organisations_created, report.people_created) == (4, 5)
    assert Organisation.objects.filter(name="Cabinet Conseil; Atlantique").exists()


@pytest.mark.django_db
def test_line_numbers_count_blank_lines_and_multiline_cells(tmp_path):
    header_and_row = csv_text([{**ROW, "organisation": "Brasserie\nde l'Odet"}])
    bad_row = csv_text([{**ROW, "email": "jean@"}]).split("\n", 1)[1]
    text = header_and_row + "\n" + bad_row

    with pytest.raises(ContactFileError) as exc_info:
        import_contacts(source=write(tmp_path, text))

    # header 1, the two-line row 2-3, blank 4, bad row 5
    assert error_messages(exc_info) == ["ligne 5 : adresse électronique invalide « jean@ »"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "source",
    [
        pytest.param(lambda text: io.BytesIO(("\ufeff" + text).encode()), id="binary-file"),
        pytest.param(lambda text: io.StringIO(text, newline=""), id="text-file"),
    ],
)
def test_open_files_are_accepted(source):
    report = import_contacts(source=source(csv_text([ROW], delimiter=",")))

    assert report.people_created == 1


@pytest.mark.django_db
def test_headers_with_accents_in_any_order_extra_columns_ignored(tmp_path):
    header = ["Nom", "Prénom", "E-mail", "Téléphone", "Organisation", "Catégorie"]
    header += ["Territoire", "Site web", "Annuaire"]
    values = [ROW["nom"], ROW["prenom"], ROW["email"], "02 98 00 00 00", ROW["organisation"]]
    values += [ROW["categorie"], ROW["territoire"], ROW["site_web"], ROW["annuaire"]]
    path = write(tmp_path, ";".join(header) + "\n" + ";".join(values) + "\n")

    report = import_contacts(source=path)

    assert report.ignored_columns == ["Téléphone"]
    assert User.objects.get().first_name == "Gwen"


@pytest.mark.django_db
def test_missing_column_is_refused(tmp_path):
    """Twin of the header test above: the same file without its `annuaire` column."""
    header = [column for column in HEADER if column != "annuaire"]
    path = write(tmp_path, csv_text([ROW], header=header))

    with pytest.raises(ContactFileError) as exc_info:
        import_contacts(source=path)

    assert error_messages(exc_info) == ["ligne 1 : colonne(s) manquante(s) : annuaire"]
    assert_nothing_imported()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_only_utf8_is_read(tmp_path, encoding):
    path = tmp_path / "contacts.csv"
    path.write_bytes(
        csv_text([ROW, {**ROW, "email": "loic@example.org", "prenom": "Loïc"}]).encode(encoding)
    )

    if encoding == "utf-8":
        import_contacts(source=path)
        assert User.objects.filter(first_name="Loïc").exists()
        return
    with pytest.raises(ContactFileError) as exc_info:
        import_contacts(source=path)
    assert error_messages(exc_info) == [
        "ligne 3 : le fichier n'est pas encodé en UTF-8 ; enregistrez-le au format « CSV UTF-8 »"
    ]
    assert_nothing_imported()


@pytest.mark.django_db
def test_empty_file_is_refused(tmp_path):
    with pytest.raises(ContactFileError) as exc_info:
        import_contacts(source=write(tmp_path, ""))

    assert error_messages(exc_info) == ["ligne 1 : le fichier est vide"]


# ------------------------------------------------------------------------------ existing data


@pytest.fixture
def existing(db):
    """A person and an organisation already on the platform, spelled differently from the file."""
    organisation = OrganisationFactory(
        name="Brasserie de l'Odet", website="", listed_in_directory=False, territory=None
    )
    person = UserFactory(
        email="Gwen.Morvan@Example.ORG", first_name="Gwenaëlle", last_name="Morvan"
    )
    return person, organisation


def test_existing_person_and_organisation_matched_ignoring_case(tmp_path, existing):
    person, organisation = existing
    consent_at = person.consent_at
    row = {**ROW, "email": "GWEN.MORVAN@example.org", "organisation": "BRASSERIE DE L'ODET"}

    report = import_contacts(source=write(tmp_path, csv_text([row])))

    assert (report.organisations_created, report.organisations_updated) == (0, 1)
    assert (report.people_created, report.people_updated) == (0, 1)
    assert User.objects.count() == 1
    assert Organisation.objects.count() == 1
    organisation.refresh_from_db()
    assert organisation.name == "Brasserie de l'Odet"  # the existing spelling stays
    assert organisation.website == "https://brasserie-odet.example.fr"
    assert organisation.listed_in_directory is True
    assert organisation.territory.slug == "quimper-bretagne-occidentale"
    person.refresh_from_db()
    assert person.first_name == "Gwen"
    assert person.organisation == organisation
    # The account stays as its owner made it: password, consent, verified address.
    assert person.has_usable_password()
    assert person.consent_at == consent_at
    assert list(EmailAddress.objects.values_list("user", "verified")) == [(person.pk, True)]


def test_empty_cells_keep_what_an_existing_person_has(tmp_path, existing):
    person, organisation = existing
    User.objects.filter(pk=person.pk).update(organisation=organisation, first_name="Gwen")
    row = {**ROW, "organisation": "", "categorie": "", "site_web": "", "annuaire": ""}

    report = import_contacts(source=write(tmp_path, csv_text([row])))

    assert (report.people_updated, report.people_unchanged) == (0, 1)
    person.refresh_from_db()
    assert person.organisation == organisation
    assert person.actor_category.slug == "entreprise"


def test_address_verified_on_another_account_is_refused(tmp_path, existing):
    """Twin of the case-insensitive match: the same file, the address now someone else's."""
    person, _organisation = existing
    User.objects.filter(pk=person.pk).update(email="autre@example.org")
    before = snapshot()

    with pytest.raises(ContactFileError) as exc_info:
        import_contacts(source=write(tmp_path, csv_text([ROW])))

    assert error_messages(exc_info) == [
        "ligne 2 : l'adresse « gwen.morvan@example.org » est déjà celle d'un autre compte"
    ]
    assert snapshot() == before


# ------------------------------------------------------------------------------ the command


@pytest.mark.django_db
def test_command_imports_and_prints_a_summary():
    out = io.StringIO()
    call_command("import_stakeholders", str(OK_FILE), stdout=out)

    output = out.getvalue()
    assert "Lignes lues : 6" in output
    assert "Organisations : 4 créée(s), 0 mise(s) à jour, 0 inchangée(s)" in output
    assert "Personnes : 5 créée(s), 0 mise(s) à jour, 0 inchangée(s)" in output
    assert "Import terminé." in output
    assert User.objects.count() == 5

    out = io.StringIO()
    call_command("import_stakeholders", str(OK_FILE), stdout=out)

    output = out.getvalue()
    assert "Organisations : 0 créée(s), 0 mise(s) à jour, 4 inchangée(s)" in output
    assert "Personnes : 0 créée(s), 0 mise(s) à jour, 5 inchangée(s)" in output
    assert "Import terminé : rien n'a changé." in output


@pytest.mark.django_db
def test_command_refuses_a_bad_file_with_every_error():
    out = io.StringIO()
    with pytest.raises(CommandError) as exc_info:
        call_command("import_stakeholders", str(BAD_FILE), stdout=out)

    message = str(exc_info.value)
    assert message.startswith("Fichier refusé, rien n'a été importé (8 erreur(s)) :")
    assert message.splitlines()[1:] == BAD_FILE_ERRORS
    assert out.getvalue() == ""
    assert_nothing_imported()


@pytest.mark.django_db
def test_command_dry_run_writes_nothing():
    out = io.StringIO()
    call_command("import_stakeholders", str(OK_FILE), "--dry-run", stdout=out)

    assert "Personnes : 5 créée(s), 0 mise(s) à jour, 0 inchangée(s)" in out.getvalue()
    assert "Simulation (--dry-run) : rien n'a été enregistré." in out.getvalue()
    assert_nothing_imported()


@pytest.mark.django_db
def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_stakeholders", str(tmp_path / "absent.csv"))


# ------------------------------------------------------------------------------ PostgreSQL


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("failure", ["bad-row", "error-while-writing", None])
def test_failed_import_leaves_postgresql_untouched(monkeypatch, failure):
    """No test transaction here: the importer's own transaction is the only safety net.

    `error-while-writing` fails after organisations and people were written (in bulk):
    their rows must be rolled back. `None` is the twin that commits.
    """
    OrganisationFactory(name="Mairie de Quimper", website="", listed_in_directory=False)
    UserFactory(email="anne.le-goff@example.org", first_name="Annie")
    before = snapshot()
    source = OK_FILE
    if failure == "bad-row":
        source = BAD_FILE
    elif failure == "error-while-writing":
        real_save = importer._save

        def failing_save(**kwargs):
            real_save(**kwargs)
            if kwargs["model"] is User:
                raise RuntimeError("panne simulée")

        monkeypatch.setattr(importer, "_save", failing_save)

    if failure is None:
        report = import_contacts(source=source)
        assert (report.organisations_created, report.organisations_updated) == (3, 1)
        assert (report.people_created, report.people_updated) == (4, 1)
        assert snapshot() != before
        return
    with pytest.raises((ContactFileError, RuntimeError)):
        import_contacts(source=source)
    assert snapshot() == before
