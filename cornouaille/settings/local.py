"""Development on one machine (`make run`): debug on, a throwaway secret key."""

import sys
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import env
from .served_url import served_url

# Links in emails and feeds point at the address actually served (`make run PORT=8001`,
# `manage.py runserver 0.0.0.0:8002`), unless SITE_URL is set.
SITE_URL = env("SITE_URL", default=served_url(sys.argv, port=env("PORT", default=None))).rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", default=["{0.scheme}://{0.netloc}".format(urlsplit(SITE_URL))]
)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "http"

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="insecure-local-only-key-change-me-7d1f0c2e9a8b4c6d5e3f1a0b9c8d7e6f",
)
# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
