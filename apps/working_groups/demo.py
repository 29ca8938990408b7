"""Demo working groups: two a year over three years, each with its theme (objectives,
filières), the demo facilitator and about 35 volunteer members. Called by `manage.py seed_demo`
before the workshops demo, which gives each group its workshops. Idempotent."""

import random

from django.utils import timezone

from apps.accounts.demo import demo_account_user, demo_participants
from apps.governance.models import Body, Membership
from apps.strategy.demo import GROUP_THEMES, group_slug
from apps.strategy.models import Filiere, Objective

from .models import WorkingGroup


def seed_demo_data(**options) -> list[str]:
    facilitator = demo_account_user(role="facilitateur")
    stakeholder = demo_account_user(role=None)
    people = list(demo_participants().order_by("pk"))
    if stakeholder not in people:
        people.append(stakeholder)
    objectives = {o.slug: o for o in Objective.objects.all()}
    filieres = {f.slug: f for f in Filiere.objects.all()}
    this_year = timezone.localdate().year
    groups = []
    for offset, year in enumerate((this_year - 2, this_year - 1, this_year)):
        for index in range(2):
            theme, objective_slugs, filiere_slugs = GROUP_THEMES[offset * 2 + index]
            body, _ = Body.objects.update_or_create(
                slug=group_slug(year, index),
                defaults={
                    "kind": Body.Kind.WORKING_GROUP,
                    "name": f"Groupe de travail {year} : {theme}",
                    "year": year,
                    "description": f"Groupe de travail {year} de la démarche d'attractivité, "
                    f"consacré au thème « {theme} ».",
                    "is_active": year == this_year,
                },
            )
            group, _ = WorkingGroup.objects.update_or_create(
                body=body,
                defaults={
                    "theme": theme,
                    "join_policy": WorkingGroup.JoinPolicy.APPROVAL
                    if index
                    else WorkingGroup.JoinPolicy.OPEN,
                },
            )
            group.objectives.set([objectives[s] for s in objective_slugs])
            group.filieres.set([filieres[s] for s in filiere_slugs])
            groups.append(group)
            Membership.objects.update_or_create(
                body=body, user=facilitator, until=None,
                defaults={"role": Membership.Role.FACILITATOR, "title": "Consultante"},
            )  # fmt: skip
            # One generator per row: a re-run draws the same people whatever was skipped.
            rng = random.Random(f"demo-{body.slug}")
            volunteers = rng.sample(people, k=min(len(people), 35))
            existing = set(Membership.objects.filter(body=body).values_list("user_id", flat=True))
            Membership.objects.bulk_create(
                [
                    Membership(
                        body=body,
                        user=v,
                        role=Membership.Role.MEMBER,
                        since=timezone.localdate().replace(year=year, month=1, day=15),
                    )
                    for v in volunteers
                    if v.pk not in existing and v.pk != facilitator.pk
                ]
            )
    lines = [f"  Groupes de travail : {len(groups)} sur trois ans"]
    if options.get("scale"):
        from .demo_history import seed_groups

        history = seed_groups(
            scale=options["scale"], facilitator=facilitator, people=[p.pk for p in people]
        )
        lines.append(f"  Historique : {len(history)} groupes de travail")
    return lines
