"""The accessibility statement (/accessibilite/, RGAA 4.1 model) and the site map (RGAA 12.3)."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .audit import current_audit


@require_GET
def statement(request):
    audit = current_audit()
    return render(
        request,
        "accessibility/statement.html",
        {
            "audit": audit,
            "contact_email": getattr(settings, "ACCESSIBILITY_CONTACT_EMAIL", "")
            or settings.PRIVACY_CONTACT_EMAIL,
        },
    )


@require_GET
def sitemap(request):
    return render(request, "accessibility/sitemap.html")
