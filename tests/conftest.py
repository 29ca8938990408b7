"""Shared fixtures and the rules for tests that need real services.

Markers: `postgres` (PostgreSQL through DATABASE_URL), `redis` (a Redis broker through
CELERY_BROKER_URL) and `e2e` (Debian's Chromium at /usr/bin/chromium). Without the service a
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
    return None


def pytest_collection_modifyitems(config, items):
    in_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    for item in items:
        for marker in ("postgres", "redis", "e2e"):
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


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits live in the cache: each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def stakeholder(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def project_lead(db):
    from tests.factories import UserFactory

    return UserFactory(role="equipe-projet")
