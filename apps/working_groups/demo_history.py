"""The history part of the demo at `seed_demo --scale N`: fifteen working groups per unit of
scale (150 at 10×) spread over the history's years, each with its theme, the demo facilitator
and about twenty members. Bulk inserts; slugs (gt-h-YEAR-N) are stable."""

import random

from django.utils import timezone

from apps.core.demo import history_years
from apps.governance.models import Body, Membership
from apps.strategy.demo import history_group_slug, history_theme
from apps.strategy.models import Filiere, Objective

from .models import WorkingGroup

GROUPS_PER_SCALE = 15
MEMBERS = (12, 28)


def seed_groups(*, scale: int, facilitator, people: list[int]) -> list[Body]:
    """Create the history's working groups that do not exist yet; return their bodies."""
    years = history_years(scale)
    per_year, extra = divmod(GROUPS_PER_SCALE * scale, len(years))
    this_year = timezone.localdate().year
    wanted = [
        (year, number)
        for index, year in enumerate(years)
        for number in range(1, per_year + (index < extra) + 1)
    ]
    existing = set(Body.objects.filter(slug__startswith="gt-h-").values_list("slug", flat=True))
    objectives = {o.slug: o for o in Objective.objects.all()}
    filieres = {f.slug: f for f in Filiere.objects.all()}
    bodies, themes = [], []
    for year, number in wanted:
        slug = history_group_slug(year, number)
        if slug in existing:
            continue
        theme = history_theme(slug)
        bodies.append(
            Body(
                slug=slug,
                kind=Body.Kind.WORKING_GROUP,
                name=f"Groupe de travail {year} n° {number} : {theme[0]}",
                year=year,
                description=f"Groupe de travail {year} de la démarche d'attractivité, consacré "
                f"au thème « {theme[0]} ».",
                is_active=year == this_year,
            )
        )
        themes.append(theme)
    Body.objects.bulk_create(bodies, batch_size=500)
    groups = WorkingGroup.objects.bulk_create(
        [
            WorkingGroup(
                body=body,
                theme=theme,
                join_policy=WorkingGroup.JoinPolicy.APPROVAL
                if index % 3 == 0
                else WorkingGroup.JoinPolicy.OPEN,
            )
            for index, (body, (theme, _o, _f)) in enumerate(zip(bodies, themes, strict=True))
        ],
        batch_size=500,
    )
    objective_links, filiere_links, memberships = [], [], []
    for group, body, (_theme, objective_slugs, filiere_slugs) in zip(
        groups, bodies, themes, strict=True
    ):
        objective_links += [
            WorkingGroup.objectives.through(workinggroup_id=group.pk, objective_id=objectives[s].pk)
            for s in objective_slugs
        ]
        filiere_links += [
            WorkingGroup.filieres.through(workinggroup_id=group.pk, filiere_id=filieres[s].pk)
            for s in filiere_slugs
        ]
        rng = random.Random(f"demo-{body.slug}")
        since = timezone.localdate().replace(year=body.year, month=1, day=15)
        memberships.append(
            Membership(body=body, user=facilitator, role=Membership.Role.FACILITATOR,
                       title="Consultante", since=since)
        )  # fmt: skip
        memberships += [
            Membership(body=body, user_id=user_id, role=Membership.Role.MEMBER, since=since)
            for user_id in rng.sample(people, k=min(len(people), rng.randint(*MEMBERS)))
            if user_id != facilitator.pk
        ]
    WorkingGroup.objectives.through.objects.bulk_create(objective_links, batch_size=2000)
    WorkingGroup.filieres.through.objects.bulk_create(filiere_links, batch_size=2000)
    Membership.objects.bulk_create(memberships, batch_size=2000)
    return bodies
