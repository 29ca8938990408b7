"""Who a segment selects, the archive, the pages' reads."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from apps.governance.models import Membership, Participation

from .models import FiliereInterest, Mailing, Segment

User = get_user_model()


def criteria_of(segment: Segment) -> dict:
    """The segment's criteria as lists of ids (one query per kind; a constant number)."""
    if segment.pk is None:
        return {"territories": [], "categories": [], "bodies": [], "meetings": [], "filieres": []}
    return {
        "territories": list(segment.territories.values_list("pk", flat=True)),
        "categories": list(segment.categories.values_list("pk", flat=True)),
        "bodies": list(segment.bodies.values_list("pk", flat=True)),
        "meetings": list(segment.attended_meetings.values_list("pk", flat=True)),
        "filieres": list(segment.filieres.values_list("pk", flat=True)),
    }


def recipients(
    *,
    territories=(),
    outside_cornouaille: bool = False,
    categories=(),
    bodies=(),
    meetings=(),
    filieres=(),
) -> QuerySet:
    """Active people who consented to the newsletter, matching every kind of criterion given
    (one of its values). Consent is not a criterion one may leave out: it is always applied."""
    people = User.objects.filter(is_active=True, newsletter=True)
    if territories or outside_cornouaille:
        where = Q(territory__in=territories) if territories else Q(pk__in=[])
        if outside_cornouaille:
            where |= Q(territory__isnull=True)
        people = people.filter(where)
    if categories:
        people = people.filter(actor_category__in=categories)
    if bodies:
        people = people.filter(
            Exists(Membership.objects.active().filter(user=OuterRef("pk"), body__in=bodies))
        )
    if meetings:
        people = people.filter(
            Exists(
                Participation.objects.filter(
                    user=OuterRef("pk"), meeting__in=meetings, attended=True
                )
            )
        )
    if filieres:
        people = people.filter(
            Exists(FiliereInterest.objects.filter(user=OuterRef("pk"), filiere__in=filieres))
        )
    return people.order_by("pk")


def segment_recipients(segment: Segment) -> QuerySet:
    criteria = criteria_of(segment)
    return recipients(
        territories=criteria["territories"],
        outside_cornouaille=segment.outside_cornouaille,
        categories=criteria["categories"],
        bodies=criteria["bodies"],
        meetings=criteria["meetings"],
        filieres=criteria["filieres"],
    )


def recipients_preview(people: QuerySet, *, limit: int = 50) -> list:
    return list(
        people.select_related("organisation", "actor_category", "territory").only(
            "first_name", "last_name", "email", "organisation__name", "actor_category__name",
            "territory__name",
        )[:limit]
    )  # fmt: skip


def archive() -> QuerySet:
    return Mailing.objects.filter(status=Mailing.Status.SENT, in_archive=True).order_by(
        "-sent_at", "-pk"
    )


def team_mailings() -> QuerySet:
    return Mailing.objects.select_related("segment").order_by("-created_at", "-pk")
