"""The site stays up without Redis: a real Redis process is started, used, then stopped.

No mocks: the cache points at a throw-away `redis-server` on a free port; once the process is
gone, sign-up and sign-in still work (rate limits fail open, with a logged warning) and
`/healthz` reports the broker down.
"""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from apps.accounts.models import User
from apps.stakeholders.models import ActorCategory, Territory
from cornouaille import cache as fail_open
from cornouaille.cache import redis_cache
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

PASSWORD = "Kerné-Iroise-2026!"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowAwayRedis:
    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        client.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_process():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed for this test (apt-get install redis-server)")
    server = ThrowAwayRedis()
    fail_open.FailOpenRedisCache._last_warning = 0.0
    try:
        with override_settings(CACHES={"default": redis_cache(server.url)}):
            yield server
    finally:
        server.stop()


@pytest.fixture
def signup_data():
    return {
        "email": "gwen.morvan@example.org",
        "first_name": "Gwen",
        "last_name": "Morvan",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "",
        "actor_category": ActorCategory.objects.get(slug="entreprise").pk,
        "territory": Territory.objects.get(slug="douarnenez-communaute").pk,
        "consent": "on",
    }


def test_the_cache_really_uses_the_throw_away_redis(redis_process):
    cache.set("probe", "kenavo", 30)
    assert redis.Redis.from_url(redis_process.url).exists(":1:probe") == 1
    assert cache.get("probe") == "kenavo"


def test_sign_up_works_with_redis_down(client, redis_process, signup_data, caplog):
    redis_process.stop()
    with caplog.at_level(logging.WARNING, logger="cornouaille.cache"):
        response = client.post(reverse("account_signup"), signup_data)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="gwen.morvan@example.org").exists()
    assert any("Redis indisponible" in r.getMessage() for r in caplog.records)


def test_sign_in_works_with_redis_down(client, redis_process, caplog):
    user = UserFactory(email="elu.kemper@example.org", password=PASSWORD)
    redis_process.stop()
    with caplog.at_level(logging.WARNING, logger="cornouaille.cache"):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
    assert response.status_code == 302
    assert response.url == reverse("my_space")
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert any(r.levelno == logging.WARNING for r in caplog.records)


def test_a_wrong_password_with_redis_down_is_an_ordinary_form_error(client, redis_process):
    user = UserFactory(email="elu.kemper@example.org", password=PASSWORD)
    redis_process.stop()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "non"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_reading_works_with_redis_down(client, redis_process):
    redis_process.stop()
    assert client.get(reverse("home")).status_code == 200


def test_cached_aggregates_with_redis_down(client, redis_process):
    """A save that bumps the generations of cached aggregates (observatory, API figures,
    strategy counts) goes through, and the observatory computes its figures live."""
    from apps.governance.models import Participation
    from tests.observatory.helpers import attend, dataset

    data = dataset()
    client.force_login(UserFactory(role="equipe-projet"))
    year = {"annee": data.year}
    assert 'id="chiffre-participants">3<' in client.get("/observatoire/", year).content.decode()
    redis_process.stop()
    attend(data.m2, UserFactory(territory=data.haut))
    Participation.objects.filter(meeting=data.m2, user=data.dan).delete()
    page = client.get("/observatoire/", year)
    assert page.status_code == 200
    assert 'id="chiffre-participants">4<' in page.content.decode()


def test_healthz_reports_the_broker_down(client, redis_process, settings, monkeypatch):
    from cornouaille.celery import app
    from tests.conftest import reset_celery_connections

    redis_process.stop()
    settings.CELERY_BROKER_URL = redis_process.url
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", redis_process.url)
    original = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = redis_process.url, False
    reset_celery_connections(app)
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url, app.conf.task_always_eager = original
        reset_celery_connections(app)
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_sign_up_works_with_the_whole_redis_down(client, redis_process, signup_data, monkeypatch):
    """Cache AND broker on the stopped Redis, the commit really happens (transactional test)."""
    from cornouaille.celery import app
    from tests.conftest import reset_celery_connections

    redis_process.stop()
    monkeypatch.setenv("CELERY_BROKER_URL", redis_process.url)
    original = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = redis_process.url, False
    reset_celery_connections(app)
    try:
        client.raise_request_exception = False
        response = client.post(reverse("account_signup"), signup_data)
    finally:
        app.conf.broker_url, app.conf.task_always_eager = original
        reset_celery_connections(app)
    assert User.objects.filter(email="gwen.morvan@example.org").exists()
    assert response.status_code == 302
    # The confirmation email waits in the outbox for the broker to come back.
    from apps.core.models import OutboxMessage

    assert OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, key__contains="gwen.morvan@example.org"
    ).exists()
