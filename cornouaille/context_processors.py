from django.conf import settings
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


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "PRIVACY_CONTACT_EMAIL": settings.PRIVACY_CONTACT_EMAIL,
        "NAV_ITEMS": NAV_ITEMS,
    }
