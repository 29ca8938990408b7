"""The contact import in bulk: queries do not grow with the file, names people typed on their
own profile are kept, and files that are not CSV text get a French error (no traceback)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.importer import ContactFileError, import_contacts
from apps.accounts.models import User
from apps.stakeholders.models import Organisation
from tests.accounts.factories import UserFactory
from tests.accounts.test_import_contacts import HEADER, ROW, csv_text, write

pytestmark = pytest.mark.django_db


def _rows(count: int, *, offset: int = 0, suffix: str = "") -> list[dict]:
    return [
        {
            **ROW,
            "email": f"personne.{n}@exemple.fr",
            "prenom": f"Prénom{n}{suffix}",
            "nom": f"Nom{n}{suffix}",
            "organisation": f"Organisation {n // 10}",
            "site_web": f"https://organisation-{n // 10}.exemple.fr",
        }
        for n in range(offset, offset + count)
    ]


def _queries(path) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_contacts(source=path)
    return len(queries)


@pytest.mark.postgres  # SQLite caps a statement's variables: its batches are smaller
def test_queries_grow_per_thousand_rows_not_per_row(tmp_path):
    small = _queries(write(tmp_path, csv_text(_rows(20)), name="small.csv"))
    large = _queries(write(tmp_path, csv_text(_rows(2000, offset=100)), name="large.csv"))
    # 100 times the rows: only one more INSERT per thousand people and email addresses.
    assert large <= small + 2
    assert User.objects.filter(email__startswith="personne.").count() == 2020
    assert Organisation.objects.filter(name__startswith="Organisation ").count() == 202
    # The rerun with every name changed updates in bulk too.
    renamed = write(tmp_path, csv_text(_rows(2000, offset=100, suffix="-bis")), name="r.csv")
    assert _queries(renamed) <= small + 2
    assert User.objects.filter(last_name__endswith="-bis").count() == 2000


def test_imported_people_can_claim_their_account(tmp_path):
    import_contacts(source=write(tmp_path, csv_text([ROW])))
    person = User.objects.get(email=ROW["email"])
    assert not person.has_usable_password()
    assert len(person.calendar_token) >= 40
    assert person.emailaddress_set.get().verified is False
    assert person.names_from_profile is False


def test_names_typed_on_the_profile_are_never_overwritten(tmp_path, client):
    person = UserFactory(email=ROW["email"], first_name="Gwenn", last_name="Morvan-Le Bris")
    client.force_login(person)
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Gwenn",
            "last_name": "Morvan-Le Bris",
            "actor_category": person.actor_category.pk,
            "territory": person.territory.pk,
            "organisation_name": "",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.names_from_profile is True

    report = import_contacts(source=write(tmp_path, csv_text([ROW])))

    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Gwenn", "Morvan-Le Bris")
    assert person.organisation.name == ROW["organisation"]  # the rest is still completed
    assert report.people_updated == 1


def test_names_of_an_imported_contact_are_updated(tmp_path):
    """The twin: a person who never typed their name gets the agency's spelling."""
    UserFactory(email=ROW["email"], first_name="Gwen", last_name="MORVAN", consent_at=None)
    User.objects.filter(email=ROW["email"]).update(names_from_profile=False)
    import_contacts(source=write(tmp_path, csv_text([ROW])))
    assert User.objects.get(email=ROW["email"]).last_name == "Morvan"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            csv_text([ROW]).replace("Gwen", "Gw\x00en").encode(),
            "ligne 2 : le fichier contient un caractère nul",
        ),
        (csv_text([ROW]).encode("utf-16-le"), "ligne 1 : le fichier contient un caractère nul"),
        (csv_text([ROW]).encode("utf-16"), "ligne 1 : le fichier n'est pas encodé en UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ligne 1 : le fichier n'est pas encodé en UTF-8"),
        (
            (";".join(HEADER) + "\n" + "x" * 200_000 + ";a;b;;;;;\n").encode(),
            "ligne 2 : ligne illisible",
        ),
    ],
    ids=["nul-byte", "utf-16-without-bom", "utf-16", "binary", "huge-cell"],
)
def test_files_that_are_not_csv_text_get_a_french_error(tmp_path, content, expected):
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    with pytest.raises(ContactFileError) as exc_info:
        import_contacts(source=path)
    assert exc_info.value.messages[0].startswith(expected)
    with pytest.raises(CommandError) as command_error:
        call_command("import_stakeholders", str(path))
    assert "rien n'a été importé" in str(command_error.value)
    assert not User.objects.filter(email=ROW["email"]).exists()


def test_a_nul_byte_in_an_open_text_file_is_refused_too():
    import io

    with pytest.raises(ContactFileError):
        import_contacts(source=io.StringIO(csv_text([ROW]).replace("Gwen", "\x00")))
