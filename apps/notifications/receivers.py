"""What the lower floors announce, turned into notifications (connected in AppConfig.ready).

Every receiver runs inside the transaction of the change that sent the signal: the
notifications and their promised emails commit with the change or not at all.
"""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from apps.strategy.markdown import plain_text

from . import services
from .models import Notification

K = Notification.Kind


# ----------------------------------------------------------------------------- governance
def on_meeting_published(sender, meeting, by=None, **kwargs):
    """A new session or workshop: the followers of its body, and of the objectives and filières
    of a workshop."""
    targets = [meeting.body]
    from apps.workshops.models import Workshop

    workshop = (
        Workshop.objects.filter(meeting=meeting).prefetch_related("objectives", "filieres").first()
    )
    if workshop is not None:
        targets += [*workshop.objectives.all(), *workshop.filieres.all()]
    recipients = services.followers_of(*targets)
    if not recipients:
        return
    when = formats.date_format(timezone.localtime(meeting.start), "j F Y à H:i")
    detail = f"{meeting.body.name} · {when}" if meeting.body_id else when
    services.notify(
        kind=K.MEETING_PUBLISHED,
        target=meeting,
        recipients=recipients,
        subject=meeting.title,
        detail=detail,
        url=meeting.get_absolute_url(),
        by=by,
    )


# -------------------------------------------------------------------------------- minutes
def on_minutes_published(sender, version, by=None, **kwargs):
    """Minutes published: the followers of the body; at their first publication, the decisions
    about priority actions reach the followers of each action (the COPIL's word flows back)."""
    from apps.governance.models import Membership

    minutes = version.minutes
    meeting = minutes.meeting
    if meeting.body_id:
        recipients = services.followers_of(meeting.body)
        # The members already received the minutes' own email (minutes.notice).
        members = set(
            Membership.objects.active()
            .filter(body_id=meeting.body_id, user__notify_minutes=True)
            .values_list("user_id", flat=True)
        )
        services.notify(
            kind=K.MINUTES_PUBLISHED,
            target=minutes,
            recipients=recipients,
            subject=meeting.title,
            detail=minutes.summary,
            url=version.get_absolute_url(),
            by=by,
            without_email=members,
        )
    if version.number != 1:
        return  # a correction: its decisions were announced with the first version
    decisions = minutes.decisions.prefetch_related(
        "priority_actions__objective", "priority_actions__filiere"
    )
    for decision in decisions:
        for action in decision.priority_actions.all():
            notify_action_decided(action=action, decision=decision, by=by)


def notify_action_decided(*, action, decision, by=None, status_label: str = "") -> int:
    meeting = decision.minutes.meeting
    text = decision.text
    if status_label:
        text = _("Nouveau statut : %(status)s. %(text)s") % {"status": status_label, "text": text}
    return services.notify(
        kind=K.ACTION_DECIDED,
        target=action,
        source=decision,
        recipients=services.followers_of(action),
        subject=action.title,
        detail=f"{meeting.title} — {text}",
        url=f"{action.get_absolute_url()}#decisions",
        by=by,
    )


# ------------------------------------------------------------------------------- strategy
def on_contributions_linked(sender, action, contributions, by=None, created=False, **kwargs):
    """« Your contribution became an action »: the authors are told (the one email that says
    so, per their preference) and follow the action from now on; a new action is announced to
    the followers of its objective and filière."""
    per_author: dict[int, int] = {}
    for contribution in contributions:
        if contribution.author_id:
            per_author[contribution.author_id] = per_author.get(contribution.author_id, 0) + 1
    services.follow_many(user_ids=per_author, target=action)
    if created and by is not None:
        services.follow_many(user_ids=[by.pk], target=action)
    for author_id, count in per_author.items():
        for _step in range(count):  # each linked contribution counts in the grouped sentence
            services.notify(
                kind=K.CONTRIBUTION_LINKED,
                target=action,
                recipients=[author_id],
                subject=action.title,
                detail=action.get_status_display(),
                url=action.get_absolute_url(),
                by=by if by is not None and by.pk != author_id else None,
            )
    if created:
        recipients = services.followers_of(action.objective, action.filiere) - set(per_author)
        services.notify(
            kind=K.ACTION_CREATED,
            target=action,
            recipients=recipients,
            subject=action.title,
            detail=action.objective.title,
            url=action.get_absolute_url(),
            by=by,
        )


