"""Integration: the coverage alert task on a real Celery worker and Redis (production
settings): the beat task finds the meeting a week ahead, the alert's emails leave through the
outbox, and running the task again sends nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.governance.models import Body, Meeting
from apps.observatory.models import CoverageAlert
from apps.observatory.services import target_set
from apps.observatory.tasks import send_coverage_alerts
from apps.stakeholders.models import ActorCategory
from tests.accounts.factories import UserFactory
from tests.conftest import wait_for
from tests.observatory.helpers import workshop

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_coverage_alert_is_sent_once_by_the_worker(real_celery):
    lead = UserFactory(role="equipe-projet", email="chef.alerte@example.org")
    group = Body.objects.create(kind=Body.Kind.WORKING_GROUP, name="GT alerte", slug="gt-alerte")
    target_set(body=group, by=lead, every_territory=True,
               categories=[ActorCategory.objects.get(slug="professionnel-tourisme")])  # fmt: skip
    meeting = workshop(timezone.now() + timedelta(days=5), body=group,
                       status=Meeting.Status.SCHEDULED, slug="atelier-alerte")  # fmt: skip

    send_coverage_alerts.delay()

    def delivered():
        text = "".join(path.read_text() for path in real_celery.outbox_dir.glob("*.log"))
        return text if "To: chef.alerte@example.org" in text and "atelier-alerte" in text else ""

    content = wait_for(delivered, timeout=60)
    assert "aucun=C2=B7e professionnel du tourisme inscrit=C2=B7e" in content or (
        "professionnel du tourisme inscrit" in content
    )
    log = real_celery.log_path.read_text()
    assert "observatory.send_coverage_alerts" in log
    assert CoverageAlert.objects.filter(meeting=meeting, threshold="7d").count() == 1

    files = len(list(real_celery.outbox_dir.glob("*.log")))
    send_coverage_alerts.delay()
    wait_for(
        lambda: (
            real_celery.log_path.read_text().count("observatory.send_coverage_alerts") >= 4
            or real_celery.log_path.read_text().count("succeeded") >= 4
        ),
        timeout=30,
    )
    assert CoverageAlert.objects.filter(meeting=meeting).count() == 1
    assert len(list(real_celery.outbox_dir.glob("*.log"))) == files
