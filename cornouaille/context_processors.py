from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The main menu: (URL name, label), in the order of the journey of a participant.
NAV_ITEMS = [
    ("strategy:overview", _("Stratégie")),
    ("workshops:programme", _("Ateliers")),
    ("working_groups:list", _("Groupes de travail")),
    ("plenaries:list", _("Plénières")),
    ("surveys:list", _("Enquêtes")),
    ("copil:index", _("COPIL")),
    ("minutes:reading_room", _("Comptes rendus")),
    ("calendars:calendar", _("Calendrier")),
    ("stakeholders:directory", _("Acteurs")),
]
# The sections shown in the header's first row from 1200 px; the others (and any section an app
# adds to NAV_ITEMS later) go under « Plus », so the menu never outgrows a 1366 px laptop.
NAV_PRIMARY = {
    "strategy:overview",
    "workshops:programme",
    "copil:index",
    "minutes:reading_room",
    "calendars:calendar",
}


def site(request):
    more = [item for item in NAV_ITEMS if item[0] not in NAV_PRIMARY]
    path = getattr(request, "path", "")
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "PRIVACY_CONTACT_EMAIL": settings.PRIVACY_CONTACT_EMAIL,
        "NAV_ITEMS": NAV_ITEMS,
        "NAV_PRIMARY_ITEMS": [item for item in NAV_ITEMS if item[0] in NAV_PRIMARY],
        "NAV_MORE_ITEMS": more,
        "NAV_MORE_ACTIVE": any(reverse(name) == path for name, _label in more),
    }
