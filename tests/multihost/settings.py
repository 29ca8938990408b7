"""Production settings for the processes of the multi-host test, with only what a test needs
changed (each line says why). Everything else — PostgreSQL, the Redis broker and cache, the S3
bucket, secure cookies, the proxy headers — is production's, configured through the same
environment variables (the test sets CELERY_VISIBILITY_TIMEOUT to seconds, not hours)."""

from cornouaille.settings.production import *  # noqa: F403
from cornouaille.settings.production import STORAGES

# The test process creates the users (tests' fast hasher); the web processes must check them.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files straight from the app folders: the test does not run collectstatic (an image
# build does). Media stay production's (the S3 bucket of the test).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True


# kombu looks for tasks abandoned by a dead worker every 10 × 10 s; the test sweeps every 2 s
# (with CELERY_VISIBILITY_TIMEOUT=15) so the take-over takes seconds, not minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "unacked_restore_interval": 2,
    "unacked_restore_throttle": 1,
}
