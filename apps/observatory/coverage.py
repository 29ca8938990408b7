"""The coverage of one upcoming meeting against its working group's target: who is registered,
by EPCI × actor category, and the gaps named in French."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.governance.models import Meeting, Membership, Participation
from apps.stakeholders.models import ActorCategory, Territory

from .models import CoverageTarget, Invitation
from .selectors import category_expression, territory_expression

# Who counts as « inscrit·e » for the coverage: a confirmed seat (not the waiting list).
COVERED_STATUSES = (Participation.Status.REGISTERED, Participation.Status.ATTENDING)
MAX_CANDIDATES = 50


def territory_with_article(name: str) -> str:
    """« du Haut Pays Bigouden », « du Cap Sizun… », « de Douarnenez Communauté »."""
    first = name.split(" ", 1)[0].lower()
    if first in {"pays", "haut", "cap"}:
        return _("du %(name)s") % {"name": name}
    return _("de %(name)s") % {"name": name}


def category_phrase(name: str) -> str:
    """A category name inside a sentence (« professionnel du tourisme »), acronyms kept."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


@dataclass
class Gap:
    sentence: str
    territory: Territory | None = None
    category: ActorCategory | None = None
    have: int = 0
    need: int = 1

    @property
    def query(self) -> str:
        parts = []
        if self.territory is not None:
            parts.append(f"epci={self.territory.slug}")
        if self.category is not None:
            parts.append(f"categorie={self.category.slug}")
        return "&".join(parts)


@dataclass
class Coverage:
    meeting: Meeting
    target: CoverageTarget
    territories: list
    categories: list  # the required ones (columns of the grid), may be empty
    rows: list = field(default_factory=list)  # (territory, total, [cells])
    total: int = 0
    gaps: list = field(default_factory=list)
    invitations: int = 0


def target_for(meeting: Meeting) -> CoverageTarget | None:
    if meeting.body_id is None or meeting.kind not in Meeting.REGISTRABLE_KINDS:
        return None
    return (
        CoverageTarget.objects.filter(body_id=meeting.body_id)
        .prefetch_related("categories")
        .first()
    )


def gap_sentences(target, territories, categories, counts) -> list[Gap]:
    """The gaps of a registration count {(territory_id, category_id): n} against `target`."""
    by_territory: dict = {}
    by_category: dict = {}
    for (territory_id, category_id), n in counts.items():
        by_territory[territory_id] = by_territory.get(territory_id, 0) + n
        by_category[category_id] = by_category.get(category_id, 0) + n
    gaps = []
    empty_territories = set()
    if target.every_territory:
        for territory in territories:
            if not by_territory.get(territory.pk):
                empty_territories.add(territory.pk)
                gaps.append(
                    Gap(
                        _("aucune personne %(territory)s inscrite")
                        % {"territory": territory_with_article(territory.name)},
                        territory=territory,
                    )
                )
    for category in categories:
        if not by_category.get(category.pk):
            gaps.append(
                Gap(
                    _("aucun·e %(category)s inscrit·e")
                    % {"category": category_phrase(category.name)},
                    category=category,
                )
            )
    need = target.min_per_cell or 0
    if need:
        for territory in territories:
            if territory.pk in empty_territories:
                continue  # already named as a whole: its cells would repeat it
            for category in categories:
                have = counts.get((territory.pk, category.pk), 0)
                if have >= need:
                    continue
                words = {
                    "category": category_phrase(category.name),
                    "territory": territory_with_article(territory.name),
                    "have": have,
                    "need": need,
                }
                sentence = (
                    _("aucun·e %(category)s %(territory)s inscrit·e") % words
                    if have == 0
                    else _(
                        "%(have)s %(category)s %(territory)s inscrit·e(s) sur %(need)s attendu·e(s)"
                    )
                    % words
                )
                gaps.append(Gap(sentence, territory, category, have, need))
    return gaps


def meeting_coverage(meeting: Meeting, target: CoverageTarget | None = None) -> Coverage | None:
    """The coverage of `meeting`, or None when its body has no target (constant queries)."""
    target = target or target_for(meeting)
    if target is None:
        return None
    territories = list(Territory.objects.all())
    categories = list(target.categories.all())
    counts = {
        (t, c): n
        for t, c, n in Participation.objects.filter(meeting=meeting, status__in=COVERED_STATUSES)
        .annotate(t=territory_expression(), c=category_expression())
        .values("t", "c")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("t", "c", "n")
    }
    need = target.min_per_cell or 1
    rows = []
    for territory in territories:
        cells = []
        for category in categories:
            value = counts.get((territory.pk, category.pk), 0)
            cells.append({"value": value, "missing": value < need, "category": category})
        total = sum(n for (t, _c), n in counts.items() if t == territory.pk)
        rows.append((territory, total, cells))
    return Coverage(
        meeting=meeting,
        target=target,
        territories=territories,
        categories=categories,
        rows=rows,
        total=sum(counts.values()),
        gaps=gap_sentences(target, territories, categories, counts),
        invitations=Invitation.objects.filter(meeting=meeting).count(),
    )


def invitation_candidates(*, meeting: Meeting, territory=None, category=None):
    """People matching a gap who consented to be invited, not already registered or invited
    for this meeting; past participants first. Bounded."""
    people = User.objects.filter(is_active=True, accepts_invitations=True)
    if territory is not None:
        people = people.filter(territory=territory)
    if category is not None:
        people = people.filter(actor_category=category)
    if meeting.visibility == Meeting.Visibility.MEMBERS:
        # Only those who may register (governance.selectors.registration_problem): members.
        members = Membership.objects.active().filter(body_id=meeting.body_id)
        people = people.filter(pk__in=members.values("user_id"))
    taken = Participation.objects.filter(meeting=meeting, user=OuterRef("pk")).exclude(
        status=Participation.Status.CANCELLED
    )
    invited = Invitation.objects.filter(meeting=meeting, user=OuterRef("pk"))
    came = Participation.objects.filter(user=OuterRef("pk"), attended=True)
    return (
        people.exclude(Exists(taken))
        .exclude(Exists(invited))
        .annotate(came_before=Exists(came))
        .select_related("organisation", "territory", "actor_category")
        .order_by("-came_before", "last_name", "first_name", "pk")
    )
