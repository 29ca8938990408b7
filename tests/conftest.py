"""Shared fixtures and the rules for tests that need real services.

Markers: `postgres` (PostgreSQL through DATABASE_URL), `redis` (a Redis broker through
CELERY_BROKER_URL), `e2e` (Debian's Chromium at /usr/bin/chromium) and `s3` (an S3-compatible
HTTP server through S3_TEST_ENDPOINT_URL; the `s3_storage` fixture points the media storage at
a bucket of its own, the rest of the suite keeps the local MEDIA_ROOT). Without the service a
marked test is skipped with the reason; under CI (CI=true) a missing service is an error,
so nothing can silently be skipped there.
"""

import os
import shutil

import pytest
from django.core.cache import cache
from django.db import connection

CHROMIUM = "/usr/bin/chromium"


def _missing_service(marker: str) -> str | None:
    if marker == "postgres" and connection.vendor != "postgresql":
        return (
            "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/cornouaille "
            f"(the suite runs on {connection.vendor})"
        )
    if marker == "redis" and not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        return "needs Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/0"
    if marker == "e2e" and not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return "needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)"
    if marker == "s3" and not os.environ.get("S3_TEST_ENDPOINT_URL"):
        return (
            "needs an S3-compatible server: `.venv/bin/moto_server -H 127.0.0.1 -p 9199` and "
            "S3_TEST_ENDPOINT_URL=http://127.0.0.1:9199"
        )
    return None


def pytest_collection_modifyitems(config, items):
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    for item in items:
        for marker in ("postgres", "redis", "e2e", "s3"):
            if marker not in item.keywords:
                continue
            reason = _missing_service(marker)
            if reason is None:
                continue
            if in_ci:
                item.add_marker(pytest.mark.usefixtures("_fail_missing_service"))
                item.user_properties.append(("missing_service", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _fail_missing_service(request):
    reasons = [value for key, value in request.node.user_properties if key == "missing_service"]
    pytest.fail(f"CI must provide every service: {'; '.join(reasons)}")


INITIAL_DATA_MIGRATIONS = [
    "apps.stakeholders.migrations.0002_initial_territories_categories",
    "apps.strategy.migrations.0002_initial_objectives_filieres",
    "apps.strategy.migrations.0008_initial_target_publics",
    "apps.governance.migrations.0002_initial_bodies",
]


def ensure_initial_data() -> None:
    """Re-run the data migrations (idempotent): the seven EPCI, categories, objectives…"""
    import importlib

    from django.apps import apps

    for module in INITIAL_DATA_MIGRATIONS:
        importlib.import_module(module).create(apps, None)


@pytest.fixture(autouse=True)
def _initial_data_in_transactional_tests(request):
    """A transactional test starts after the previous one flushed every table.

    The flush re-emits post_migrate (content types, permissions, role groups) but not the data
    migrations: put those rows back so every test sees the database `migrate` leaves.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_initial_data()


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits live in the cache: each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def stakeholder(db):
    from tests.accounts.factories import UserFactory

    return UserFactory()


@pytest.fixture
def project_lead(db):
    from tests.accounts.factories import UserFactory

    return UserFactory(role="equipe-projet")


# ------------------------------------------------------------------------------ real Celery worker
def _isolated_broker_url() -> str:
    """The configured Redis broker, on database 15 so a developer's worker never steals a task."""
    base = os.environ["CELERY_BROKER_URL"].rsplit("/", 1)[0]
    return f"{base}/15"


def reset_celery_connections(app) -> None:
    """Forget pooled broker connections so the next send uses the current broker_url.

    (Not closed: kombu keeps producer pools in a global registry, a closed one would be reused.)
    """
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery worker` process, on Redis, with the production settings module.

    It shares the test database (PostgreSQL) and writes emails as files in `outbox_dir`.
    Yields a small object with `outbox_dir` and `log_path`.
    """
    import subprocess
    import sys
    import time
    from types import SimpleNamespace

    from django.conf import settings

    from cornouaille.celery import app

    outbox_dir = tmp_path_factory.mktemp("worker-outbox")
    log_path = tmp_path_factory.mktemp("worker-log") / "worker.log"
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        database_url = (
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        database_url = "sqlite:////tmp/cornouaille-worker-unused.sqlite3"
    broker = _isolated_broker_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cornouaille.settings.production",
        "DJANGO_SECRET_KEY": "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "SITE_URL": settings.SITE_URL,  # required in production; the same links as the tests
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "REDIS_URL": broker.rsplit("/", 1)[0] + "/14",
        "EMAIL_URL": f"filemail:///{outbox_dir}",  # django-environ drops one leading slash
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = open(log_path, "w")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cornouaille",
            "worker",
            "-Q",
            "default,pdf",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--purge",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    original = (app.conf.broker_url, app.conf.task_always_eager)
    original_env = os.environ.get("CELERY_BROKER_URL")
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    os.environ["CELERY_BROKER_URL"] = broker
    app.conf.broker_url = broker
    reset_celery_connections(app)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the Celery worker exited:\n{log_path.read_text()}")
            if "ready." in log_path.read_text():
                break
            time.sleep(0.3)
        else:
            pytest.fail(f"the Celery worker did not start:\n{log_path.read_text()}")
        yield SimpleNamespace(outbox_dir=outbox_dir, log_path=log_path, broker_url=broker)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        app.conf.broker_url, app.conf.task_always_eager = original
        reset_celery_connections(app)
        if original_env is not None:
            os.environ["CELERY_BROKER_URL"] = original_env


@pytest.fixture
def real_celery(celery_worker_process):
    """Tasks go to the real worker (not run in-process) for the duration of the test."""
    from cornouaille.celery import app

    app.conf.task_always_eager = False
    try:
        yield celery_worker_process
    finally:
        app.conf.task_always_eager = True


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2):
    """Poll `predicate` until it returns a truthy value; fail after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout}s")


# ------------------------------------------------------------------------- S3-compatible storage
@pytest.fixture
def s3_storage(settings):
    """The media storage on a fresh private bucket of the S3 server at S3_TEST_ENDPOINT_URL.

    Yields an object with `bucket`, `client` (boto3), `options` (the storage options) and
    `env` (the S3_* variables a subprocess needs for the same bucket). The bucket is emptied
    and removed afterwards.
    """
    import uuid
    from types import SimpleNamespace

    from cornouaille.settings.storage import s3_storage_options
    from tests.s3 import create_bucket, delete_bucket, s3_client, s3_env

    bucket = f"cornouaille-test-{uuid.uuid4().hex[:12]}"
    client = s3_client()
    create_bucket(client, bucket)
    env = s3_env(bucket)
    options = s3_storage_options(
        bucket=bucket,
        endpoint_url=env["S3_ENDPOINT_URL"],
        access_key=env["S3_ACCESS_KEY_ID"],
        secret_key=env["S3_SECRET_ACCESS_KEY"],
        region=env["S3_REGION"],
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    try:
        yield SimpleNamespace(bucket=bucket, client=client, options=options, env=env)
    finally:
        delete_bucket(client, bucket)