def on_action_status_changed(
    sender, action, old_status, new_status, by=None, source=None, **kwargs
):
    """A new status: the followers of the action (its contributors among them) and of its
    objective and filière. Decided by minutes (`source` a Decision): said with the decision."""
    from apps.minutes.models import Decision

    label = action.get_status_display()
    if isinstance(source, Decision):
        notify_action_decided(action=action, decision=source, by=by, status_label=label)
        return
    services.notify(
        kind=K.ACTION_STATUS,
        target=action,
        recipients=services.followers_of(action, action.objective, action.filiere),
        subject=action.title,
        detail=_("Nouveau statut : %(status)s · avancement %(progress)d %%")
        % {"status": label, "progress": action.progress},
        url=action.get_absolute_url(),
        by=by,
    )


# ------------------------------------------------------------ participation (issue 14, 14b)
def _contribution_url(contribution) -> str:
    if hasattr(contribution, "get_absolute_url"):
        return contribution.get_absolute_url()
    if contribution.meeting_id is None:  # written online: its own page, with its comments
        return reverse("participation:contribution", args=[contribution.pk])
    return f"{contribution.meeting.get_absolute_url()}#contribution-{contribution.pk}"


def on_comment_posted(comment) -> int:
    """A comment on a contribution (its author follows it implicitly) or on an action (its
    followers); a reply also reaches the author of the comment answered. Grouped per thing.

    Written for the participation app's `comment_posted(comment=…)`: the comment names what it
    is about as `contribution`, `action` or `target`, its `author`, and maybe its `parent`.
    """
    from apps.strategy.models import Contribution, PriorityAction

    target = (
        getattr(comment, "contribution", None)
        or getattr(comment, "action", None)
        or getattr(comment, "target", None)
    )
    if target is None:
        return 0
    recipients = services.followers_of(target)
    if isinstance(target, Contribution):
        recipients.add(target.author_id)
        subject = Truncator(plain_text(target.text)).chars(120)
        url = _contribution_url(target)
    elif isinstance(target, PriorityAction):
        subject, url = target.title, target.get_absolute_url()
    else:
        subject = str(target)
        url = target.get_absolute_url()
    parent = getattr(comment, "parent", None)
    if parent is not None:
        recipients.add(getattr(parent, "author_id", None))
    url = comment.get_absolute_url() if hasattr(comment, "get_absolute_url") else url
    return services.notify(
        kind=K.COMMENT_POSTED,
        target=target,
        source=comment,
        recipients=recipients,
        subject=subject,
        detail=str(getattr(comment, "text", ""))[:300],
        url=url,
        by=getattr(comment, "author", None),
    )


def on_call_opened(call) -> int:
    """A call for contributions opened: the followers of its objective(s), challenge's
    objective and filière(s) — only those who may see it (a group's call: its members)."""
    targets = []
    for name in ("objective", "filiere", "challenge"):
        value = getattr(call, name, None)
        if value is not None:
            targets.append(value)
            if name == "challenge":
                targets.append(value.objective)
    for name in ("objectives", "filieres"):
        related = getattr(call, name, None)
        if related is not None and hasattr(related, "all"):
            targets += list(related.all())
    return services.notify(
        kind=K.CALL_OPENED,
        target=call,
        recipients=services.followers_of(*targets),
        subject=getattr(call, "title", None) or str(call),
        detail=str(getattr(call, "question", ""))[:300],
        url=call.get_absolute_url(),
        by=getattr(call, "opened_by", None) or getattr(call, "created_by", None),
    )


def connect() -> None:
    from apps.governance.signals import meeting_published
    from apps.minutes.signals import minutes_published
    from apps.strategy.signals import action_status_changed, contributions_linked_to_action

    meeting_published.connect(on_meeting_published, dispatch_uid="notifications.meeting")
    minutes_published.connect(on_minutes_published, dispatch_uid="notifications.minutes")
    contributions_linked_to_action.connect(
        on_contributions_linked, dispatch_uid="notifications.linked"
    )
    action_status_changed.connect(on_action_status_changed, dispatch_uid="notifications.status")
    try:  # the participation app (issue 14) sends these once merged
        from apps.participation import signals as participation
    except ImportError:
        return
    if hasattr(participation, "comment_posted"):
        participation.comment_posted.connect(
            _comment_receiver, dispatch_uid="notifications.comment"
        )
    if hasattr(participation, "call_opened"):
        participation.call_opened.connect(_call_receiver, dispatch_uid="notifications.call")


def _comment_receiver(sender, comment, **kwargs):
    on_comment_posted(comment)


def _call_receiver(sender, call, **kwargs):
    on_call_opened(call)
