"""The floors of the house (ARCHITECTURE.md): an app imports only from the floors below it.

Read by the layering test (tests/core/test_layers.py) and by whoever adds an app: a new app
takes a floor here, or the test fails and says so.
"""

FLOORS: dict[str, int] = {
    "core": 0,
    "media": 0,
    "stakeholders": 1,
    "accounts": 2,
    "governance": 3,
    "strategy": 4,
    "minutes": 5,
    "calendars": 5,
    "surveys": 5,
    "copil": 6,
    "working_groups": 6,
    "workshops": 6,
    "plenaries": 6,
    "marketing": 6,
    # Calls for contributions, comments, prioritisation, proposals to the COPIL (issue 14).
    "participation": 6,
    # Participation observatory, coverage of EPCI × category, targeted invitations (issue 13).
    "observatory": 6,
    # Segments and mailings (lettres d'information), unsubscriptions (issue 13).
    "mailings": 6,
    "reports": 7,
    # Follows, the notification centre and digests: listens to the signals of the floors below.
    "notifications": 7,
    # The accessibility statement and the site map link every section of the site.
    "accessibility": 8,
    # The read-only open-data API /api/v1/ and /donnees-ouvertes/ (issue 13).
    "api": 8,
}


def may_depend(source: str, target: str) -> bool:
    """True when app `source` may use app `target`: itself, or an app on a lower floor."""
    return source == target or FLOORS[target] < FLOORS[source]
