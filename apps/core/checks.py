"""Deployment checks (`manage.py check --deploy`) of the project's own settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """SITE_URL makes the links of emails and feeds: the public https address, served here."""
    site_url = getattr(settings, "SITE_URL", "")
    parts = urlsplit(site_url)
    errors = []
    if parts.scheme != "https" or not parts.hostname:
        errors.append(
            Error(
                f"SITE_URL ({site_url!r}) must be the platform's public https:// address: "
                "the links of every email and calendar feed are built from it.",
                hint="Set SITE_URL=https://concertation.example.org in the environment.",
                id="cornouaille.E001",
            )
        )
    elif not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        errors.append(
            Error(
                f"SITE_URL's host ({parts.hostname}) is not in ALLOWED_HOSTS: its links would "
                "be refused.",
                hint="Add it to DJANGO_ALLOWED_HOSTS.",
                id="cornouaille.E002",
            )
        )
    return errors
