"""Small helpers every view module shares: service refusals as messages or form errors."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError


def error_message(request, error: ValidationError) -> None:
    """Show a service's refusal as a French message on the next page."""
    messages.error(request, " ".join(str(message) for message in error.messages))


def add_service_errors(form, error: ValidationError, mapping: dict, default=None) -> None:
    """Put a service's ValidationError on the form fields it is about (else on the form)."""
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            field = mapping.get(key, default)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default, error.messages)


def require_perm(request, perm: str, obj=None, *, refusal: str = ""):
    """None when the viewer holds `perm` (on `obj`); a sign-in redirect for a visitor; a 403
    with `refusal` (a French sentence) otherwise. Views: `if (r := require_perm(...)): return r`."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(refusal)
    return None


def posted(request):
    """The POST data on a POST, None on a GET: lets one view build a bound or unbound form."""
    return request.POST if request.method == "POST" else None


def call_service(request, service, /, *, success=None, **kwargs):
    """Run `service(**kwargs)`: a refusal (ValidationError) becomes an error message on the next
    page and None is returned; otherwise `success` (a sentence, or a callable taking the result
    and returning one, or None for no message) is shown and the result returned."""
    try:
        result = service(**kwargs)
    except ValidationError as error:
        error_message(request, error)
        return None
    message = success(result) if callable(success) else success
    if message:
        messages.success(request, message)
    return result
