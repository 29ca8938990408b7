"""The site speaks French unless the visitor picked another language.

Django's LocaleMiddleware follows the browser's Accept-Language header, which would show an
English page to most visitors using an English-language browser. Here the choice is explicit:
the language cookie set by the language switcher (Django's `set_language` view), else French.
"""

from django.conf import settings
from django.utils import translation


class CookieLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override(), not activate(): the thread goes back to its language after the response
        # (a later piece of work in the same thread, a test, never inherits a visitor's choice).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
