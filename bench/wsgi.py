"""The project's WSGI application with one more address, `/__bench__/trivial`: the smallest
Django view (whole middleware stack, no template, no query) — one of the bench's floors."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
