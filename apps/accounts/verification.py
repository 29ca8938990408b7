"""Every change requires a verified email address, not only a session.

allauth already refuses to sign in someone whose address is unverified (mandatory
verification), but a session can come from elsewhere — Django's admin login, an account
created by the importer or in the admin, a session opened before the address changed. So the
rule is applied to every request that can change something (POST, PUT, PATCH, DELETE) by one
middleware, rather than by a decorator on each view that a new view could forget; the
`verified_email_required_for_changes` decorator is the same rule for a view used outside the
middleware (it is a no-op when the middleware already ran).

Exempt: anonymous requests (each view decides), allauth's own account pages (sign out, email
management, confirmation, password), the language switcher, the signed RSVP link (the link in
the email is itself a proof of the address) and the admin (staff, with its own login).
"""

from functools import wraps

from allauth.account.models import EmailAddress
from django.shortcuts import render

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_URL_NAMES = {"set_language", "governance:answer"}


def has_verified_email(user) -> bool:
    """The account's own address (user.email) is verified (allauth's EmailAddress)."""
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
        user._has_verified_email = cached
    return cached


def _exempt(match) -> bool:
    if match is None:
        return False
    if EXEMPT_NAMESPACES & set(match.namespaces):
        return True
    name = match.view_name or ""
    return name in EXEMPT_URL_NAMES or (name.startswith("account_") and not match.namespaces)


def refusal(request):
    return render(
        request,
        "accounts/email_not_verified.html",
        {"email": request.user.email},
        status=403,
    )


def _must_refuse(request) -> bool:
    return (
        request.method in UNSAFE_METHODS
        and request.user.is_authenticated
        and not _exempt(request.resolver_match)
        and not has_verified_email(request.user)
    )


class VerifiedEmailForChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._verified_email_checked = True
        if _must_refuse(request):
            return refusal(request)
        return None


def verified_email_required_for_changes(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not getattr(request, "_verified_email_checked", False) and _must_refuse(request):
            return refusal(request)
        return view(request, *args, **kwargs)

    return wrapped
