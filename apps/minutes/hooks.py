"""What the minutes add to the pages of lower apps (apps/core/hooks.py): on a priority action's
page, the decisions taken about it in published minutes."""

from apps.core.hooks import render_template

from .selectors import decisions_about


def action_decisions(context, *, action=None, **kwargs) -> str:
    if action is None:
        return ""
    decisions = decisions_about(action=action, viewer=context["request"].user)
    return render_template("minutes/_action_decisions.html", context, decisions=decisions)
