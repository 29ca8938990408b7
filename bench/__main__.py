"""`make bench`: the pages over HTTP at 1× and 10× scale, against floors, on PostgreSQL.

- Builds two PostgreSQL databases on the server of DATABASE_URL (`cornouaille_bench_1x`,
  `cornouaille_bench_10x`, created and dropped here): `seed_demo --scale 1` and `--scale 10`
  (the time of each seed is printed).
- Serves each with gunicorn under production settings on loopback (free ports; the
  processes are always stopped), and measures every public page and the main signed-in
  pages over HTTP: median and p95 over RUNS requests, interleaved between pages and scales;
  the ratio to two floors measured in the same run and served by the same gunicorn: a static
  file (WhiteNoise) and a trivial Django view. The SQL query count of each page at each scale
  is read in-process (Django's test client, same settings and database).
- A registration burst over HTTP at 10×: BURST signed-in people, CONCURRENCY at a time, on a
  30-seat workshop → 30 confirmed, the others waiting, no error; p50/p95 against lone
  registrations in the same run.
- Then the PDF part (bench/pdf.py) unless BENCH_SKIP_PDF is set.

Prints where the machine was noisy (spread of the floors). Not a test; never in CI.
Environment: DATABASE_URL (PostgreSQL), REDIS_URL (sessions are in the database; the broker
only receives the confirmation emails, which no worker sends: a bench Redis database is
flushed at the end), BENCH_RUNS (default 30), BENCH_SCALES (default 1,10), BENCH_PAGES (a
comma-separated list of words: only the pages whose label holds one, plus the floors, e.g.
`BENCH_PAGES=observatoire`), BENCH_BURST (default 500; 0 skips the burst).
"""

import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
SCALES = [int(n) for n in os.environ.get("BENCH_SCALES", "1,10").split(",")]
BURST = int(os.environ.get("BENCH_BURST", "500"))
CONCURRENCY = 50
SEATS = 30
LONE = 30
SECRET_KEY = "bench-" + secrets.token_urlsafe(40)  # one for the run: sessions are signed

# (label, path or None for a computed one, who: None anonymous | "member" | "lead")
PAGES = [
    ("fichier statique (plancher)", "STATIC", None),
    ("vue triviale (plancher)", "/__bench__/trivial", None),
    ("accueil", "/", None),
    ("annuaire", "/acteurs/", None),
    ("stratégie", "/strategie/", None),
    ("objectif", "/strategie/objectifs/filieres-d-excellence/", None),
    ("actions prioritaires", "/strategie/actions/", None),
    ("groupes de travail", "/groupes-de-travail/", None),
    ("ateliers", "/ateliers/", None),
    ("plénières", "/plenieres/", None),
    ("COPIL", "/copil/", None),
    ("séance COPIL", "/copil/seances/copil-feuille-de-route-2027/", None),
    ("comptes rendus", "/comptes-rendus/", None),
    ("recherche CR", "/comptes-rendus/?q=alimentation", None),
    ("calendrier (mois)", "/calendrier/", None),
    ("calendrier (liste)", "/calendrier/?vue=liste", None),
    ("calendrier.ics", "/calendrier.ics", None),
    ("inscription", "/accounts/signup/", None),
    ("profil", "/profil/", "member"),
    ("séance (équipe projet)", "/copil/seances/copil-feuille-de-route-2027/", "lead"),
    ("observatoire", "/observatoire/", "lead"),
    ("observatoire (toute la démarche)", "/observatoire/?annee=tout", "lead"),
    ("flux personnel .ics", "FEED", "official"),
    ("API réunions", "/api/v1/reunions/", None),
    ("API actions", "/api/v1/actions/", None),
    ("API comptes rendus", "/api/v1/comptes-rendus/", None),
    ("API participation", "/api/v1/participation/", None),
    ("lettres (archives)", "/lettres/", None),
    ("données ouvertes", "/donnees-ouvertes/", None),
    ("recherche (site)", "/recherche/?q=atelier", None),
    ("participer", "/participer/", None),
    ("mon espace", "/mon-espace/", "member"),
    ("notifications", "/notifications/", "member"),
]
FLOORS = ("fichier statique (plancher)", "vue triviale (plancher)")
if os.environ.get("BENCH_PAGES"):
    _wanted = [word.strip() for word in os.environ["BENCH_PAGES"].split(",") if word.strip()]
    PAGES = [page for page in PAGES if page[0] in FLOORS or any(w in page[0] for w in _wanted)]


# ----------------------------------------------------------------------------- environment
def _env(database_url: str) -> dict:
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")
    bench_redis = urlunsplit(urlsplit(redis_url)._replace(path="/14"))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": bench_redis,
        "REDIS_URL": bench_redis,
        "EMAIL_URL": "consolemail://",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT),
    }


