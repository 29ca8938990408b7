"""`make bench`: page timings and query counts over the demo data, at 1× and 10× scale.

Runs in a throwaway database: a temporary SQLite file, or — when DATABASE_URL points at
PostgreSQL — a `cornouaille_bench` database created (and dropped) on that server.
Prints the median and 90th percentile of N requests per page through Django's test client
(no network: what is measured is the application and the database).
"""

import io
import os
import statistics
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
SCALES = [int(n) for n in os.environ.get("BENCH_SCALES", "600,6000").split(",")]
PAGES = [
    ("accueil", "/", False),
    ("annuaire p.1", "/acteurs/", False),
    ("annuaire filtré p.2", "/acteurs/?categorie=entreprise&page=2", False),
    ("stratégie", "/strategie/", False),
    ("inscription", "/accounts/signup/", False),
    ("profil", "/profil/", True),
    ("COPIL", "/copil/", False),
    ("séance COPIL", "/copil/seances/copil-feuille-de-route-2027/", False),
    ("séance (équipe projet)", "/copil/seances/copil-feuille-de-route-2027/", "lead"),
    ("calendrier (mois)", "/calendrier/", False),
    ("calendrier (liste)", "/calendrier/?vue=liste", False),
    ("calendrier.ics", "/calendrier.ics", False),
    ("flux personnel .ics", None, "feed"),
    ("healthz", "/healthz", False),
]


def _prepare_database() -> callable:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        parts = urlsplit(url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS cornouaille_bench")
            conn.execute("CREATE DATABASE cornouaille_bench")
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/cornouaille_bench"))

        def cleanup():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS cornouaille_bench")

        return cleanup
    folder = tempfile.mkdtemp(prefix="cornouaille-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    return lambda: None


def _measure(client, path: str) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm-up (templates, caches)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    timings.sort()
    p90 = timings[min(len(timings) - 1, int(len(timings) * 0.9))]
    return statistics.median(timings), p90, len(queries)


def main() -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cornouaille.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.pop("CELERY_BROKER_URL", None)  # emails in-process: no worker needed here
    cleanup = _prepare_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from apps.accounts.models import User

    try:
        call_command("migrate", verbosity=0)
        print(f"Base de données : {connection.vendor}  —  {RUNS} requêtes par page\n")
        for participants in SCALES:
            start = time.perf_counter()
            call_command("seed_demo", participants=participants, force=True, stdout=io.StringIO())
            seed_s = time.perf_counter() - start
            people = User.objects.count()
            print(f"== {participants} participants ({people} comptes) — seed_demo : {seed_s:.2f} s")
            print(f"  {'page':<22}{'médiane':>10}{'p90':>10}{'requêtes SQL':>15}")
            anonymous = Client()
            member = Client()
            member.force_login(User.objects.get(email="acteur@demo.cornouaille.test"))
            lead = Client()
            lead.force_login(User.objects.get(email="chef.projet@demo.cornouaille.test"))
            official = User.objects.get(email="elu@demo.cornouaille.test")
            for label, path, who in PAGES:
                client = {True: member, "lead": lead}.get(who, anonymous)
                if who == "feed":
                    path = f"/calendrier/personnel/{official.calendar_token}.ics"
                median, p90, queries = _measure(client, path)
                print(f"  {label:<22}{median:>8.1f}ms{p90:>8.1f}ms{queries:>15}")
            print()
        from bench.surveys import run as surveys_bench  # results and matrix at 20,000 answers

        surveys_bench(lead)
    finally:
        cleanup()
    from bench.pdf import run as pdf_bench  # PDF render times and memory (bench/pdf.py)

    pdf_bench()
    return 0


if __name__ == "__main__":
    sys.exit(main())
