from django.utils.translation import gettext_lazy as _

from .audit import AuditError, current_audit

# The mention every page carries in its footer (RGAA statement obligations).
MENTIONS = {
    "total": _("Accessibilité : totalement conforme"),
    "partial": _("Accessibilité : partiellement conforme"),
    "none": _("Accessibilité : non conforme"),
}


def accessibility(request):
    try:
        status = current_audit().status
    except (AuditError, OSError):
        status = "none"
    return {"ACCESSIBILITY_STATUS": MENTIONS[status]}
