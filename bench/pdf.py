"""`make bench`, PDF part: render time and peak memory of the project's PDFs.

Documents measured:
- a minutes PDF of about ten pages (a MinutesVersion written for the bench);
- the restitution report of the demo plenary « pleniere-restitution », over the demo data at
  600 participants and at 6,000 (seed_demo --participants 6000, then contributions, supports
  and attendance added to the plenary's workshops so 10× really has about ten times as many
  contributions and participants: the demo generates a fixed number per workshop).

Each document is rendered three ways, each in its own process (so the max RSS growth belongs to
that path alone), with a warm-up render first (fonts loaded):
- service: `document_render` on a fresh Document each run (data + template + fetcher +
  PDF/UA + storage), the path the worker takes;
- render_pdf: the same HTML through `apps.reports.pdf.render_pdf` (fetcher + PDF/UA);
- WeasyPrint: the same HTML through `weasyprint.HTML(string=html).write_pdf()` with the default
  fetcher — the floor. Its stylesheet link points at the same file on disk (`file://`), or the
  floor would render an unstyled, shorter document.
Printed: pages, median of RUNS renders, tracemalloc peak (one more traced render: Python
allocations only, WeasyPrint's C libraries are not traced) and the growth of ru_maxrss over the
timed renders; the overhead ratio is service / WeasyPrint and render_pdf / WeasyPrint.

Runs in its own throwaway database (SQLite file, or `cornouaille_bench_pdf` on the PostgreSQL
server of DATABASE_URL, dropped afterwards) and a temporary MEDIA_ROOT.
`python -m bench.pdf` runs this part alone; `make bench` runs it after the page timings.
"""

import io
import json
import logging
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

RUNS = int(os.environ.get("BENCH_PDF_RUNS", "5"))
SCALES = (600, 6000)
PLENARY = "pleniere-restitution"
BENCH_MEETING = "bench-copil-compte-rendu"
DB_NAME = "cornouaille_bench_pdf"
PATHS = ("service", "render_pdf", "weasyprint")
PATH_LABELS = {
    "service": "service (document_render)",
    "render_pdf": "render_pdf(html)",
    "weasyprint": "WeasyPrint direct",
}


