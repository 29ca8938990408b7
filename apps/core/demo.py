"""What every app's `demo.py` shares with `manage.py seed_demo` (which lives here, in core).

An app takes part by shipping `demo.py` with `seed_demo_data(**options) -> list[str]` (lines
for the summary) and, optionally, `DEMO_HELP` (a paragraph for `seed_demo --help`). The command
discovers them in INSTALLED_APPS order, so core never imports the apps above it.

Options every `seed_demo_data` receives: `participants`, `render_pdfs` and `scale` (None: the
narrative demo alone; N: plus an N-times history — years of groups, workshops, contributions,
minutes, COPIL sessions — generated with bulk inserts, see each app's `demo_history.py`).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


class DemoDataError(Exception):
    """The reference data the demo relies on is missing: the command says so and stops."""


# --------------------------------------------------------------------------- realistic dates
# Demo data spread over years must look like a real calendar: meetings on working days, in
# office hours (or early evening for workshops), never on a French public holiday, not in the
# summer break nor between Christmas and New Year.


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> set[date]:
    """France's public holidays of `year`."""
    sunday = easter(year)
    return {
        date(year, 1, 1),
        sunday + timedelta(days=1),  # lundi de Pâques
        date(year, 5, 1),
        date(year, 5, 8),
        sunday + timedelta(days=39),  # Ascension
        sunday + timedelta(days=50),  # lundi de Pentecôte
        date(year, 7, 14),
        date(year, 8, 15),
        date(year, 11, 1),
        date(year, 11, 11),
        date(year, 12, 25),
    }


def is_meeting_day(day: date, *, weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)) -> bool:
    """A day a meeting may take place: one of `weekdays` (Monday = 0), not a public holiday,
    not in the summer break (1–20 August) nor the year-end break (24 December – 2 January)."""
    if day.weekday() not in weekdays or day in public_holidays(day.year):
        return False
    if day.month == 8 and day.day <= 20:
        return False
    return not ((day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 2))


def meeting_days(
    rng, first: date, last: date, count: int, *, weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
) -> list[date]:
    """`count` meeting days between `first` and `last` (included), sorted, drawn with `rng`."""
    days = [
        first + timedelta(days=offset)
        for offset in range((last - first).days + 1)
        if is_meeting_day(first + timedelta(days=offset), weekdays=weekdays)
    ]
    if not days or count <= 0:
        return []
    if count <= len(days):
        return sorted(rng.sample(days, count))
    return sorted(rng.choice(days) for _ in range(count))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """The aware datetime of `day` at hour:minute in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def history_years(scale: int) -> list[int]:
    """The years the history at `scale` spreads over: `scale` years (at least three), ending
    with the current one."""
    this_year = timezone.localdate().year
    return list(range(this_year - max(3, scale) + 1, this_year + 1))


def meeting_day_near(day: date) -> date:
    """`day` if a meeting may take place on it, else the closest such day on the same side of
    today (a past meeting stays past): demo dates placed relative to today."""
    step = timedelta(days=-1 if day < timezone.localdate() else 1)
    while not is_meeting_day(day):
        day += step
    return day
