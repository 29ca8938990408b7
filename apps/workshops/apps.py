from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _named_workshop_facilitator(user, meeting) -> bool:
    """Governance asks "is this person a facilitator of this meeting?": a workshop names them."""
    from apps.governance.models import Meeting

    from .models import Workshop

    if meeting.kind != Meeting.Kind.WORKSHOP:
        return False
    try:
        workshop = meeting.workshop
    except Workshop.DoesNotExist:
        return False
    return any(person.pk == user.pk for person in workshop.facilitators.all())


def _profile_registrations(context, **kwargs) -> str:
    """/profil/: one's seats and waiting-list places at workshops and plenaries to come."""
    from apps.core.hooks import render_template
    from apps.governance.selectors import upcoming_registrations

    user = context["request"].user
    return render_template(
        "workshops/_profile_registrations.html",
        context,
        registrations=upcoming_registrations(user=user),
    )


class WorkshopsConfig(AppConfig):
    name = "apps.workshops"
    label = "workshops"
    verbose_name = _("Ateliers")

    def ready(self):
        from apps.core import hooks
        from apps.governance import pages
        from apps.governance.rules import register_facilitator_lookup

        from .pages import WORKSHOP_PAGE
        from .space import next_workshops_section

        pages.register(WORKSHOP_PAGE)
        register_facilitator_lookup(_named_workshop_facilitator)
        hooks.connect("accounts.profile_activity", _profile_registrations, priority=10)
        hooks.connect("accounts.space", next_workshops_section, priority=40)
