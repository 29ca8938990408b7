"""Workshops' section of « Mon espace »: the next workshops one may still join."""

from django.utils import timezone

from apps.core.hooks import render_template
from apps.governance.models import Meeting, Participation

from .selectors import workshops_visible_to

LIMIT = 3


def next_workshops_section(context, **kwargs) -> str:
    user = context["request"].user
    mine = Participation.objects.filter(user=user).values("meeting_id")
    workshops = list(
        workshops_visible_to(user=user)
        .filter(status=Meeting.Status.SCHEDULED, start__gt=timezone.now())
        .exclude(pk__in=mine)
        .order_by("start", "pk")[:LIMIT]
    )
    return render_template("workshops/space/next.html", context, next_workshops=workshops)
