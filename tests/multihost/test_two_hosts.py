"""Proof: the platform runs as two hosts. Two gunicorn web processes (A, B) and two Celery
workers, each with its OWN empty local media directory, share only PostgreSQL, Redis and the
S3 bucket — and it works:

- a project lead uploads a document through A; an elected official downloads it through B;
- minutes published through B are rendered by whichever worker takes the task; the PDF
  downloads through A;
- a registration burst spread over both web processes keeps the capacity exact;
- failed logins spread over both web processes add up (rate limits in the shared cache);
- the worker rendering a PDF dies (SIGKILL of its process group, as if its host went down):
  the other worker finishes the render;
- no process wrote a single file to its local media directory.

It also prints the sizing figures quoted in the README (requests per second per web process,
renders per minute per pdf worker), measured with bounded loopback loops.
"""

import os
import re
import statistics
import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.governance.models import Meeting, MeetingDocument, Participation
from apps.reports.models import Document
from tests.accounts.factories import UserFactory
from tests.governance.factories import TINY_PDF, MeetingFactory
from tests.governance.helpers import add_member, copil
from tests.multihost.harness import Browser, web_process, worker_process
from tests.s3 import object_names
from tests.workshops.factories import WorkshopFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.s3,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "motdepasse-Cornouaille-29"  # tests/factories.py
SEATS = 6
PEOPLE = 20


# ------------------------------------------------------------------------------- the one helper
def minutes_in_review(*, meeting, lead, body: str, decisions: list[str]) -> int:
    """Minutes written and submitted for review; returns their id. The only place this module
    calls the minutes services directly (the rest goes through HTTP, whose addresses are
    stable): writing long minutes through the edit form's formsets proves nothing here."""
    from apps.minutes import services as svc

    minutes = svc.minutes_start(meeting=meeting, by=lead)
    minutes = svc.minutes_save(
        minutes=minutes, by=lead, base_revision=minutes.revision,
        summary="Séance consacrée au bilan.", body=body, visibility="public",
        decisions=[svc.DecisionEntry(text=text) for text in decisions],
    )  # fmt: skip
    svc.minutes_submit(minutes=minutes, by=lead, notify=False)
    return minutes.pk


# ----------------------------------------------------------------------------------- fixtures
def _database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def hosts(s3_storage, tmp_path):
    """Web A and B, workers A and B; each with its own empty media directory."""
    import redis

    base_url = os.environ["CELERY_BROKER_URL"].rsplit("/", 1)[0]
    broker, cache = f"{base_url}/13", f"{base_url}/12"  # apart from the developer's worker
    for url in (broker, cache):
        redis.Redis.from_url(url).flushdb()
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "DJANGO_", "PYTEST", "CELERY_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.multihost.settings",
            # The test's key: sessions the test writes into PostgreSQL are valid on every host.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "concertation.test",
            "SITE_URL": "https://concertation.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker,
            "REDIS_URL": cache,
            "EMAIL_URL": f"filemail:///{outbox}",
            "DJANGO_CLIENT_IP_HEADER": "X-Real-IP",
            "DJANGO_LOG_LEVEL": "WARNING",
            # A dead host's render is taken over after this delay (production: hours).
            "CELERY_VISIBILITY_TIMEOUT": "15",
            "PYTHONUNBUFFERED": "1",
            **s3_storage.env,
        }
    )
    cwd = settings.BASE_DIR
    processes = {
        "web_a": web_process("web-a", base=tmp_path, env=env, cwd=cwd),
        "web_b": web_process("web-b", base=tmp_path, env=env, cwd=cwd),
        "worker_a": worker_process("worker-a", base=tmp_path, env=env, cwd=cwd),
        "worker_b": worker_process("worker-b", base=tmp_path, env=env, cwd=cwd),
    }
    try:
        for process in processes.values():
            process.start()
        probe = Browser()
        for name in ("web_a", "web_b"):
            web = processes[name]
            _wait(
                lambda web=web: web.alive() and _healthy(probe, web),
                timeout=90, what=f"{web.name} healthy", process=web,
            )  # fmt: skip
        for name in ("worker_a", "worker_b"):
            worker = processes[name]
            _wait(
                lambda worker=worker: "ready." in worker.log(),
                timeout=90, what=f"{worker.name} ready", process=worker,
            )  # fmt: skip
        yield type("Hosts", (), {**processes, "all": processes, "bucket": s3_storage})
    finally:
        for process in processes.values():
            process.stop()


