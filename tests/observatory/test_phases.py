"""The phases of the process (strategy.Phase): the observatory shows the phase under way by
default, any phase on request, and years and the whole process as before."""

import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.observatory import selectors
from apps.reports.models import Document
from apps.strategy.models import Phase
from tests.accounts.factories import UserFactory
from tests.observatory.helpers import at, attend, dataset, workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return dataset()


@pytest.fixture
def phases(data):
    """Diagnostic: the previous year and January of the focus year; then the co-construction,
    from 15 February of the focus year, under way."""
    diagnostic = Phase.objects.create(
        name="Diagnostic partagé", slug="diagnostic", start=date(data.previous, 1, 1),
        end=date(data.year, 1, 31),
    )  # fmt: skip
    current = Phase.objects.create(
        name="Co-construction", slug="co-construction", start=date(data.year, 2, 15)
    )
    return diagnostic, current


def _participants(period) -> int:
    return {h.key: h.value for h in selectors.headlines(period)}["participants"]


def test_without_phases_the_default_is_the_current_year(data):
    period = selectors.period_from(None, selectors.available_years())
    assert period.key == str(timezone.localdate().year)


def test_the_phase_under_way_is_the_default(data, phases):
    _diagnostic, current = phases
    period = selectors.period_from(None, selectors.available_years())
    assert period.key == "phase-co-construction"
    assert period.label.startswith("Co-construction (depuis le 15 février")
    # Anything unknown falls back to it too; a year and « tout » still work.
    assert selectors.period_from("phase-inconnue", []).key == "phase-co-construction"
    assert selectors.period_from(str(data.year), [data.year]).key == str(data.year)
    assert selectors.period_from("tout", []).is_all


def test_a_phase_counts_the_meetings_it_holds(data, phases):
    diagnostic, current = phases
    # m2 (10 February: alice, carol) is before the co-construction; m3 (20 February: alice, bob)
    # is in it.
    assert _participants(selectors.phase_period(current)) == 2
    # The diagnostic: m1 (previous year: alice, bob), nothing of the focus year.
    assert _participants(selectors.phase_period(diagnostic)) == 2
    # Its last day counts whole; the next day belongs to no phase.
    late = workshop(at(data.year, 1, 31).replace(hour=20), body=data.group, slug="dernier-jour")
    attend(late, data.eve)
    after = workshop(at(data.year, 2, 1), body=data.group, slug="lendemain")
    attend(after, data.dan)
    assert _participants(selectors.phase_period(diagnostic)) == 3
    assert _participants(selectors.phase_period(current)) == 2


def test_a_phase_ends_after_it_starts():
    phase = Phase(name="À l'envers", slug="envers", start=date(2026, 5, 1), end=date(2026, 4, 1))
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert "Une phase se termine après son début." in str(error.value)


def test_the_page_offers_the_phases_and_shows_the_current_one(client, data, phases):
    client.force_login(UserFactory(role="elu"))
    html = client.get("/observatoire/").content.decode()
    assert '<optgroup label="Phases de la démarche">' in html
    assert '<option value="phase-co-construction" selected>' in html
    assert 'id="chiffre-participants">2<' in html
    html = client.get("/observatoire/", {"annee": "phase-diagnostic"}).content.decode()
    assert '<option value="phase-diagnostic" selected>' in html
    csv = client.get("/observatoire/csv/indicateurs.csv", {"annee": "phase-co-construction"})
    assert csv.status_code == 200 and "phase-co-construction" in csv["Content-Disposition"]


def test_a_changed_phase_shows_at_once(client, data, phases):
    _diagnostic, current = phases
    client.force_login(UserFactory(role="equipe-projet"))
    assert 'id="chiffre-participants">2<' in client.get("/observatoire/").content.decode()
    current.start = date(data.year, 2, 1)
    current.save()  # m2 now belongs to it: alice, carol, bob
    assert 'id="chiffre-participants">3<' in client.get("/observatoire/").content.decode()


def test_the_pdf_of_a_phase(
    client, data, phases, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(UserFactory(role="equipe-projet"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/documents-pdf/bilan-participation/", {"annee": "phase-co-construction"}
        )
    assert response["Location"].endswith("?annee=phase-co-construction")
    document = Document.objects.get(kind=Document.Kind.PARTICIPATION)
    assert document.period == "phase-co-construction" and document.is_ready
    path = tmp_path / "bilan.pdf"
    path.write_bytes(b"".join(client.get(document.get_absolute_url()).streaming_content))
    text = " ".join(
        subprocess.run(["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True,
                       check=True).stdout.split()
    )  # fmt: skip
    assert "Co-construction (depuis le 15 février" in text, text[:500]


def test_the_demo_phases(data):
    from apps.strategy.demo import seed_demo_data

    seed_demo_data()
    seed_demo_data()  # idempotent
    today = timezone.localdate()
    assert Phase.objects.count() == 2
    current = [phase for phase in Phase.objects.all() if phase.contains(today)]
    assert [phase.slug for phase in current] == ["co-construction-plan-actions"]
    first = Phase.objects.first()
    assert first.start <= date(data.previous, 1, 1) and first.end + timedelta(days=1) == (
        current[0].start
    )
