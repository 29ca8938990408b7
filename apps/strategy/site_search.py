"""Priority actions and contributions in the site-wide search.

Actions are public. A contribution is found only when it is not hidden and its workshop is one
the person may see (the project team sees hidden ones too, as on the workshop page).
"""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from apps.core.search import Result, match_all, words
from apps.strategy.markdown import plain_text

from .models import PriorityAction
from .selectors import contributions_visible_to


def find_actions(query: str, user, limit: int) -> list[Result]:
    terms = words(query)
    if not terms:
        return []
    actions = (
        PriorityAction.objects.filter(match_all(("title", "description"), terms))
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
    # The pages' rule (strategy.selectors): workshops the person may see, hidden ones for the
    # team; online contributions are the participation provider's.
    contributions = (
        contributions_visible_to(user=user)
        .filter(meeting__isnull=False)
        .filter(match_all(("text",), terms))
    )
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
