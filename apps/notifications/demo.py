"""Demo follows and notifications, once every meeting, action and minutes exist (phase 2).

- Every author of a contribution that founded an action follows that action (as the platform
  does when it links them), and has a read « your contribution is at the origin of … ».
- The demo stakeholder (acteur@) follows an objective, a filière, a working group and two
  actions, and finds unread news in the centre; one of their contributions is an action's
  origin, so that « ce que sont devenues mes idées » tells a whole story.
Bulk inserts; idempotent (follows ignore conflicts, notifications are written once).
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apps.accounts.demo import demo_account_user
from apps.governance.models import Body, Meeting
from apps.minutes.models import Decision, Minutes
from apps.strategy.models import Contribution, Filiere, Objective, PriorityAction

from .models import Follow, Notification, Preference
from .services import forget_unread_counts

DEMO_PHASE = 2  # after the minutes (phase 1)
K = Notification.Kind


def _type(model):
    return ContentType.objects.get_for_model(model)


def seed_demo_data(**options) -> list[str]:
    scale = max(1, int(options.get("scale", 1) or 1))
    now = timezone.now()
    action_type = _type(PriorityAction)
    links = PriorityAction.contributions.through.objects.filter(
        contribution__author__isnull=False, contribution__is_hidden=False
    ).values_list("priorityaction_id", "contribution__author_id")
    follows = {(author_id, action_id) for action_id, author_id in links}
    Follow.objects.bulk_create(
        [
            Follow(user_id=u, content_type=action_type, object_id=a, automatic=True)
            for u, a in follows
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    titles = dict(PriorityAction.objects.values_list("pk", "title"))
    slugs = dict(PriorityAction.objects.values_list("pk", "slug"))
    already = set(
        Notification.objects.filter(kind=K.CONTRIBUTION_LINKED).values_list(
            "recipient_id", "target_id"
        )
    )
    rows = [
        Notification(
            recipient_id=u,
            kind=K.CONTRIBUTION_LINKED,
            target_type=action_type,
            target_id=a,
            subject=titles[a],
            url=f"/strategie/actions/{slugs[a]}/",
            updated_at=now - timedelta(days=20),
            read_at=now - timedelta(days=19),
            email=Notification.Email.SENT,
        )
        for u, a in sorted(follows)
        if (u, a) not in already
    ]
    Notification.objects.bulk_create(rows, batch_size=1000)

    lines = [f"  Abonnements automatiques aux actions : {len(follows)}"]
    lines += _demo_stakeholder(now=now, scale=scale)
    return lines


def _demo_stakeholder(*, now, scale: int) -> list[str]:
    user = demo_account_user(role=None)
    actions = list(PriorityAction.objects.order_by("pk")[:2])
    objective = Objective.objects.order_by("position").first()
    filiere = Filiere.objects.filter(slug="mer").first() or Filiere.objects.first()
    group = Body.objects.filter(kind=Body.Kind.WORKING_GROUP, is_active=True).order_by(
        "-year", "name"
    )
    group = group.first()
    targets = [t for t in (*actions, objective, filiere, group) if t is not None]
    Follow.objects.bulk_create(
        [Follow(user=user, content_type=_type(t), object_id=t.pk) for t in targets],
        ignore_conflicts=True,
    )
    Preference.objects.get_or_create(user=user, defaults={"frequency": "daily"})
    # One of their ideas founded the first action (the traceability the demo tells).
    if actions and not Contribution.objects.filter(author=user).exists():
        contribution = Contribution.objects.filter(is_hidden=False, actions=actions[0]).first()
        if contribution is not None:
            Contribution.objects.filter(pk=contribution.pk).update(author=user)
            Follow.objects.get_or_create(
                user=user,
                content_type=_type(PriorityAction),
                object_id=actions[0].pk,
                defaults={"automatic": True},
            )
    if Notification.objects.filter(recipient=user).exclude(kind=K.CONTRIBUTION_LINKED).exists():
        return []
    rows = []

    def add(kind, target, subject, url, *, detail="", count=1, hours=1, read=False, source=None):
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                target_type=_type(target),
                target_id=target.pk,
                source_type=_type(source) if source is not None else None,
                source_id=getattr(source, "pk", None),
                subject=subject[:300],
                detail=detail[:600],
                url=url,
                count=count,
                updated_at=now - timedelta(hours=hours),
                read_at=(now - timedelta(hours=hours - 1)) if read else None,
                email=Notification.Email.SENT if read else Notification.Email.PENDING,
            )
        )

    for index, action in enumerate(actions):
        add(
            K.ACTION_STATUS, action, action.title, action.get_absolute_url(),
            detail=f"Nouveau statut : {action.get_status_display()} · avancement {action.progress} %",
            count=1 + index, hours=2 + 30 * index, read=index > 0,
        )  # fmt: skip
    decision = (
        Decision.objects.filter(
            priority_actions__in=actions,
            minutes__visibility=Minutes.Visibility.PUBLIC,
            minutes__versions__isnull=False,
        )  # fmt: skip
        .select_related("minutes__meeting")
        .prefetch_related("priority_actions")
        .first()
    )
    if decision is not None:
        action = decision.priority_actions.all()[0]
        add(
            K.ACTION_DECIDED, action, action.title, f"{action.get_absolute_url()}#decisions",
            detail=f"{decision.minutes.meeting.title} — {decision.text}", hours=5, source=decision,
        )  # fmt: skip
    meeting = (
        Meeting.objects.filter(body=group, status=Meeting.Status.SCHEDULED).first()
        if group
        else None
    )
    if meeting is not None:
        add(
            K.MEETING_PUBLISHED, meeting, meeting.title, meeting.get_absolute_url(),
            detail=group.name, hours=26,
        )  # fmt: skip
    minutes = Minutes.objects.filter(
        visibility=Minutes.Visibility.PUBLIC, versions__isnull=False
    ).select_related("meeting").first()  # fmt: skip
    if minutes is not None:
        add(
            K.MINUTES_PUBLISHED, minutes, minutes.meeting.title, minutes.get_absolute_url(),
            detail=minutes.summary, hours=50, read=True,
        )  # fmt: skip
    Notification.objects.bulk_create(rows)
    forget_unread_counts([user.pk])
    return [f"  Notifications de {user.email} : {len(rows)} (abonnements : {len(targets)})"]
