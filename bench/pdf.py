"""`make bench`, PDF part: render time and peak memory of the project's PDFs.

Documents measured:
- a minutes PDF of about ten pages (a MinutesVersion written for the bench);
- the restitution report of the demo plenary « pleniere-restitution », over the demo data at
  `seed_demo --scale 1` and `--scale 10` (at 10× the plenary's period holds several times the
  workshops, attendance and contributions: the figures are printed beside the timings).

Each document is rendered three ways:
- service: `document_render` on a fresh Document each run (data + template + fetcher +
  PDF/UA + storage), the path the worker takes;
- render_pdf: the same HTML through `apps.reports.pdf.render_pdf` (fetcher + PDF/UA);
- WeasyPrint: the same HTML through `weasyprint.HTML(string=html).write_pdf()` with the default
  fetcher — the floor. Its stylesheet link points at the same file on disk (`file://`), or the
  floor would render an unstyled, shorter document.
Time: the three paths INTERLEAVED in one process (after a warm-up render of each: fonts loaded),
RUNS rounds, the order rotated each round; printed: the median of each path and the median of
the per-round ratios path / WeasyPrint (paired, so a noisy moment weighs on both sides).
Memory: each path in its own process (so the max RSS growth belongs to that path alone): the
growth of ru_maxrss over one render after the warm-up, and the tracemalloc peak of one more
traced render (Python allocations only, WeasyPrint's C libraries are not traced).

Runs in its own throwaway database (SQLite file, or `cornouaille_bench_pdf` on the PostgreSQL
server of DATABASE_URL, dropped afterwards) and a temporary MEDIA_ROOT.
`python -m bench.pdf` runs this part alone; `make bench` runs it after the page timings.
"""

