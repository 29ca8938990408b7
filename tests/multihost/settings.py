"""Production settings for the processes of the multi-host test, with only what a test needs
changed (each line says why). Everything else — PostgreSQL, the Redis broker and cache, the S3
bucket, secure cookies, the proxy headers — is production's."""

from cornouaille.settings.production import *  # noqa: F403
from cornouaille.settings.production import STORAGES, env

# The test process creates the users (tests' fast hasher); the web processes must check them.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files straight from the app folders: the test does not run collectstatic (an image
# build does). Media stay production's (the S3 bucket of the test).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# A killed worker's unacknowledged render goes back to the queue after this delay (production:
# 4 hours, above the longest retry backoff); the test waits seconds, not hours.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("MULTIHOST_VISIBILITY_TIMEOUT", default=15)
}
