"""Strategy's section of « Mon espace »: one's contributions that became priority actions."""

from django.db.models import Prefetch

from apps.core.hooks import render_template

from .models import Contribution, PriorityAction

LIMIT = 5


def actions_section(context, **kwargs) -> str:
    user = context["request"].user
    since = context.get("since")
    mine = Contribution.objects.filter(author=user, is_hidden=False)
    actions = (
        PriorityAction.objects.filter(contributions__in=mine)
        .distinct()
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=mine.only("pk", "text", "type", "meeting_id"),
                to_attr="my_contributions",
            )
        )
        .order_by("-updated_at", "-pk")
    )
    actions = list(actions[:LIMIT])
    if not actions:
        return ""
    for action in actions:
        action.is_news = since is not None and action.updated_at > since
    return render_template("strategy/space/actions.html", context, my_actions=actions)
