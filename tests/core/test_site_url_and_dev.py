"""SITE_URL follows the served address in development and is required in production; `make run`
serves the French error pages; no broker means no kombu warning."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from apps.core.checks import check_site_url
from cornouaille.settings.served_url import DEFAULT, served_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "port", "expected"),
    [
        (["manage.py", "runserver", "127.0.0.1:8001"], None, "http://127.0.0.1:8001"),
        (["manage.py", "runserver", "8002"], None, "http://127.0.0.1:8002"),
        (["manage.py", "runserver", "0.0.0.0:8003", "--noreload"], None, "http://127.0.0.1:8003"),
        (["manage.py", "runserver", "--noreload", "localhost:8004"], None, "http://localhost:8004"),
        (["manage.py", "runserver"], None, DEFAULT),
        (["manage.py", "seed_demo"], "8005", "http://127.0.0.1:8005"),
        (["manage.py", "seed_demo"], "not-a-port", DEFAULT),
        (["manage.py", "seed_demo"], None, DEFAULT),
    ],
)
def test_served_url(argv, port, expected):
    assert served_url(argv, port=port) == expected


def _settings(module: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_"))}
    environment.pop("CELERY_BROKER_URL", None)
    environment.pop("PORT", None)
    environment.update(DJANGO_SETTINGS_MODULE=module, **env)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SITE_URL, settings.CSRF_TRUSTED_ORIGINS[0], settings.CELERY_BROKER_URL)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_settings_follow_the_port():
    done = _settings("cornouaille.settings.local", PORT="8011")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:2] == ["http://127.0.0.1:8011", "http://127.0.0.1:8011"]
    # No broker: the in-memory transport, with a host, so kombu has nothing to warn about.
    assert done.stdout.split()[2] == "memory://localhost/"


def test_an_explicit_site_url_wins_in_development():
    done = _settings(
        "cornouaille.settings.local", PORT="8011", SITE_URL="https://demo.example.org/"
    )
    assert done.stdout.split()[0] == "https://demo.example.org"


PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "concertation.example.org",
    "DATABASE_URL": "postgres://u:p@db:5432/c",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "REDIS_URL": "redis://redis:6379/1",
    "EMAIL_URL": "smtp://mail.example.org:587",
}


def test_production_requires_site_url():
    done = _settings("cornouaille.settings.production", **PRODUCTION)
    assert done.returncode != 0
    assert "Set the SITE_URL environment variable" in done.stderr
    done = _settings(
        "cornouaille.settings.production", SITE_URL="https://concertation.example.org", **PRODUCTION
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "https://concertation.example.org"


@pytest.mark.parametrize(
    ("site_url", "error"),
    [
        ("https://concertation.example.org", None),
        ("http://concertation.example.org", "cornouaille.E001"),
        ("http://127.0.0.1:8000", "cornouaille.E001"),
        ("https://ailleurs.example.org", "cornouaille.E002"),
    ],
)
def test_the_deployment_check(settings, site_url, error):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = ["concertation.example.org"]
    assert [e.id for e in check_site_url()] == ([error] if error else [])


def test_eager_tasks_without_a_broker_do_not_warn():
    environment = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    environment["DJANGO_SETTINGS_MODULE"] = "cornouaille.settings.local"
    code = (
        "import django; django.setup()\n"
        "from cornouaille.celery import app\n"
        "@app.task(name='probe')\n"
        "def probe():\n    return 42\n"
        "print(probe.apply_async().get())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "42"
    assert "No hostname was supplied" not in done.stderr


def test_make_run_serves_with_debug_off_unless_asked():
    makefile = (ROOT / "Makefile").read_text()
    assert "DEBUG ?= 0" in makefile
    assert "DJANGO_DEBUG=$(if $(filter 1 true True yes,$(DEBUG)),True,False)" in makefile
