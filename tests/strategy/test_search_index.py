"""The site-wide search of contributions is served by a trigram index on PostgreSQL, so that it
does not read every contribution (the page stays as fast at ten times the data)."""

import pytest
from django.db import connection

from apps.strategy.models import Contribution

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_icontains_on_the_text_can_use_the_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # an empty table: make the planner show it
        plan = Contribution.objects.filter(text__icontains="goémon").explain()
        cursor.execute("RESET enable_seqscan")
    assert "strategy_contribution_text_trgm" in plan