def _healthy(browser, web) -> bool:
    try:
        return browser.get(web, "/healthz").status == 200
    except OSError:
        return False


def _wait(predicate, *, timeout, what, process=None, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and not process.alive() and process.popen is not None:
            pytest.fail(f"{process.name} exited:\n{process.log()[-3000:]}")
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    tail = f"\n{process.log()[-3000:]}" if process else ""
    pytest.fail(f"{what}: not within {timeout}s{tail}")


def _session_for(user) -> str:
    """A signed-in session written to PostgreSQL (the shared session store)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _held_meeting(lead, title: str) -> Meeting:
    start = (timezone.now() - timedelta(days=3)).replace(second=0, microsecond=0)
    return MeetingFactory(
        title=title, start=start, end=start + timedelta(hours=2),
        status=Meeting.Status.HELD, created_by=lead,
    )  # fmt: skip


def _publish(browser, via, minutes_id: int) -> Document:
    response = browser.post(via, reverse("minutes:publish", kwargs={"pk": minutes_id}))
    assert response.status == 302, response.text[:2000]
    return Document.objects.get(minutes_version__minutes_id=minutes_id)


def _ready(document_id: int) -> Document | None:
    return Document.objects.filter(pk=document_id, status=Document.Status.READY).first()


def _long_body(sections: int) -> str:
    paragraph = (
        "Les participants de Douarnenez, Concarneau et Pont-l'Abbé ont présenté les attentes "
        "des publics cibles : l'accueil des nouveaux arrivants, la visibilité des filières "
        "aliment, mer et tourisme, l'offre de services aux entreprises et la mobilité entre "
        "les sept intercommunalités. Chacune des pistes a été discutée, chiffrée et confiée à "
        "un groupe de travail qui en rendra compte à la prochaine séance du comité."
    )
    return "\n\n".join(
        f"## Point {n}\n\n{paragraph}\n\n{paragraph}\n\n- première piste\n- seconde piste"
        for n in range(1, sections + 1)
    )


# -------------------------------------------------------------------------------------- proof
def test_two_hosts_share_only_postgres_redis_and_the_bucket(hosts, capsys):
    web_a, web_b = hosts.web_a, hosts.web_b
    bucket = hosts.bucket
    lead = UserFactory(role="equipe-projet", email="chef.projet@example.org")
    elu = UserFactory(role="elu", email="elu@example.org")
    add_member(copil(), elu)

    lead_browser = Browser(client_ip="203.0.113.20")
    elu_browser = Browser(client_ip="203.0.113.30")
    lead_browser.login(web_a, lead.email, PASSWORD)
    elu_browser.login(web_b, elu.email, PASSWORD)

    # 1. Upload through A, download through B.
    session = MeetingFactory(title="COPIL de printemps", created_by=lead)
    add_path = reverse("copil:document_add", kwargs={"slug": session.slug})
    response = lead_browser.post_file(
        web_a, add_path,
        {"title": "Diaporama de séance", "visibility": "members"},
        {"file": ("diaporama.pdf", TINY_PDF, "application/pdf")},
    )  # fmt: skip
    assert response.status == 302, response.text[:2000]
    document = MeetingDocument.objects.get(meeting=session)
    assert document.file.name in object_names(bucket.client, bucket.bucket)
    download = elu_browser.get(web_b, reverse("governance:document", kwargs={"pk": document.pk}))
    assert download.status == 200
    assert download.body == TINY_PDF
    assert download.headers["cache-control"] == "private, no-store"
    # A stranger gets nothing, on either host.
    stranger = Browser(client_ip="203.0.113.40")
    stranger.cookies["sessionid"] = _session_for(UserFactory())
    for web in (web_a, web_b):
        refused = stranger.get(web, reverse("governance:document", kwargs={"pk": document.pk}))
        assert refused.status == 403

    # 2. Minutes published through B, rendered by a worker, PDF downloaded through A.
    held = _held_meeting(lead, "COPIL de clôture")
    minutes_id = minutes_in_review(
        meeting=held, lead=lead, body=_long_body(3),
        decisions=["Le bilan 2026 est approuvé.", "Le budget des ateliers est reconduit."],
    )  # fmt: skip
    pdf = _publish(lead_browser, web_b, minutes_id)
    pdf = _wait(lambda: _ready(pdf.pk), timeout=120, what="minutes PDF rendered")
    rendered_by = [w.name for w in _workers(hosts) if _renders(w, "succeeded")]
    assert len(rendered_by) == 1, rendered_by  # one render, by whichever worker took it
    got = elu_browser.get(web_a, reverse("reports:download", kwargs={"pk": pdf.pk}))
    assert got.status == 200 and got.body.startswith(b"%PDF-")
    assert len(got.body) == pdf.size
    assert pdf.file.name in object_names(bucket.client, bucket.bucket)

    # 3. A registration burst over both web processes: never more seats than capacity.
    workshop = WorkshopFactory(meeting__capacity=SEATS).meeting
    people = [UserFactory() for _ in range(PEOPLE)]
    browsers = []
    for index, person in enumerate(people):
        browser = Browser(client_ip=f"198.51.100.{index + 1}")
        browser.cookies["sessionid"] = _session_for(person)
        browsers.append(browser)
    register = reverse("governance:register", kwargs={"slug": workshop.slug})
    barrier = threading.Barrier(PEOPLE)
    statuses, errors = [], []

    def sign_up(index):
        try:
            barrier.wait(timeout=30)
            web = web_a if index % 2 == 0 else web_b
            statuses.append(browsers[index].post(web, register).status)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == [] and statuses == [302] * PEOPLE, (errors, statuses)
    counts = {
        status: Participation.objects.filter(meeting=workshop, status=status).count()
        for status in (Participation.Status.REGISTERED, Participation.Status.WAITLISTED)
    }
    assert counts == {
        Participation.Status.REGISTERED: SEATS,
        Participation.Status.WAITLISTED: PEOPLE - SEATS,
    }

    # 3b. The rate limits live in the shared cache (Redis): five failed logins spread over A
    # and B lock the account for both, even with the right password afterwards.
    target = UserFactory(email="cible@example.org")
    attacker = Browser(client_ip="192.0.2.66")
    for attempt in range(5):
        web = web_a if attempt % 2 == 0 else web_b
        attacker.get(web, "/accounts/login/")
        failed = attacker.post(web, "/accounts/login/", {"login": target.email, "password": "x"})
        assert failed.status == 200
    locked = attacker.post(web_b, "/accounts/login/", {"login": target.email, "password": PASSWORD})
    assert locked.status == 200
    assert "Trop de tentatives de connexion" in locked.text

    # 4. The worker rendering a PDF dies mid-render; the other one finishes it.
    long_meeting = _held_meeting(lead, "COPIL annuel (compte rendu long)")
    long_id = minutes_in_review(
        meeting=long_meeting, lead=lead, body=_long_body(160),
        decisions=[f"Décision n° {n} adoptée." for n in range(1, 41)],
    )  # fmt: skip
    marks = {w.name: _renders(w, "received") for w in _workers(hosts)}
    long_pdf = _publish(lead_browser, web_a, long_id)

    def rendering_worker():
        if not Document.objects.filter(pk=long_pdf.pk, status=Document.Status.RENDERING).exists():
            return None
        for worker in _workers(hosts):
            if _renders(worker, "received") > marks[worker.name]:
                return worker
        return None

    victim = _wait(rendering_worker, timeout=60, what="render started", interval=0.05)
    assert _ready(long_pdf.pk) is None, "the render finished before the kill: make it longer"
    victim.kill()
    killed_at = time.monotonic()
    survivor = next(w for w in _workers(hosts) if w is not victim)
    finished = _wait(lambda: _ready(long_pdf.pk), timeout=150, what="render taken over")
    with capsys.disabled():
        print(
            f"\n  {victim.name} killed mid-render; {survivor.name} finished the "
            f"{finished.page_count}-page PDF {time.monotonic() - killed_at:.0f} s later "
            f"(visibility timeout 15 s, render {finished.render_seconds:.1f} s)"
        )
    assert finished.attempts >= 2  # started on the dead worker, finished on the other
    assert _renders(survivor, "succeeded") >= 1
    got = elu_browser.get(web_b, reverse("reports:download", kwargs={"pk": long_pdf.pk}))
    assert got.status == 200 and got.body.startswith(b"%PDF-") and len(got.body) == finished.size

    # 5. Nothing on any host's local disk: every file went to the bucket.
    for process in hosts.all.values():
        assert process.local_files() == [], process.name


def _workers(hosts):
    return [hosts.worker_a, hosts.worker_b]


def _renders(worker, event: str) -> int:
    """How many render tasks the worker's log shows `received` or `succeeded`."""
    return len(re.findall(rf"reports\.render_document\[[^\]]+\] {event}", worker.log()))


# ------------------------------------------------------------------------------------- sizing
def test_sizing_figures(hosts, capsys):
    """Bounded loopback loops; prints the figures quoted in the README. Asserts only that
    every request succeeded (timings depend on the machine)."""
    lead = UserFactory(role="equipe-projet")
    WorkshopFactory.create_batch(12)

    # Requests per second per web process (2 gunicorn workers each), 4 clients, 5 s each.
    rates = {}
    for web in (hosts.web_a, hosts.web_b):
        for path in ("/", "/ateliers/"):
            done, failures = [], []
            stop_at = time.monotonic() + 5

            def hammer(web=web, path=path, done=done, failures=failures, stop_at=stop_at):
                browser = Browser(client_ip="192.0.2.1")
                while time.monotonic() < stop_at:
                    status = browser.get(web, path).status
                    (done if status == 200 else failures).append(status)

            started = time.monotonic()
            threads = [threading.Thread(target=hammer) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            elapsed = time.monotonic() - started
            assert failures == [] and done, (path, failures[:5])
            rates[(web.name, path)] = len(done) / elapsed

    # Renders per minute per pdf worker: one worker, six minutes PDFs published at once.
    hosts.worker_b.stop()
    browser = Browser(client_ip="192.0.2.2")
    browser.login(hosts.web_a, lead.email, PASSWORD)
    ids = [
        minutes_in_review(
            meeting=_held_meeting(lead, f"Séance n° {n}"),
            lead=lead,
            body=_long_body(20),
            decisions=["Le bilan est approuvé.", "Le budget est reconduit."],
        )  # fmt: skip
        for n in range(6)
    ]
    started = time.monotonic()
    documents = [_publish(browser, hosts.web_a, minutes_id) for minutes_id in ids]
    ready = _wait(
        lambda: all(_ready(d.pk) for d in documents) and [_ready(d.pk) for d in documents],
        timeout=240, what="six renders",
    )  # fmt: skip
    wall = time.monotonic() - started
    with capsys.disabled():
        print("\n  sizing (loopback, this machine):")
        for (name, path), rate in rates.items():
            print(f"    {name} {path:<11} {rate:6.1f} requests/s (2 gunicorn workers, 4 clients)")
        pages = statistics.mean(d.page_count for d in ready)
        seconds = statistics.mean(d.render_seconds for d in ready)
        print(
            f"    worker-a (concurrency 1): {len(ready) / wall * 60:5.1f} renders/min "
            f"({len(ready)} PDFs of {pages:.0f} pages, {seconds:.2f} s of WeasyPrint each)"
        )
