"""Builders shared by the governance tests (bodies, members, meetings)."""

from datetime import timedelta

from django.utils import timezone

from apps.governance import services
from apps.governance.models import Body, Meeting, Membership
from tests.accounts.factories import UserFactory


def copil() -> Body:
    return Body.objects.get(slug="copil")


def add_member(body: Body, user=None, *, role=Membership.Role.MEMBER, **extra) -> Membership:
    user = user or UserFactory()
    return Membership.objects.create(body=body, user=user, role=role, **extra)


def schedule(
    *, by, days: int = 10, title: str = "COPIL de décembre", agenda=(), **fields
) -> Meeting:
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    defaults = {
        "kind": Meeting.Kind.COPIL,
        "body": copil(),
        "title": title,
        "start": start,
        "end": start + timedelta(hours=2),
        "place": "Salle du conseil, 3 rue Kerfeunteun, Quimper",
        "agenda": [services.AgendaEntry(title=t) for t in agenda] if agenda else [],
    }
    defaults.update(fields)
    return services.meeting_create(created_by=by, **defaults)
