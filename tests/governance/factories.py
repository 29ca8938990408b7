"""Factories for the governance models (bodies, memberships, meetings, participations…)."""

from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.governance.models import (
    AgendaItem,
    Body,
    Meeting,
    MeetingDocument,
    Membership,
    Participation,
)
from tests.accounts.factories import UserFactory

# The smallest file the upload check takes for a PDF: real PDF syntax, one empty page.
TINY_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def copil() -> Body:
    return Body.objects.get(slug="copil")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.LazyFunction(copil)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
    publicly_listed = True


def day_at_14h(days: int):
    """14:00 local time `days` from today: a meeting of a few hours never runs past midnight,
    whatever the hour the suite runs at (forms refuse an end before the start)."""
    return timezone.localtime(timezone.now() + timedelta(days=days)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.COPIL
    body = factory.LazyFunction(copil)
    title = factory.Sequence(lambda n: f"Séance du COPIL n° {n}")
    slug = factory.Sequence(lambda n: f"seance-copil-{n}")
    start = factory.LazyFunction(lambda: day_at_14h(20))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    place = "Hôtel de ville de Quimper"
    status = Meeting.Status.SCHEDULED
    visibility = Meeting.Visibility.PUBLIC
    # Meeting.created_by is null=True without blank=True: full_clean() (meeting_update) needs it.
    created_by = factory.SubFactory(UserFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Point {n}")
    presenter = "Équipe projet"
    duration_minutes = 20


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    status = Participation.Status.INVITED
    invited_at = factory.LazyFunction(timezone.now)


class MeetingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyFunction(lambda: ContentFile(TINY_PDF, name="document.pdf"))
    content_type = "application/pdf"
    size = len(TINY_PDF)
    visibility = MeetingDocument.Visibility.MEMBERS


def register(meeting: Meeting, user=None, *, attended=None) -> Participation:
    """A confirmed seat (status registered), optionally checked in."""
    return ParticipationFactory(
        meeting=meeting,
        user=user or UserFactory(),
        status=Participation.Status.REGISTERED,
        invited_at=None,
        queued_at=timezone.now(),
        attended=attended,
    )
