"""The restitution report a councillor reads: page 1 gives, per objective, the three strongest
expectations (identical texts merged) and the actions they led to, with participation in one
line; then a pair of charts per objective; then the contributions grouped (identical texts
merged with a count, supports only when any); the full list in an annex. The plenary page says
when the PDF is out of date and the project team regenerates it."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from apps.reports.models import Document
from apps.reports.restitution import contributions_since, restitution_data, same_text_key
from apps.reports.services import document_for_restitution
from apps.strategy.models import Contribution, PriorityAction
from tests.accounts.factories import UserFactory
from tests.reports.test_restitution import action, contribute, world  # noqa: F401 - fixture

T = Contribution.Type
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def needs(world):  # noqa: F811 - the fixture imported above
    """Five expectations on objective 1 in the period: one said twice (merged, supports added),
    one with no support; the first led to an action."""
    u1, u2, u3, u6 = (world.people[k] for k in ("u1", "u2", "u3", "u6"))
    o1 = world.o1
    twice_a = contribute(world.w1, T.NEED, "Des navettes vers les plages.", o1, supporters=[u1])
    twice_b = contribute(world.w2, T.NEED, "des navettes  vers les plages", o1, supporters=[u2, u3])
    strong = contribute(world.w2, T.NEED, "Un guichet unique.", o1, supporters=[u1, u2, u3, u6])
    contribute(world.w2, T.NEED, "Plus de crèches.", o1)
    contribute(world.w1, T.NEED, "Un annuaire des acteurs.", o1)
    action("Guichet unique d'accueil", o1, strong)
    action("Navettes estivales", o1, twice_b)
    return {"strong": strong, "twice": (twice_a, twice_b)}


def test_same_text_key_ignores_case_spaces_and_final_dot():
    assert same_text_key(" Des navettes  vers les plages.") == same_text_key(
        "des navettes vers les plages"
    )
    assert same_text_key("Oui !") == same_text_key("oui")


def test_key_messages_three_strongest_expectations_and_their_actions(world, needs):  # noqa: F811
    data = restitution_data(meeting=world.plenary)
    first = data.key_messages[0]
    assert first.objective.title == world.o1.title
    expectations = [
        (same_text_key(str(e.merged.first.html)), e.merged.supports, e.merged.count, e.actions)
        for e in first.expectations
    ]
    # 4 supports; then the merged pair (1 + 2 = 3 supports, said twice); then c1 (2 supports)
    assert [(s, n, a) for _key, s, n, a in expectations] == [
        (4, 1, ["Guichet unique d'accueil"]),
        (3, 2, ["Navettes estivales"]),
        (2, 1, ["Bourse aux logements"]),
    ]
    assert len(first.expectations) == 3  # « Plus de crèches » and the annuaire are not key
    second = data.key_messages[1]
    assert second.objective.title == world.o2.title and second.expectations == []


def test_charts_per_objective_types_and_action_statuses(world, needs):  # noqa: F811
    data = restitution_data(meeting=world.plenary)
    pair = data.objective_charts[0]
    by_type = {bar.label: bar.value for bar in pair.by_type.bars}
    assert by_type["Attente / besoin"] == 1 + 5 and by_type["Atout"] == 1
    by_status = {bar.label: bar.value for bar in pair.by_status.bars}
    assert sum(by_status.values()) == 3  # Bourse, Guichet, Navettes (objective 1)
    assert '<title id="chart-objectif-1-types-title">' in pair.by_type.svg


def test_the_report_merges_identical_texts_and_lists_everything_in_annex(
    world,  # noqa: F811
    needs,
):
    data = restitution_data(meeting=world.plenary)
    html = render_to_string("reports/pdf/restitution.html", {"report": data})
    head, rest = html.split('<h2 class="chapter">', 1)
    assert "Messages clés" in head and "navettes  vers les plages" in head  # the most supported
    assert "exprimée 2 fois" in head and "a conduit à" in head
    assert "<svg" not in head  # charts come after the key messages
    # grouped: the merged pair is one block with its count; no « 0 soutien » anywhere
    assert rest.count("vers les plages") == 1 + 2  # grouped once, then both in the annex
    assert "× 2" in rest
    assert "0 soutien" not in html
    annex = html.split('class="annex-list"', 1)[1]
    assert annex.count('class="annex-item"') == data.contribution_total == 3 + 5
    assert "Des navettes vers les plages." in annex  # the annex keeps both texts


def test_contributions_since_counts_only_the_reports_period(world):  # noqa: F811
    before = timezone.now()
    assert contributions_since(meeting=world.plenary, since=before) == 0
    contribute(world.w1, T.NEED, "Arrivée après le rapport.", world.o1)
    contribute(world.members_only, T.NEED, "Réservé aux membres.", world.o1)
    contribute(world.w2, T.NEED, "Masquée.", world.o1, hidden=True)
    assert contributions_since(meeting=world.plenary, since=before) == 1


def test_the_plenary_page_says_the_pdf_is_out_of_date_and_the_team_regenerates_it(
    client,
    world,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    for priority in PriorityAction.objects.all():  # the fixture's slugs are not URL-safe
        priority.slug = slugify(priority.title)
        priority.save(update_fields=["slug"])
    with django_capture_on_commit_callbacks(execute=True):
        first = document_for_restitution(meeting=world.plenary)
    url = world.plenary.get_absolute_url()
    lead = UserFactory(role="equipe-projet")
    client.force_login(lead)
    assert 'id="rapport-perime"' not in client.get(url).content.decode()

    Contribution.objects.update(created_at=timezone.now() - timedelta(hours=2))
    Document.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))
    contribute(world.w2, T.NEED, "Une contribution de plus.", world.o1)
    page = client.get(url).content.decode()
    assert 'id="rapport-perime"' in page
    assert "Une nouvelle contribution depuis le" in page and "Régénérer le rapport" in page

    client.force_login(UserFactory())
    reader = client.get(url).content.decode()
    assert 'id="rapport-perime"' in reader and "Régénérer le rapport" not in reader

    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:restitution_request", args=[world.plenary.slug]))
    assert Document.objects.filter(meeting=world.plenary).count() == 2
    assert 'id="rapport-perime"' not in client.get(url).content.decode()
