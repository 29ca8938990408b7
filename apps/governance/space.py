"""Governance's sections of « Mon espace » (the hook `accounts.space`): what is next for me,
and the project lead's convocations to send and answers to chase."""

from django.urls import reverse

from apps.accounts.rules import is_project_team
from apps.core.hooks import render_template

from .models import Participation
from .selectors import meetings_facilitated_today, my_upcoming_participations, team_todo
from .tokens import answer_token


def upcoming_section(context, **kwargs) -> str:
    user = context["request"].user
    participations, total = my_upcoming_participations(user=user)
    for participation in participations:
        participation.answer_url = (
            reverse("governance:answer", kwargs={"token": answer_token(participation)})
            if participation.status == Participation.Status.INVITED
            and participation.meeting.status != participation.meeting.Status.CANCELLED
            else ""
        )
    return render_template(
        "governance/space/upcoming.html",
        context,
        participations=participations,
        participations_total=total,
        awaiting_answer=sum(1 for p in participations if p.answer_url),
        facilitated_today=meetings_facilitated_today(user=user),
    )


def team_section(context, **kwargs) -> str:
    user = context["request"].user
    if not is_project_team.test(user):
        return ""
    return render_template("governance/space/team.html", context, todo=team_todo())
