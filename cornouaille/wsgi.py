"""WSGI entry point (gunicorn cornouaille.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cornouaille.settings.production")

application = get_wsgi_application()
