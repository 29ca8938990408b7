"""The address `manage.py runserver` serves, for SITE_URL in development.

Links in emails and calendar feeds use SITE_URL. In development it follows the served address
(`make run PORT=8001` → http://127.0.0.1:8001) unless SITE_URL is set; production requires it
(settings/production.py has no default, and a deployment check verifies it).
"""

import re

DEFAULT = "http://127.0.0.1:8000"
_ADDRPORT = re.compile(r"^(?:(?P<host>\[[^\]]+\]|[^:\[\]]+):)?(?P<port>\d+)$")


def served_url(argv: list[str], *, port: str | None = None) -> str:
    """http://host:port of `runserver [addr:]port` in `argv`; else the PORT given (the
    environment's), else the default."""
    if "runserver" in argv:
        arguments = [a for a in argv[argv.index("runserver") + 1 :] if not a.startswith("-")]
        match = _ADDRPORT.match(arguments[0]) if arguments else None
        if match:
            host = match["host"] or "127.0.0.1"
            # Listening on every interface: link to this machine.
            if host in ("0.0.0.0", "0", "[::]"):  # noqa: S104
                host = "127.0.0.1"
            return f"http://{host}:{match['port']}"
        return DEFAULT
    if port and port.isdigit():
        return f"http://127.0.0.1:{port}"
    return DEFAULT
