"""`seed_demo --scale N`: a history that grows with N (bulk inserts), on realistic dates,
idempotent; the calendar helpers it relies on."""

from datetime import date
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from apps.core.demo import easter, is_meeting_day, meeting_days, public_holidays
from apps.governance.models import Body, Meeting, Participation
from apps.minutes.models import Minutes, MinutesVersion
from apps.stakeholders.models import Organisation
from apps.strategy.models import Contribution, Support

PARIS = ZoneInfo("Europe/Paris")


def test_easter_and_public_holidays():
    assert easter(2026) == date(2026, 4, 5)
    assert easter(2027) == date(2027, 3, 28)
    holidays = public_holidays(2026)
    assert date(2026, 4, 6) in holidays  # lundi de Pâques
    assert date(2026, 5, 14) in holidays  # Ascension
    assert date(2026, 12, 25) in holidays
    assert len(holidays) == 11


def test_meeting_days_are_working_days_outside_the_breaks():
    assert not is_meeting_day(date(2026, 12, 25))
    assert not is_meeting_day(date(2026, 11, 29))  # a Sunday
    assert not is_meeting_day(date(2026, 8, 12))  # summer break
    assert is_meeting_day(date(2026, 11, 24))
    import random

    days = meeting_days(random.Random(1), date(2026, 1, 1), date(2026, 12, 31), 50)
    assert len(days) == 50 and days == sorted(days)
    assert all(is_meeting_day(day) for day in days)


@pytest.fixture
def small_units(monkeypatch):
    """The real units (15 groups, 100 contributions per workshop…) scaled down for speed."""
    from apps.accounts import demo_history as accounts
    from apps.governance import demo_history as governance
    from apps.working_groups import demo_history as groups
    from apps.workshops import demo_history as workshops

    monkeypatch.setattr(accounts, "ORGANISATIONS_PER_SCALE", 130)
    monkeypatch.setattr(governance, "COPIL_PER_SCALE", 2)
    monkeypatch.setattr(groups, "GROUPS_PER_SCALE", 2)
    monkeypatch.setattr(groups, "MEMBERS", (3, 6))
    monkeypatch.setattr(workshops, "CROWD", (8, 12))
    monkeypatch.setattr(workshops, "CAPACITY", 10)
    monkeypatch.setattr(workshops, "CONTRIBUTIONS", (3, 5))
    monkeypatch.setattr(workshops, "PLENARY_CROWD", 10)


def seed(*args):
    out = StringIO()
    call_command("seed_demo", "--participants", "30", "--skip-report", "--force", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "organisations": Organisation.objects.count(),
        "groups": Body.objects.filter(slug__startswith="gt-h-").count(),
        "meetings": Meeting.objects.count(),
        "participations": Participation.objects.count(),
        "contributions": Contribution.objects.count(),
        "supports": Support.objects.count(),
        "minutes": Minutes.objects.count(),
    }


@pytest.mark.django_db
def test_scale_multiplies_the_history_on_realistic_dates(small_units):
    plain = seed()
    assert "Historique" not in plain  # without --scale: the narrative demo alone
    narrative = counts()
    output = seed("--scale", "3")
    scaled = counts()
    assert "Historique : 6 groupes de travail" in output
    assert scaled["organisations"] >= 390
    assert scaled["groups"] == 6  # 2 per unit of scale, over three years
    assert Meeting.objects.filter(slug__startswith="copil-h-").count() == 6
    assert Meeting.objects.filter(slug__startswith="atelier-h-").count() == 12
    assert Meeting.objects.filter(slug__startswith="pleniere-h-").count() == 3  # one a year
    assert scaled["contributions"] > narrative["contributions"]
    assert scaled["supports"] > narrative["supports"]
    held = Meeting.objects.filter(
        status=Meeting.Status.HELD, slug__regex=r"^(copil-h-|atelier-h-|pleniere-h-)"
    )
    assert Minutes.objects.filter(meeting__in=held, status="published").count() == held.count()
    assert MinutesVersion.objects.filter(minutes__meeting__in=held).count() == held.count()

    for meeting in Meeting.objects.all():
        start = meeting.start.astimezone(PARIS)
        assert start.weekday() < 5, (meeting.slug, start)  # no weekend meeting
        assert start.date() not in public_holidays(start.year), (meeting.slug, start)
        assert 9 <= start.hour <= 18, (meeting.slug, start)  # office hours or early evening
    for contribution in Contribution.objects.filter(meeting__slug__startswith="atelier-h-")[:20]:
        assert contribution.created_at == contribution.meeting.start

    seed("--scale", "3")  # idempotent
    assert counts() == scaled


@pytest.mark.django_db
@pytest.mark.postgres
def test_history_minutes_are_searchable(small_units):
    seed("--scale", "1")
    assert not MinutesVersion.objects.filter(search_vector__isnull=True).exists()


@pytest.mark.django_db
def test_scale_must_be_a_positive_integer():
    for value in ("0", "-2", "dix"):
        with pytest.raises(CommandError, match="entier positif"):
            call_command("seed_demo", "--scale", value, "--force", stdout=StringIO())