import io
import json
import logging
import os
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
SCALES = (1, 10)
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
def _seed(scale: int) -> float:
    """seed_demo --scale N (the demo restitution report is not needed: the bench renders
    its own)."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("seed_demo", scale=scale, force=True, skip_report=True, stdout=io.StringIO())
    return time.perf_counter() - started


def _period_workshops():
    from apps.governance.models import Meeting
    from apps.reports.restitution import restitution_data

    plenary = Meeting.objects.get(slug=PLENARY)
    return plenary, restitution_data(meeting=plenary)


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


def _renderers(case: dict) -> dict:
    """One function per path, each rendering the case's document once and returning
    (seconds, pages, bytes); a warm-up render of each path first."""
    from weasyprint import HTML

    from apps.reports.pdf import render_pdf
    from apps.reports.services import _html_for, document_render

    sample = _fresh_document(case)
    html, _context = _html_for(sample)  # the HTML the service renders
    floor = _floor_html(html)

    def service():
        document = _fresh_document(case)
        started = time.perf_counter()
        document = document_render(document_id=document.pk)
        return time.perf_counter() - started, document.page_count, document.size

    def through_render_pdf():
        started = time.perf_counter()
        pdf, pages, _refused = render_pdf(html)
        return time.perf_counter() - started, pages, len(pdf)

    def weasyprint():
        started = time.perf_counter()
        pdf = HTML(string=floor).write_pdf()
        return time.perf_counter() - started, len(HTML(string=floor).render().pages), len(pdf)

    return {"service": service, "render_pdf": through_render_pdf, "weasyprint": weasyprint}


def _measure_time(case: dict) -> dict:
    """The three paths interleaved in this process: RUNS rounds, the order rotated."""
    from apps.reports.models import Document

    renderers = _renderers(case)
    for render in renderers.values():  # warm-up: fonts, caches, imports
        render()
    times = {path: [] for path in PATHS}
    pages = {}
    for round_ in range(case["runs"]):
        order = PATHS[round_ % len(PATHS) :] + PATHS[: round_ % len(PATHS)]
        for path in order:
            elapsed, page_count, _size = renderers[path]()
            times[path].append(elapsed)
            pages[path] = page_count
    Document.objects.filter(version_key__startswith="bench:").delete()
    return {
        path: {
            "median": statistics.median(times[path]),
            "spread": max(times[path]) - min(times[path]),
            "ratio": statistics.median(
                t / floor for t, floor in zip(times[path], times["weasyprint"], strict=True)
            ),
            "pages": pages[path],
        }
        for path in PATHS
    }


def _measure_memory(case: dict) -> dict:
    """One path in this process: max RSS growth over a render after the warm-up, and the
    tracemalloc peak of one more render."""
    from apps.reports.models import Document

    render = _renderers(case)[case["path"]]
    render()
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    render()
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    render()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    Document.objects.filter(version_key__startswith="bench:").delete()
    return {
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


def _print_case(label: str, kind: str, pk: int, env: dict) -> None:
    timing = _run_child({"kind": kind, "pk": pk, "runs": RUNS, "mode": "time"}, env)
    memory = {
        path: _run_child({"kind": kind, "pk": pk, "path": path, "mode": "memory"}, env)
        for path in PATHS
    }
    print(f"  {label}")
    for path in PATHS:
        t, m = timing[path], memory[path]
        ratio = f"×{t['ratio']:.2f}" if path != "weasyprint" else "plancher"
        print(
            f"    {PATH_LABELS[path]:<28}{t['pages']:>6}{t['median']:>9.2f} s{t['spread']:>9.2f} s"
            f"{ratio:>10}{_mb(m['tracemalloc_peak']):>13}{_mb(m['maxrss_delta_kib'] * 1024):>11}"
            f"{_mb(m['maxrss_kib'] * 1024):>11}"
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

    cleanups = []
    media = tempfile.mkdtemp(prefix="cornouaille-bench-media-")
    # Seeding publishes minutes: their notices and task logs would drown the figures.
    logging.getLogger("celery").setLevel(logging.WARNING)
    quiet_mail = "django.core.mail.backends.locmem.EmailBackend"
    try:
        with override_settings(MEDIA_ROOT=media, EMAIL_BACKEND=quiet_mail):
            print(
                f"== PDF (WeasyPrint {weasyprint.__version__}) — base : {connection.vendor} — "
                f"{RUNS} rendus par chemin, les trois chemins entrelacés dans un processus"
            )
            print(
                f"    {'chemin':<28}{'pages':>6}{'médiane':>11}{'écart':>11}{'surcoût':>10}"
                f"{'pic tracemalloc':>16}{'Δ maxrss':>11}{'maxrss':>11}"
            )
            for scale in SCALES:
                cleanups.append(_use_throwaway_database())  # a new, empty database
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
                seed_s = _seed(scale)
                if scale == SCALES[0]:
                    version = _minutes_version()
                    _print_case("compte rendu (~10 pages)", "minutes", version.pk, env)
                plenary, data = _period_workshops()
                label = (
                    f"restitution --scale {scale} ({len(data.workshops)} ateliers, "
                    f"{data.participation.total} présences, {data.contribution_total} contr.)"
                )
                _print_case(label, "restitution", plenary.pk, env)
                print(
                    f"    (seed_demo --scale {scale} : {seed_s:.1f} s ; en base : "
                    f"{User.objects.count()} comptes, {Contribution.objects.count()} contributions)"
                )
            print(
                "  surcoût = médiane des rapports chemin / WeasyPrint direct, au même tour ; "
                "écart = plus lent − plus rapide ;\n  pic tracemalloc = allocations Python d'un "
                "rendu ; Δ maxrss = croissance du RSS maximal pendant un rendu après celui de "
                "chauffe (chaque chemin\n  dans son propre processus) ; maxrss = RSS maximal du "
                "processus."
            )
            print(f"  (MEDIA_ROOT temporaire : {settings.MEDIA_ROOT})\n")
    finally:
        for cleanup in reversed(cleanups):
            cleanup()
        shutil.rmtree(media, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        os.environ.pop("CELERY_BROKER_URL", None)
        import django

        django.setup()
        case = json.loads(argv[1])
        measure = _measure_time if case["mode"] == "time" else _measure_memory
        print(json.dumps(measure(case)))
        return 0
    _configure()
    return run()


if __name__ == "__main__":
    sys.exit(main())
