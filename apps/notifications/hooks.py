"""What notifications adds to the pages of lower apps (apps/core/hooks.py): the header's
counter, a follow button on the things one may follow, the email preference on the profile,
and two sections of the personal space."""

from apps.core.hooks import render_template

from . import selectors, services, subjects


def header_tools(context, **kwargs) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return render_template(
        "notifications/_header_link.html", context, unread=selectors.unread_count(user=user)
    )


def follow_button(context, target, label: str) -> str:
    if target is None:
        return ""
    request = context["request"]
    return render_template(
        "notifications/_follow_button.html",
        context,
        follow_target=target,
        follow_type=subjects.label_of(target),
        follow_label=label,
        following=services.is_following(user=request.user, target=target),
        follow_next=request.get_full_path(),
    )


def action_follow(context, *, action=None, **kwargs) -> str:
    return follow_button(context, action, "action")


def objective_follow(context, *, objective=None, **kwargs) -> str:
    return follow_button(context, objective, "objective")


def group_follow(context, *, group=None, **kwargs) -> str:
    return follow_button(context, getattr(group, "body", None), "group")


def call_follow(context, *, call=None, **kwargs) -> str:
    return follow_button(context, call, "call")


def profile_preferences(context, **kwargs) -> str:
    from .forms import PreferenceForm

    user = context["request"].user
    form = PreferenceForm(initial={"frequency": services.frequency_of(user)})
    return render_template(
        "notifications/_profile_preferences.html",
        context,
        pref_form=form,
        # back to this section of the profile after saving
        pref_next=f"{context['request'].path}#titre-notifications",
    )


def space_sections(context, user=None, request=None, **kwargs) -> str:
    user = user or context["request"].user
    if not user.is_authenticated:
        return ""
    return render_template(
        "notifications/_space_sections.html",
        context,
        ideas=selectors.my_ideas_summary(user=user),
        unread=selectors.unread_count(user=user),
    )


def connect() -> None:
    from apps.core import hooks

    hooks.connect("site.header_tools", header_tools)
    hooks.connect("strategy.action_header", action_follow)
    hooks.connect("strategy.objective_header", objective_follow)
    hooks.connect("working_groups.group_header", group_follow)
    # The participation app's call page (issue 14) names this place.
    hooks.connect("participation.call_header", call_follow)
    hooks.connect("accounts.profile_tools", profile_preferences, priority=40)
    hooks.connect("accounts.space", space_sections, priority=30)
