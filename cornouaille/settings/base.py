"""Settings shared by every environment. Values come from the environment (django-environ).

Embedded default (no DATABASE_URL, no CELERY_BROKER_URL): a SQLite file and Celery tasks run
in-process. Production-like runs set both (PostgreSQL + Redis + a real worker).
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from cornouaille.cache import redis_cache

from .storage import s3_storage_options

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is read when present (docker-compose, operators); the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Cornouaille Attractivité"
CSRF_TRUSTED_ORIGINS = env.list(
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    default=["{0.scheme}://{0.netloc}".format(urlsplit(SITE_URL))],
)

# ---------------------------------------------------------------------------- applications
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS/JS as static files, no CDN
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "csp",  # django-csp: the Content-Security-Policy header (built into Django from 6.0)
    "rest_framework",  # the read-only open-data API /api/v1/ (apps.api)
    "drf_spectacular",  # its OpenAPI schema /api/v1/schema/
]
LOCAL_APPS = [
    "apps.core",
    "apps.media",  # no models: files of deleted rows, orphans in the storage
    "apps.accessibility",
    "apps.stakeholders",
    "apps.accounts",
    "apps.governance",
    "apps.strategy",
    "apps.minutes",
    "apps.calendars",
    "apps.copil",
    "apps.working_groups",
    "apps.workshops",
    "apps.plenaries",
    "apps.surveys",
    "apps.marketing",
    "apps.observatory",
    "apps.participation",
    "apps.reports",
    "apps.mailings",
    "apps.notifications",
    "apps.api",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cornouaille.middleware.CookieLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Every change (POST…) by a signed-in person needs a verified email address.
    "apps.accounts.verification.VerifiedEmailForChangesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A meeting's old address (before a reschedule changed its date) answers 301.
    "apps.governance.middleware.MeetingMovedMiddleware",
]

ROOT_URLCONF = "cornouaille.urls"
WSGI_APPLICATION = "cornouaille.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cornouaille.context_processors.site",
                "apps.accessibility.context_processors.accessibility",
            ],
            "libraries": {"a11y": "cornouaille.a11y_tags"},
        },
    },
]

# ---------------------------------------------------------------------------- data
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Fails open: with Redis down, rate limits are suspended (logged), pages keep working.
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# ---------------------------------------------------------------------------- auth
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Every role lands on their personal space after signing in (and after confirming their address,
# ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION signs them in); the profile form stays at /profil/.
LOGIN_REDIRECT_URL = "my_space"
LOGOUT_REDIRECT_URL = "home"

# django-allauth 65.x (current setting names)
ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupForm"
# allauth's forms with the site's words for the address (apps/accounts/forms.py).
ACCOUNT_FORMS = {
    "login": "apps.accounts.forms.LoginForm",
    "signup": "apps.accounts.forms.AllauthSignupForm",
    "reset_password": "apps.accounts.forms.ResetPasswordForm",
    "add_email": "apps.accounts.forms.AddEmailForm",
    "change_email": "apps.accounts.forms.ChangeEmailForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# The account emails (templates/account/email/: confirmation, password reset, address change,
# "already registered", security notices) are the platform's own, in French, text and HTML.
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Tell the person when their address or password changes (to the old address for a change).
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"
ACCOUNT_SESSION_REMEMBER = None
# Rate limits stay on; they live in the cache, shared through Redis when set (fail open without it).
# Failed logins: 10 a minute per client address (any account), and 5 per 5 minutes per account
# AND client address (apps.accounts.adapter): wrong passwords typed elsewhere never lock an
# elected official out of their own device. See README, "Sign-in limits".
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# The client address rate limits key on. Behind the documented TLS proxy, every request comes
# from the proxy: trust a header the proxy sets (X-Real-IP in deploy/Caddyfile; the compose file
# sets DJANGO_CLIENT_IP_HEADER) or the last N entries of X-Forwarded-For (N = proxies you run).
# Only when the web processes are reachable through that proxy alone (a client could forge it).
# Default: no proxy, REMOTE_ADDR (development, runserver).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="")
    or env("DJANGO_CLIENT_IP_HEADER", default="")
    or None
)

# Version of the privacy policy a person consents to at sign-up (stored with the consent).
PRIVACY_POLICY_VERSION = "2026-11"
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="dpo@cornouaille-attractivite.fr")

# ---------------------------------------------------------------------------- CSP
# Only the site's own files: no inline script, no inline event handler, no inline style
# attribute, nothing from another origin (no CDN). `data:` images: Bootstrap's icons (CSS).
# tests/core/test_csp.py fetches one page of each type and checks the header and the HTML.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# ---------------------------------------------------------------------------- i18n
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
# locale_overrides: the libraries' French strings about email in the platform's words
# (« adresse électronique », « courriel »), see locale_overrides/build.py.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------- files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several hosts: uploaded documents and rendered PDFs go to an S3-compatible bucket (AWS S3,
# MinIO, Garage, Scaleway…) when S3_BUCKET is set; MEDIA_ROOT stays the embedded default.
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": s3_storage_options(
            bucket=S3_BUCKET,
            endpoint_url=env("S3_ENDPOINT_URL", default=""),
            access_key=env("S3_ACCESS_KEY_ID", default=""),
            secret_key=env("S3_SECRET_ACCESS_KEY", default=""),
            region=env("S3_REGION", default=""),
            prefix=env("S3_PREFIX", default=""),
            addressing_style=env("S3_ADDRESSING_STYLE", default="path"),
        ),
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ---------------------------------------------------------------------------- email
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# An SMTP server that accepts and never answers must not hold a worker: give up after this
# many seconds (the outbox retries later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Cornouaille Attractivité <no-reply@cornouaille-attractivite.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------- celery
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# No broker configured: run tasks in-process (the embedded default of `make run`).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Even in-process, Celery takes a producer from its broker connection pool: without a broker,
# the in-memory transport (nothing to reach, no "No hostname was supplied" warning from kombu).
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://localhost/"
# In-process tasks (no broker): a failed render marks its document failed instead of turning the
# request that enqueued it into an error page. Tests propagate (settings/test.py).
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"reports.*": {"queue": "pdf"}}  # by task name: PDF renders apart
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000  # KiB: WeasyPrint holds memory
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that hands a task over must not hang on a broker outage: the outbox keeps the
# side effect and its sweeper hands it over later. Fail fast instead of retrying for long.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULE = {
    # Reminder two days before each meeting (idempotent: once per meeting).
    "meeting-reminders": {"task": "governance.send_upcoming_reminders", "schedule": 15 * 60},
    # Side effects not handed over (broker outage), due for a retry, or left by a killed worker.
    "outbox-sweep": {"task": "core.sweep_outbox", "schedule": 60},
    # PDFs whose render task was lost: back to the pdf queue.
    "documents-sweep": {"task": "reports.sweep_stuck_documents", "schedule": 5 * 60},
    # Mailings whose time has come, and sends a killed worker left half done.
    "mailings-due": {"task": "mailings.send_due", "schedule": 60},
    # Notification digests (idempotent: one per person and period, whatever the beat does).
    "notifications-daily-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "notifications-weekly-digest": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=15, day_of_week="monday"),
        "args": ("weekly",),
    },
    # Coverage alerts a week and 48 h before a workshop or plenary (once per meeting and step).
    "coverage-alerts": {"task": "observatory.send_coverage_alerts", "schedule": 30 * 60},
}

# ---------------------------------------------------------------------------- mailings
# Recipients promised per batch, and the pause between two batches (seconds): spreads the
# load on the mail relay. The unsubscribe mailto of List-Unsubscribe (RFC 2369/8058).
MAILINGS_BATCH_SIZE = env.int("MAILINGS_BATCH_SIZE", default=50)
MAILINGS_BATCH_INTERVAL = env.int("MAILINGS_BATCH_INTERVAL", default=2)
MAILINGS_UNSUBSCRIBE_EMAIL = env(
    "MAILINGS_UNSUBSCRIBE_EMAIL", default="desabonnement@cornouaille-attractivite.fr"
)

# ---------------------------------------------------------------------------- open-data API
# Read-only, anonymous, JSON; throttled per client address in the cache (Redis in production).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_THROTTLE_RATE", default="120/min")},
    # Client address: REMOTE_ADDR, or the one the trusted proxies add (never a spoofable header).
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cornouaille Attractivité — données ouvertes",
    "DESCRIPTION": (
        "API en lecture seule des données publiques de la démarche d'attractivité : réunions "
        "publiques, instances, comptes rendus publiés, objectifs, défis, actions prioritaires "
        "et chiffres agrégés de participation. Licence Ouverte / Etalab 2.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "apps.governance.models.Meeting.Kind",
        "BodyKindEnum": "apps.governance.models.Body.Kind",
        "MeetingStatusEnum": "apps.governance.models.Meeting.Status",
        "ActionStatusEnum": "apps.strategy.models.PriorityAction.Status",
    },
}
# A task a killed worker (or a dead host) had taken comes back after this long (Redis). It
# must exceed the longest task (a render: 180 s hard limit) and the longest retry countdown
# (300 s), and it is minutes, not hours: the outbox and document sweepers recover faster still.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=15 * 60)
}

# ---------------------------------------------------------------------------- logging
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint logs every rendering step at INFO; refusals and errors are warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
