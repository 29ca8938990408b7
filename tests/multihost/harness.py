"""Processes of the multi-host test: gunicorn web processes and Celery workers, each with its
own empty media directory (as if on its own host), and a small HTTP client that talks to them
the way the reverse proxy would (Host, X-Forwarded-Proto: https, X-Real-IP).

Everything listens on 127.0.0.1; every wait is bounded; every process is started in its own
process group and killed at the end, whatever happens.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

SITE_HOST = "concertation.test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Process:
    name: str
    args: list[str]
    env: dict[str, str]
    cwd: Path
    log_path: Path
    media_root: Path
    port: int | None = None
    popen: subprocess.Popen | None = None

    def start(self) -> Process:
        self.media_root.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            self.args,
            cwd=self.cwd,
            env={**self.env, "DJANGO_MEDIA_ROOT": str(self.media_root)},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the host and its children die together
        )
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """The host dies: SIGKILL to the whole process group (no warm shutdown, no ack)."""
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM to the group, then SIGKILL to whatever is left (prefork children too)."""
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)
        self._log.close()

    def local_files(self) -> list[str]:
        return [str(p) for p in self.media_root.rglob("*") if p.is_file()]


def web_process(name: str, *, base: Path, env: dict, cwd: Path, workers: int = 2) -> Process:
    port = free_port()
    args = [
        sys.executable, "-m", "gunicorn", "cornouaille.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--timeout", "60", "--graceful-timeout", "5", "--error-logfile", "-",
    ]  # fmt: skip
    return Process(
        name=name, args=args, env=env, cwd=cwd, port=port,
        log_path=base / f"{name}.log", media_root=base / name / "media",
    )  # fmt: skip


def worker_process(name: str, *, base: Path, env: dict, cwd: Path) -> Process:
    args = [
        sys.executable, "-m", "celery", "-A", "cornouaille", "worker",
        "-Q", "default,pdf", "-n", f"{name}@%h", "--concurrency", "1",
        "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    return Process(
        name=name, args=args, env=env, cwd=cwd,
        log_path=base / f"{name}.log", media_root=base / name / "media",
    )  # fmt: skip


# ------------------------------------------------------------------------------------ client
@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """One person's browser behind the proxy: its cookies go to whichever web process serves
    the request (`via`), exactly as a load balancer would spread them."""

    client_ip: str = "203.0.113.10"
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, via: Process, method: str, path: str, body: bytes = b"", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", via.port, timeout=60)
        sent = {
            "Host": SITE_HOST,
            "X-Forwarded-Proto": "https",
            "X-Real-IP": self.client_ip,
            "Accept-Language": "fr",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body or None, headers=sent)
            raw = connection.getresponse()
            data = raw.read()
            for header, value in raw.getheaders():
                if header.lower() == "set-cookie":
                    jar = SimpleCookie()
                    jar.load(value)
                    for morsel in jar.values():
                        if morsel["max-age"] == "0" or not morsel.value:
                            self.cookies.pop(morsel.key, None)
                        else:
                            self.cookies[morsel.key] = morsel.value
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)
        finally:
            connection.close()

    def get(self, via: Process, path: str) -> Response:
        return self.request(via, "GET", path)

    def _csrf(self, via: Process) -> str:
        if "csrftoken" not in self.cookies:
            self.cookies["csrftoken"] = uuid.uuid4().hex  # any 32-character secret will do
        return self.cookies["csrftoken"]

    def post(self, via: Process, path: str, data: dict | None = None) -> Response:
        fields = {"csrfmiddlewaretoken": self._csrf(via), **(data or {})}
        return self.request(
            via, "POST", path, urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded",
             "Origin": f"https://{SITE_HOST}", "Referer": f"https://{SITE_HOST}{path}"},
        )  # fmt: skip

    def post_file(self, via: Process, path: str, data: dict, files: dict) -> Response:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {"csrfmiddlewaretoken": self._csrf(via), **data}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, content_type) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            via, "POST", path, b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}",
             "Origin": f"https://{SITE_HOST}", "Referer": f"https://{SITE_HOST}{path}"},
        )  # fmt: skip

    def login(self, via: Process, email: str, password: str) -> None:
        self.get(via, "/accounts/login/")
        response = self.post(via, "/accounts/login/", {"login": email, "password": password})
        if response.status != 302:
            pattern = r'class="[^"]*(?:invalid-feedback|alert)[^"]*"[^>]*>(.*?)<'
            errors = re.findall(pattern, response.text)
            raise AssertionError(f"login refused ({response.status}): {errors}")