# ----------------------------------------------------------------------------- environment
def _configure() -> None:
    """Standalone run: the same environment as bench/__main__.py."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cornouaille.settings.local")
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()


def _database_url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def _use_throwaway_database() -> callable:
    """Point the default connection at a fresh database; returns the cleanup."""
    from django.db import connection, connections

    settings_dict = connection.settings_dict
    original = settings_dict["NAME"]
    connections.close_all()
    if connection.vendor == "postgresql":
        import psycopg

        admin = {**settings_dict, "NAME": "postgres"}
        admin_url = _database_url(admin)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
            conn.execute(f"CREATE DATABASE {DB_NAME}")
        settings_dict["NAME"] = DB_NAME

        def cleanup():
            connections.close_all()
            settings_dict["NAME"] = original
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")

        return cleanup
    folder = tempfile.mkdtemp(prefix="cornouaille-bench-pdf-")
    settings_dict["NAME"] = f"{folder}/bench.sqlite3"

    def cleanup():
        connections.close_all()
        settings_dict["NAME"] = original
        shutil.rmtree(folder, ignore_errors=True)

    return cleanup


# ------------------------------------------------------------------------------------ data
def _seed(participants: int) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    options = {"participants": participants, "force": True, "stdout": io.StringIO()}
    try:  # the demo restitution report is not needed: the bench renders its own
        call_command("seed_demo", skip_report=True, **options)
    except TypeError:  # an older seed_demo without --skip-report
        call_command("seed_demo", **options)
    return time.perf_counter() - started


def _period_workshops():
    from apps.governance.models import Meeting
    from apps.reports.restitution import restitution_data

    plenary = Meeting.objects.get(slug=PLENARY)
    return plenary, restitution_data(meeting=plenary)


def _scale_up(*, baseline, factor: int) -> None:
    """Give the plenary's held workshops `factor` times the contributions (with supports) and
    the attendance they had in `baseline` (the data at the first scale)."""
    from apps.accounts.demo import demo_participants
    from apps.governance.models import Meeting, Participation
    from apps.strategy.models import Contribution, Objective, Support
    from apps.workshops.demo import SNIPPETS

    _plenary, data = _period_workshops()
    held = [w for w in data.workshops if w.status == Meeting.Status.HELD]
    if not held:
        return
    before = {w.pk: w.attended for w in baseline.workshops}
    rng = random.Random("bench-pdf")
    people = list(demo_participants().values_list("pk", flat=True))
    for workshop in held:
        wanted = before.get(workshop.pk, workshop.attended) * factor - workshop.attended
        if wanted <= 0:
            continue
        present = set(
            Participation.objects.filter(meeting_id=workshop.pk).values_list("user_id", flat=True)
        )
        candidates = [p for p in people if p not in present]
        meeting = Meeting.objects.get(pk=workshop.pk)
        Participation.objects.bulk_create(
            Participation(
                meeting=meeting,
                user_id=person,
                status=Participation.Status.REGISTERED,
                attended=True,
                queued_at=meeting.start - timedelta(days=10),
                checked_in_at=meeting.start,
            )
            for person in rng.sample(candidates, k=min(len(candidates), wanted))
        )
    missing = baseline.contribution_total * factor - data.contribution_total
    objectives = list(Objective.objects.all())
    through = Contribution.objectives.through
    for index, workshop in enumerate(held):
        count = missing // len(held) + (missing % len(held) if index == 0 else 0)
        attendees = list(
            Participation.objects.filter(meeting_id=workshop.pk, attended=True).values_list(
                "user_id", flat=True
            )
        )
        if count <= 0 or not attendees:
            continue
        rows = []
        for number in range(count):
            kind = rng.choice(list(SNIPPETS))
            rows.append(
                Contribution(
                    meeting_id=workshop.pk,
                    author_id=rng.choice(attendees),
                    type=kind,
                    text=f"{rng.choice(SNIPPETS[kind])} (contribution de charge n° {number + 1})",
                )
            )
        created = Contribution.objects.bulk_create(rows)
        through.objects.bulk_create(
            through(contribution_id=c.pk, objective_id=rng.choice(objectives).pk) for c in created
        )
        Support.objects.bulk_create(
            (
                Support(contribution_id=c.pk, user_id=user)
                for c in created
                for user in rng.sample(attendees, k=min(len(attendees), rng.randint(0, 8)))
            ),
            ignore_conflicts=True,
        )


MINUTES_SECTIONS = 11


def _minutes_body() -> str:
    """About ten pages of Markdown: sections, paragraphs, lists, a small table."""
    paragraph = (
        "Les participants échangent sur l'attractivité de la Cornouaille : l'accueil des "
        "nouveaux actifs, le logement des saisonniers, la visibilité des filières d'excellence "
        "(aliment, mer, tourisme) et l'image du territoire auprès des talents. Chaque EPCI "
        "présente ses initiatives, la Région et le Département rappellent leurs dispositifs, "
        "et les chambres consulaires proposent d'associer davantage les entreprises."
    )
    sections = []
    for number in range(1, MINUTES_SECTIONS + 1):
        sections.append(
            f"## {number}. Point {number} de l'ordre du jour — échanges et orientations\n\n"
            + "\n\n".join(f"{paragraph} (§ {number}.{p})" for p in range(1, 5))
            + "\n\n- Proposition retenue : lancer un groupe de travail dédié ;"
            "\n- point de vigilance : le calendrier des financements ;"
            "\n- prochaine étape : un point d'étape au prochain COPIL.\n\n"
            "| Indicateur | 2025 | 2026 |\n| --- | --- | --- |\n"
            f"| Participants | {100 + number} | {140 + number} |\n"
            f"| Contributions | {200 + number} | {260 + number} |\n"
        )
    return "\n\n".join(sections)


def _minutes_version():
    """A published minutes version written for the bench (~10 pages)."""
    from django.utils import timezone

    from apps.accounts.demo import demo_account_user, demo_participants
    from apps.governance.models import Body, Meeting
    from apps.minutes.models import Minutes, MinutesVersion

    lead = demo_account_user(role="equipe-projet")
    start = (timezone.now() - timedelta(days=20)).replace(minute=0, second=0, microsecond=0)
    meeting, _ = Meeting.objects.update_or_create(
        slug=BENCH_MEETING,
        defaults={
            "kind": Meeting.Kind.COPIL,
            "body": Body.objects.get(slug="copil"),
            "title": "COPIL de référence — évaluation à mi-parcours",
            "start": start,
            "end": start + timedelta(hours=3),
            "status": Meeting.Status.HELD,
            "place": "Salle du conseil, Quimper",
            "created_by": lead,
        },
    )
    minutes, _ = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"status": Minutes.Status.PUBLISHED, "created_by": lead}
    )
    people = [
        {"name": user.get_full_name(), "organisation": ""}
        for user in demo_participants().order_by("pk")[:36]
    ]
    content = {
        "meeting": {
            "title": meeting.title,
            "kind": meeting.get_kind_display(),
            "body": meeting.body.name,
            "start": meeting.start.isoformat(),
            "end": meeting.end.isoformat(),
            "place": meeting.place,
            "online": False,
        },
        "agenda": [
            {"title": f"Point {n} de l'ordre du jour", "presenter": "Équipe projet", "duration": 20}
            for n in range(1, MINUTES_SECTIONS + 1)
        ],
        "present": people[:30],
        "guests": ["Invitée de la Région", "Invité de la CCI"],
        "excused": people[30:],
        "represented": [],
        "decisions": [
            {
                "text": f"Décision n° {n} : le COPIL valide l'orientation proposée.",
                "agenda_item": f"Point {n} de l'ordre du jour",
                "actions": [],
            }
            for n in range(1, 9)
        ],  # fmt: skip
        "action_items": [
            {
                "what": f"Action n° {n} : préparer la note d'étape",
                "owner": "Équipe projet",
                "due_date": (timezone.localdate() + timedelta(days=30 + n)).isoformat(),
                "status": "À faire",
            }
            for n in range(1, 9)
        ],  # fmt: skip
    }
    number = (minutes.versions.order_by("-number").values_list("number", flat=True).first()) or 0
    return MinutesVersion.objects.create(
        minutes=minutes,
        number=number + 1,
        summary="Évaluation à mi-parcours de la démarche d'attractivité.",
        body=_minutes_body(),
        content=content,
        published_at=timezone.now(),
        published_by=lead,
    )


# -------------------------------------------------------------------- one measured process
def _fresh_document(case: dict):
    from uuid import uuid4

    from apps.reports.models import Document

    source = (
        {"minutes_version_id": case["pk"]}
        if case["kind"] == Document.Kind.MINUTES
        else {"meeting_id": case["pk"]}
    )
    return Document.objects.create(
        kind=case["kind"], version_key=f"bench:{uuid4().hex}", title="Bench PDF", **source
    )


def _floor_html(html: str) -> str:
    """The same HTML with /static/ links pointing at the files (WeasyPrint's default
    fetcher has no base URL to resolve them against)."""
    from django.contrib.staticfiles import finders

    def to_file(match):
        found = finders.find(match.group(2))
        return f'{match.group(1)}="{Path(found).as_uri()}"' if found else match.group(0)

    return re.sub(r'(href|src)="/static/([^"]+)"', to_file, html)


def _measure(case: dict) -> dict:
    from weasyprint import HTML

    from apps.reports.models import Document
    from apps.reports.pdf import render_pdf
    from apps.reports.services import _html_for, document_render

    sample = _fresh_document(case)
    html, _context = _html_for(sample)  # the HTML the service renders
    floor = _floor_html(html)
    path = case["path"]

    def once() -> tuple[float, int, int]:
        if path == "service":
            document = _fresh_document(case)
            started = time.perf_counter()
            document = document_render(document_id=document.pk)
            elapsed = time.perf_counter() - started
            return elapsed, document.page_count, document.size
        if path == "render_pdf":
            started = time.perf_counter()
            pdf, pages, _refused = render_pdf(html)
            return time.perf_counter() - started, pages, len(pdf)
        started = time.perf_counter()
        pdf = HTML(string=floor).write_pdf()
        return time.perf_counter() - started, 0, len(pdf)

    render_pdf('<html lang="fr"><link rel="stylesheet" href="/static/reports/pdf.css"><p>é</p>')
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = [once() for _ in range(case["runs"])]
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    once()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pages = results[-1][1]
    if path == "weasyprint":
        pages = len(HTML(string=floor).render().pages)
    Document.objects.filter(version_key__startswith="bench:").delete()
    return {
        "median": statistics.median(r[0] for r in results),
        "pages": pages,
        "size": results[-1][2],
        "tracemalloc_peak": peak,
        "maxrss_delta_kib": maxrss_after - maxrss_before,
        "maxrss_kib": maxrss_after,
    }


def _run_child(case: dict, env: dict) -> dict:
    # Through a shell that forks (not execs) the child: Linux carries a process's peak RSS
    # across exec, so a child forked straight from this large process would start with this
    # process's ru_maxrss and hide its own. `; exit $?` keeps the shell from exec'ing.
    command = [sys.executable, "-m", "bench.pdf", "--child", json.dumps(case)]
    completed = subprocess.run(  # noqa: S603 - our own module, arguments built here
        ["/bin/sh", "-c", '"$@"; exit $?', "sh", *command],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench.pdf child failed ({case}):\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------- reporting
def _mb(value: float) -> str:
    return f"{value / 1024 / 1024:.1f} Mo"


def _print_case(label: str, results: dict[str, dict]) -> None:
    print(f"  {label}")
    floor = results["weasyprint"]["median"]
    for path in PATHS:
        r = results[path]
        ratio = f"×{r['median'] / floor:.2f}" if path != "weasyprint" else "plancher"
        print(
            f"    {PATH_LABELS[path]:<28}{r['pages']:>6}{r['median']:>9.2f} s{ratio:>10}"
            f"{_mb(r['tracemalloc_peak']):>13}{_mb(r['maxrss_delta_kib'] * 1024):>11}"
            f"{_mb(r['maxrss_kib'] * 1024):>11}"
        )


def run() -> int:
    """Prepare the throwaway database, seed, measure, print, clean up."""
    import weasyprint
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from apps.accounts.models import User
    from apps.strategy.models import Contribution

    cleanup = _use_throwaway_database()
    media = tempfile.mkdtemp(prefix="cornouaille-bench-media-")
    # Seeding publishes minutes: their notices and task logs would drown the figures.
    logging.getLogger("celery").setLevel(logging.WARNING)
    quiet_mail = "django.core.mail.backends.locmem.EmailBackend"
    try:
        with override_settings(MEDIA_ROOT=media, EMAIL_BACKEND=quiet_mail):
            call_command("migrate", verbosity=0)
            env = {
                **os.environ,
                "DATABASE_URL": _database_url(connection.settings_dict),
                "DJANGO_MEDIA_ROOT": media,
                "DJANGO_SETTINGS_MODULE": os.environ.get(
                    "DJANGO_SETTINGS_MODULE", "cornouaille.settings.local"
                ),
                "DJANGO_LOG_LEVEL": "ERROR",
            }
            print(
                f"== PDF (WeasyPrint {weasyprint.__version__}) — base : {connection.vendor} — "
                f"médiane de {RUNS} rendus, chaque chemin dans son propre processus"
            )
            print(
                f"    {'chemin':<28}{'pages':>6}{'médiane':>11}{'surcoût':>10}"
                f"{'pic tracemalloc':>16}{'Δ maxrss':>11}{'maxrss':>11}"
            )
            baseline = None
            for participants in SCALES:
                seed_s = _seed(participants)
                if baseline is None:
                    version = _minutes_version()
                    results = {
                        path: _run_child(
                            {"kind": "minutes", "pk": version.pk, "path": path, "runs": RUNS},
                            env,
                        )
                        for path in PATHS
                    }
                    _print_case("compte rendu (~10 pages)", results)
                    _plenary, data = _period_workshops()
                    baseline = data
                else:
                    _scale_up(baseline=baseline, factor=participants // SCALES[0])
                plenary, data = _period_workshops()
                label = (
                    f"restitution {participants} part. "
                    f"({data.participation.total} prés., {data.contribution_total} contr.)"
                )
                results = {
                    path: _run_child(
                        {"kind": "restitution", "pk": plenary.pk, "path": path, "runs": RUNS},
                        env,
                    )
                    for path in PATHS
                }
                _print_case(label, results)
                print(
                    f"    (seed_demo {participants} : {seed_s:.1f} s ; en base : "
                    f"{User.objects.count()} comptes, {Contribution.objects.count()} contributions)"
                )
            print(
                "  surcoût = médiane du chemin / médiane de WeasyPrint direct ; pic tracemalloc = "
                "allocations Python d'un rendu ;\n  Δ maxrss = croissance du RSS maximal du "
                "processus pendant les rendus chronométrés (après un rendu de chauffe) ; maxrss = "
                "RSS maximal du processus."
            )
            print(f"  (MEDIA_ROOT temporaire : {settings.MEDIA_ROOT})\n")
    finally:
        cleanup()
        shutil.rmtree(media, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        os.environ.pop("CELERY_BROKER_URL", None)
        import django

        django.setup()
        print(json.dumps(_measure(json.loads(argv[1]))))
        return 0
    _configure()
    return run()


if __name__ == "__main__":
    sys.exit(main())
