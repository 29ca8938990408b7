"""The minutes' sections of « Mon espace » (hook `accounts.space`): minutes published since
one's last visit, unread minutes (elected officials), minutes in review (project team)."""

from apps.accounts.rules import is_elected_official, is_project_team
from apps.core.hooks import render_template

from .models import Minutes
from .selectors import published_minutes

LIMIT = 5


def news_section(context, **kwargs) -> str:
    user = context["request"].user
    since = context.get("since")
    versions = published_minutes(viewer=user)
    if since is not None:
        versions = versions.filter(published_at__gt=since)
    versions = list(versions[: LIMIT + 1])
    return render_template(
        "minutes/space/news.html",
        context,
        new_versions=versions[:LIMIT],
        more_new=len(versions) > LIMIT,
    )


def elected_section(context, **kwargs) -> str:
    user = context["request"].user
    if not is_elected_official.test(user):
        return ""
    unread = published_minutes(viewer=user).filter(is_new=True)
    return render_template(
        "minutes/space/unread.html",
        context,
        unread=list(unread[:LIMIT]),
        unread_count=unread.count(),
    )


def review_section(context, **kwargs) -> str:
    user = context["request"].user
    if not is_project_team.test(user):
        return ""
    in_review = Minutes.objects.filter(status=Minutes.Status.IN_REVIEW)
    return render_template(
        "minutes/space/review.html",
        context,
        in_review=list(in_review.select_related("meeting").order_by("submitted_at")[:LIMIT]),
        in_review_count=in_review.count(),
    )
