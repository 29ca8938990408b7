"""Asking for the restitution report computes a fingerprint from cheap aggregates only: the
report's data is left to the worker; a constant number of queries whatever the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.reports import restitution
from apps.reports.restitution import restitution_fingerprint
from apps.reports.services import document_for_restitution
from tests.reports.test_restitution import _more_data, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_request_does_not_compute_the_report(world, monkeypatch):  # noqa: F811
    def forbidden(**kwargs):
        raise AssertionError("restitution_data belongs to the worker")

    monkeypatch.setattr(restitution, "restitution_data", forbidden)
    monkeypatch.setattr("apps.reports.services._enqueue", lambda document: None)
    first = document_for_restitution(meeting=world.plenary)
    assert document_for_restitution(meeting=world.plenary).pk == first.pk


def test_fingerprint_queries_do_not_grow(world):  # noqa: F811
    with CaptureQueriesContext(connection) as small:
        before = restitution_fingerprint(meeting=world.plenary)
    _more_data(world, workshops=4, contributions=15)
    with CaptureQueriesContext(connection) as large:
        after = restitution_fingerprint(meeting=world.plenary)
    assert after != before
    assert len(large) == len(small) <= 15


def test_a_renamed_objective_or_filiere_makes_another_report(world):  # noqa: F811
    from apps.strategy.models import Filiere, Objective

    before = restitution_fingerprint(meeting=world.plenary)
    objective = Objective.objects.first()
    objective.title += " (reformulé)"
    objective.save()
    renamed = restitution_fingerprint(meeting=world.plenary)
    assert renamed != before
    filiere = Filiere.objects.first()
    filiere.name = "Nautisme et glisse"
    filiere.save()
    assert restitution_fingerprint(meeting=world.plenary) != renamed
    # Nothing renamed: the same report.
    assert restitution_fingerprint(meeting=world.plenary) == restitution_fingerprint(
        meeting=world.plenary
    )
