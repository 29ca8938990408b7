"""What participation adds to the pages of lower apps: on a priority action's page, its
comments thread and its way to the COPIL (proposals and the decision that came back)."""

from apps.core.hooks import render_template

from .selectors import action_participation


def action_box(context, *, action=None, **kwargs) -> str:
    if action is None:
        return ""
    request = context["request"]
    data = action_participation(action=action, user=request.user, page=request.GET.get("page"))
    return render_template("participation/_action_box.html", context, **data)
