"""The offer / expectations matrix in the restitution report (public: public surveys only)."""

import pytest

from apps.marketing.models import ServiceOffer
from apps.reports.matrix_section import matrix_for_report
from apps.reports.models import Document
from apps.reports.services import _html_for, document_for_restitution
from tests.reports.test_restitution import world  # noqa: F401  (the restitution fixture)

pytestmark = pytest.mark.django_db


def test_restitution_report_carries_the_matrix_and_follows_it(world):  # noqa: F811
    document = document_for_restitution(meeting=world.plenary)
    html, _context = _html_for(document)
    assert "L'offre face aux attentes des publics" in html
    assert "Habitants de Cornouaille" in html
    _matrix, before = matrix_for_report()
    ServiceOffer.objects.create(name="Pépinière", slug="pepiniere")
    _matrix, after = matrix_for_report()
    assert before != after
    # The matrix changed: asking again gives a new document (the old one stays).
    assert document_for_restitution(meeting=world.plenary).pk != document.pk
    assert Document.objects.filter(kind=Document.Kind.RESTITUTION).count() == 2