def _databases() -> tuple[str, dict[int, str]]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("make bench mesure sur PostgreSQL : définissez DATABASE_URL=postgres://…")
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    return admin, {
        scale: urlunsplit(parts._replace(path=f"/cornouaille_bench_{scale}x")) for scale in SCALES
    }


def _admin(admin_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _manage(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(env: dict) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
        [
            sys.executable, "-m", "gunicorn", "bench.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
            "--log-level", "warning", "--timeout", "120",
        ],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(200):  # bounded wait for the server
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            time.sleep(0.1)
    _stop(process)
    raise RuntimeError("gunicorn n'a pas démarré")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


# ---------------------------------------------------------------------------------- HTTP
def _request(port: int, path: str, *, cookies: str = "", method: str = "GET", body=b""):
    headers = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"}
    if cookies:
        headers["Cookie"] = cookies
    if method == "POST":
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://127.0.0.1:{port}/",
            "Origin": f"https://127.0.0.1:{port}",
        }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return response.status, elapsed, len(content)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --------------------------------------------------------------------------- in-process part
def _use(database_url: str) -> None:
    """Point this process's Django at one of the bench databases."""
    import environ
    from django.db import connections

    connections.close_all()
    parsed = environ.Env.db_url_config(database_url)
    connections["default"].settings_dict["NAME"] = parsed["NAME"]


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _prepare(scale: int) -> dict:
    """Sessions of the signed-in visitors, the personal feed, the static file, query counts."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User

    people = {
        "member": User.objects.get(email="acteur@demo.cornouaille.test"),
        "lead": User.objects.get(email="chef.projet@demo.cornouaille.test"),
        "official": User.objects.get(email="elu@demo.cornouaille.test"),
    }
    paths = {}
    for label, path, _who in PAGES:
        if path == "STATIC":
            path = staticfiles_storage.url("css/site.css")
        elif path == "FEED":
            path = f"/calendrier/personnel/{people['official'].calendar_token}.ics"
        paths[label] = path
    queries = {}
    for label, _path, who in PAGES:
        client = Client()
        if who:
            client.force_login(people[who])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(paths[label], secure=True)
        assert response.status_code == 200, (label, paths[label], response.status_code)
        queries[label] = len(captured) if not paths[label].startswith("/static/") else 0
    cookies = {who: _session_cookie(user) for who, user in people.items()}
    return {"paths": paths, "queries": queries, "cookies": cookies}


def _burst_setup(count: int) -> tuple[str, str, list[str]]:
    """Two upcoming public workshops (30 seats; lone registrations: room for all) and `count`
    signed-in participants."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.accounts.demo import demo_participants
    from apps.governance.models import Meeting

    start = (timezone.now() + timedelta(days=30)).replace(hour=14, minute=0, second=0)
    slugs = []
    for slug, capacity in (("bench-rafale", SEATS), ("bench-seul", LONE + 5)):
        Meeting.objects.filter(slug=slug).delete()
        Meeting.objects.create(
            slug=slug, kind=Meeting.Kind.WORKSHOP, title=f"Atelier {slug}", start=start,
            end=start + timedelta(hours=2), place="Quimper", capacity=capacity,
            status=Meeting.Status.SCHEDULED,
        )  # fmt: skip
        slugs.append(slug)
    people = list(demo_participants().order_by("pk")[: count + LONE])
    return slugs[0], slugs[1], [_session_cookie(p) for p in people]


def _burst(port: int, burst_slug: str, lone_slug: str, cookies: list[str]) -> dict:
    from apps.governance.models import Participation

    token = secrets.token_hex(16)  # an unmasked CSRF secret (32 characters)
    body = f"csrfmiddlewaretoken={token}".encode()

    def register(slug, cookie):
        return _request(
            port, f"/reunions/{slug}/inscription/", method="POST", body=body,
            cookies=f"{cookie}; csrftoken={token}",
        )  # fmt: skip

    lone = [register(lone_slug, cookie) for cookie in cookies[:LONE]]
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        crowd = list(pool.map(lambda c: register(burst_slug, c), cookies[LONE:]))
    statuses = Participation.objects.filter(meeting__slug=burst_slug)
    return {
        "lone": [ms for _status, ms, _size in lone],
        "crowd": [ms for _status, ms, _size in crowd],
        "errors": sum(status != 302 for status, _ms, _size in lone + crowd),
        "registered": statuses.filter(status=Participation.Status.REGISTERED).count(),
        "waiting": statuses.filter(status=Participation.Status.WAITLISTED).count(),
    }


# ------------------------------------------------------------------------------------ main
def main() -> int:
    admin_url, urls = _databases()
    servers: dict[int, tuple[subprocess.Popen, int]] = {}
    seeds: dict[int, float] = {}
    os.environ["BENCH_STATIC_ROOT"] = tempfile.mkdtemp(prefix="cornouaille-bench-static-")
    try:
        for scale, url in urls.items():
            name = urlsplit(url).path.lstrip("/")
            _admin(admin_url, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
            env = _env(url)
            _manage(env, "migrate", "--noinput")
            seeds[scale] = _manage(
                env, "seed_demo", "--scale", str(scale), "--force", "--skip-report"
            )
            print(f"seed_demo --scale {scale} : {seeds[scale]:.1f} s", flush=True)
        first_env = _env(urls[SCALES[0]])
        _manage(first_env, "collectstatic", "--noinput")

        os.environ.update(first_env)
        import django

        django.setup()
        prepared = {}
        for scale, url in urls.items():
            _use(url)
            prepared[scale] = _prepare(scale)
        for scale, url in urls.items():
            servers[scale] = _serve(_env(url))

        # Warm-up, then RUNS rounds: every page at every scale in each round.
        timings = {(label, s): [] for label, _p, _w in PAGES for s in SCALES}
        sizes = {}
        for round_ in range(RUNS + 2):
            for label, _path, who in PAGES:
                for scale in SCALES:
                    _process, port = servers[scale]
                    cookie = prepared[scale]["cookies"][who] if who else ""
                    path = prepared[scale]["paths"][label]
                    status, ms, size = _request(port, path, cookies=cookie)
                    if status != 200:
                        raise RuntimeError(f"{label} ({scale}×) : HTTP {status}")
                    if round_ >= 2:
                        timings[(label, scale)].append(ms)
                        sizes[(label, scale)] = size

        big = SCALES[-1]
        _use(urls[big])
        burst = None
        if BURST:
            burst_slug, lone_slug, cookies = _burst_setup(BURST)
            burst = _burst(servers[big][1], burst_slug, lone_slug, cookies)
    finally:
        for process, _port in servers.values():
            _stop(process)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet
            pass
        for url in urls.values():
            name = urlsplit(url).path.lstrip("/")
            _admin(admin_url, f"DROP DATABASE IF EXISTS {name}")
        try:
            import redis

            redis.Redis.from_url(_env(urls[SCALES[0]])["REDIS_URL"]).flushdb()
        except Exception:  # noqa: BLE001, S110 - no Redis: nothing queued there
            pass

    _print(timings, sizes, prepared, seeds, burst)
    if not os.environ.get("BENCH_SKIP_PDF"):
        from bench.pdf import run as pdf_bench

        pdf_bench()
    return 0


def _print(timings, sizes, prepared, seeds, burst) -> None:
    small, big = SCALES[0], SCALES[-1]
    floor = statistics.median(timings[("fichier statique (plancher)", big)])
    print(
        f"\nPostgreSQL, gunicorn (2 workers × 4 threads), réglages de production — "
        f"{RUNS} requêtes par page et par échelle, entrelacées"
    )
    print("seed_demo : " + ", ".join(f"--scale {s} {t:.1f} s" for s, t in seeds.items()))
    header = (
        f"{'page':<28}{f'{small}× méd':>10}{f'{big}× méd':>10}{f'{big}× p95':>10}"
        f"{f'{big}×/{small}×':>8}{'×plancher':>10}{'requêtes':>10}{'Ko':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, _path, _who in PAGES:
        a = statistics.median(timings[(label, small)])
        b = statistics.median(timings[(label, big)])
        qa, qb = prepared[small]["queries"][label], prepared[big]["queries"][label]
        print(
            f"{label:<28}{a:>8.1f}ms{b:>8.1f}ms{_p95(timings[(label, big)]):>8.1f}ms"
            f"{b / a:>8.2f}{b / floor:>10.1f}{f'{qa}/{qb}':>10}{sizes[(label, big)] / 1024:>7.0f}"
        )
    for label in FLOORS:
        for scale in SCALES:
            values = timings[(label, scale)]
            print(
                f"bruit — {label} {scale}× : médiane {statistics.median(values):.1f} ms, "
                f"p95 {_p95(values):.1f} ms, min {min(values):.1f}, max {max(values):.1f}"
            )
    if burst is None:
        return
    print(
        f"\nRafale d'inscriptions ({big}×) : {len(burst['crowd'])} personnes connectées, "
        f"{CONCURRENCY} à la fois, atelier de {SEATS} places → {burst['registered']} confirmées, "
        f"{burst['waiting']} en attente, {burst['errors']} erreurs"
    )
    print(
        f"  inscription seule : p50 {statistics.median(burst['lone']):.0f} ms, "
        f"p95 {_p95(burst['lone']):.0f} ms ; dans la rafale : p50 "
        f"{statistics.median(burst['crowd']):.0f} ms, p95 {_p95(burst['crowd']):.0f} ms"
    )


if __name__ == "__main__":
    sys.exit(main())
