"""`python -m bench.import_contacts [ROWS]`: time the contact-list import on a generated file.

Generates ROWS people (50,000 by default) spread over ROWS/10 organisations, in a throwaway
PostgreSQL database (`BENCH_IMPORT_DB`, default cornouaille_bench_import, created and dropped
on the server of DATABASE_URL), then times: the first import (everything created), the same file
again (nothing changes, no write), and a file where every name differs while a tenth of the
people typed their own name on their profile (updates, those names kept).
"""

import csv
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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


def _write(path: Path, rows: int, *, suffix: str = "") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for n in range(rows):
            org = n // 10
            writer.writerow(
                [
                    f"personne.{n}@exemple.fr",
                    f"Prénom{n}{suffix}",
                    f"Nom{n}{suffix}",
                    f"Organisation {org}",
                    "entreprise",
                    "quimper-bretagne-occidentale" if org % 2 else "hors Cornouaille",
                    f"https://organisation-{org}.exemple.fr",
                    "oui" if org % 3 else "non",
                ]
            )


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("DATABASE_URL doit désigner un serveur PostgreSQL.")
        return 1
    import psycopg

    name = os.environ.get("BENCH_IMPORT_DB", "cornouaille_bench_import")
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cornouaille.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.importer import import_contacts
    from apps.accounts.models import User

    try:
        call_command("migrate", verbosity=0)
        folder = Path(tempfile.mkdtemp(prefix="import-bench-"))
        first, renamed = folder / "contacts.csv", folder / "contacts-renamed.csv"
        _write(first, rows)
        _write(renamed, rows, suffix="-bis")
        print(f"{rows} lignes ({first.stat().st_size // 1024} Kio), PostgreSQL\n")
        for label, path, before in (
            ("premier import (tout créé)", first, None),
            ("même fichier (rien ne change)", first, None),
            ("noms changés, 1/10 saisis sur le profil", renamed, "profile"),
        ):
            if before == "profile":
                User.objects.filter(pk__in=User.objects.order_by("pk")[: rows // 10]).update(
                    names_from_profile=True
                )
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                report = import_contacts(source=path)
                elapsed = time.perf_counter() - start
            print(f"{label:45} {elapsed:6.1f} s  {len(queries):5d} requêtes")
            print("    " + " · ".join(report.summary()[1:]))
        kept = User.objects.filter(names_from_profile=True, last_name__endswith="-bis").count()
        print(f"\nnoms saisis sur le profil remplacés par l'import : {kept}")
    finally:
        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
