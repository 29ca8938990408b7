"""What mailings adds to /profil/ (one's preferences) and to the RGPD export."""

from django.utils.translation import gettext_lazy as _

from apps.accounts import export
from apps.core import hooks


def render_preferences(context, **kwargs) -> str:
    from .forms import PreferencesForm
    from .models import FiliereInterest

    user = context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    chosen = list(FiliereInterest.objects.filter(user=user).values_list("filiere_id", flat=True))
    form = PreferencesForm(initial={"newsletter": user.newsletter, "filieres": chosen})
    return hooks.render_template("mailings/_preferences.html", context, preferences_form=form)


def _collect(user) -> list[dict]:
    from .models import Delivery, SubscriptionEvent

    rows = [
        {"what": str(_("Lettre reçue")), "detail": subject, "date": created.isoformat()}
        for subject, created in Delivery.objects.filter(user=user)
        .order_by("created_at")
        .values_list("mailing__subject", "created_at")
    ]
    rows += [
        {"what": str(label), "detail": detail, "date": created.isoformat()}
        for label, detail, created in (
            (SubscriptionEvent.Kind(kind).label, detail, created)
            for kind, detail, created in SubscriptionEvent.objects.filter(user=user)
            .order_by("created_at")
            .values_list("kind", "detail", "created_at")
        )
    ]
    return rows


def export_section() -> export.Section:
    return export.Section(
        key="mailings",
        title=_("Lettres d'information"),
        columns={"what": _("Quoi"), "detail": _("Détail"), "date": _("Date")},
        collect=_collect,
        order=80,
    )
