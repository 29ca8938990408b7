"""Priority actions and contributions in the site-wide search.

Actions are public. A contribution is found only when it is not hidden and its workshop is one
the person may see (the project team sees hidden ones too, as on the workshop page).
"""

from functools import reduce
from operator import and_

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from apps.accounts.rules import is_project_team
from apps.core.search import Result, words
from apps.governance.selectors import meetings_visible_to
from apps.strategy.markdown import plain_text

from .models import Contribution, PriorityAction


def _all_words(fields: tuple[str, ...], terms: list[str]) -> Q:
    return reduce(
        and_,
        (reduce(lambda a, b: a | b, (Q(**{f"{f}__icontains": t}) for f in fields)) for t in terms),
    )


def find_actions(query: str, user, limit: int) -> list[Result]:
    terms = words(query)
    if not terms:
        return []
    actions = (
        PriorityAction.objects.filter(_all_words(("title", "description"), terms))
        .select_related("objective")
        .order_by("-updated_at", "-pk")[:limit]
    )
    return [
        Result(
            title=action.title,
            url=action.get_absolute_url(),
            kind=str(_("Actions prioritaires")),
            excerpt=" · ".join(
                part
                for part in (
                    action.get_status_display(),
                    action.objective.title,
                    Truncator(action.description).words(25),
                )
                if part
            ),
        )
        for action in actions
    ]


def find_contributions(query: str, user, limit: int) -> list[Result]:
    terms = words(query)
    if not terms:
        return []
    contributions = Contribution.objects.filter(_all_words(("text",), terms)).filter(
        meeting__in=meetings_visible_to(user=user).values("pk")
    )
    if not is_project_team.test(user):
        contributions = contributions.filter(is_hidden=False)
    contributions = contributions.select_related("meeting").order_by("-created_at", "-pk")[:limit]
    return [
        Result(
            title=Truncator(plain_text(contribution.text)).chars(90),
            url=f"{contribution.meeting.get_absolute_url()}#contribution-{contribution.pk}",
            kind=str(_("Contributions")),
            excerpt=_("%(type)s, atelier « %(meeting)s »")
            % {"type": contribution.get_type_display(), "meeting": contribution.meeting.title},
            date=contribution.created_at,
        )
        for contribution in contributions
    ]
