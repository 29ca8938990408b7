"""Survey results and the offer / expectations matrix at 2,000 and 20,000 responses.

Called by `make bench` after the page timings (same throwaway database, demo data loaded);
`python -m bench.surveys` runs it alone against DATABASE_URL (it adds a bench survey there).
Every figure is aggregated in the database: the query counts must not move with the size.
"""

import random
import time

SIZES = [2000, 20000]
RUNS = 5


def _time(client, path: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    timings.sort()
    return timings[len(timings) // 2], len(queries)


def run(lead_client) -> None:
    from django.utils import timezone

    from apps.surveys.demo import build_questionnaire, generate_responses
    from apps.surveys.models import Response, Survey

    survey, created = Survey.objects.get_or_create(
        slug="bench-enquete",
        defaults={
            "title": "Enquête de mesure",
            "privacy_notice": "Mesure.",
            "status": Survey.Status.PUBLISHED,
            "opens_at": timezone.now() - timezone.timedelta(days=1),
        },
    )
    if created:
        build_questionnaire(survey)
    rng = random.Random(7)
    print("== Enquêtes et matrice (réponses agrégées dans la base)")
    print(f"  {'page':<34}{'réponses':>10}{'médiane':>10}{'requêtes SQL':>15}")
    pages = [
        ("résultats", f"/enquetes/{survey.slug}/resultats/"),
        ("résultats filtrés", f"/enquetes/{survey.slug}/resultats/?public=habitants&age=25_39"),
        ("matrice offre / attentes", "/strategie/offre-et-attentes/"),
        ("case de la matrice", "/strategie/offre-et-attentes/actifs-et-talents/mer/"),
        ("offre de services", "/strategie/offre/"),
        ("questionnaire (lien public)", f"/enquetes/{survey.slug}/"),
        ("export CSV", f"/enquetes/{survey.slug}/resultats/export.csv"),
    ]
    for size in SIZES:
        missing = size - Response.objects.filter(survey=survey).count()
        if missing > 0:
            start = time.perf_counter()
            for offset in range(0, missing, 5000):
                generate_responses(survey=survey, count=min(5000, missing - offset), rng=rng)
            print(f"  ({missing} réponses générées en {time.perf_counter() - start:.1f} s)")
        for label, path in pages:
            median, queries = _time(lead_client, path)
            print(f"  {label:<34}{size:>10}{median:>8.1f}ms{queries:>15}")
    print()


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cornouaille.settings.local")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    django.setup()
    from django.test import Client

    from apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="chef.projet@demo.cornouaille.test"))
    run(client)
