"""What notifications and follows may be about, and who may see each thing.

One entry per model (its label, « strategy.priorityaction »): whether people may follow it, and
two reads of the same rule as the model's own app —

- `audience(obj, user_ids)`: among these people, those who may see `obj` (when the
  notifications are written: a hidden contribution's event reaches the moderators only);
- `visible_ids(user, ids)`: among these objects, those `user` may see (when the notifications
  are shown or emailed: a thing hidden since is no longer shown).

Both are set-based: a constant number of queries whatever the number of people or rows.
A model with no entry (a call or a comment of the participation app, until it registers one)
falls back on its `participation.view_call`-style rule when there is one, per object, and on
« hidden things for the moderators only » otherwise.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import rules
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q

from apps.accounts.roles import PROJECT_TEAM
from apps.accounts.rules import is_project_team


@dataclass(frozen=True)
class Subject:
    label: str
    followable: bool = False
    audience: Callable | None = None  # (obj, set[int]) -> set[int]
    visible_ids: Callable | None = None  # (user, list[int]) -> set[int]


_subjects: dict[str, Subject] = {}


def register(subject: Subject) -> None:
    _subjects[subject.label] = subject


def get(label: str) -> Subject:
    return _subjects.get(label) or Subject(label=label)


def label_of(obj) -> str:
    return obj._meta.label_lower


def followable_labels() -> list[str]:
    return [s.label for s in _subjects.values() if s.followable and _installed(s.label)]


def _installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return True


# ---------------------------------------------------------------------------------- helpers
def project_team_ids(user_ids: Iterable[int]) -> set[int]:
    return set(
        get_user_model()
        .objects.filter(pk__in=list(user_ids), is_active=True)
        .filter(Q(groups__name=PROJECT_TEAM) | Q(is_superuser=True))
        .values_list("pk", flat=True)
    )


def everyone(obj, user_ids) -> set[int]:
    return set(user_ids)


def all_ids(user, ids) -> set[int]:
    return set(ids)


def audience_of(obj, user_ids: Iterable[int]) -> set[int]:
    user_ids = set(user_ids)
    if not user_ids:
        return set()
    subject = get(label_of(obj))
    if subject.audience is not None:
        return subject.audience(obj, user_ids)
    return _fallback_audience(obj, user_ids)


def visible_ids(label: str, user, ids: Iterable[int]) -> set[int]:
    ids = list(set(ids))
    if not ids:
        return set()
    subject = get(label)
    if subject.visible_ids is not None:
        return subject.visible_ids(user, ids)
    return _fallback_visible_ids(label, user, ids)


def _view_perm(label: str) -> str:
    app_label, model = label.split(".")
    return f"{app_label}.view_{model}"


def _fallback_audience(obj, user_ids: set[int]) -> set[int]:
    perm = _view_perm(label_of(obj))
    if rules.perm_exists(perm):
        users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
        return {u.pk for u in users if u.has_perm(perm, obj)}
    if getattr(obj, "is_hidden", False):
        return project_team_ids(user_ids)
    return user_ids


def _fallback_visible_ids(label: str, user, ids: list[int]) -> set[int]:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return set()
    perm = _view_perm(label)
    objects = model._default_manager.filter(pk__in=ids)
    if rules.perm_exists(perm):
        return {o.pk for o in objects if user.has_perm(perm, o)}
    if is_project_team.test(user):
        return {o.pk for o in objects}
    return {o.pk for o in objects if not getattr(o, "is_hidden", False)}


# --------------------------------------------------------------------- the platform's things
def _meeting_audience(meeting, user_ids: set[int]) -> set[int]:
    from apps.governance.models import Meeting, Membership, Participation

    if meeting.status == Meeting.Status.DRAFT:
        return project_team_ids(user_ids)
    if meeting.visibility == Meeting.Visibility.PUBLIC:
        return user_ids
    insiders = set(
        Membership.objects.active()
        .filter(body_id=meeting.body_id, user_id__in=user_ids)
        .values_list("user_id", flat=True)
    ) | set(
        Participation.objects.filter(
            meeting=meeting, user_id__in=user_ids, status__in=Participation.CONVOKED
        ).values_list("user_id", flat=True)
    )
    return insiders | project_team_ids(user_ids)


def _meeting_visible_ids(user, ids) -> set[int]:
    from apps.governance.selectors import meetings_visible_to

    return set(meetings_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def _contribution_audience(contribution, user_ids: set[int]) -> set[int]:
    if contribution.is_hidden:
        return project_team_ids(user_ids)
    if contribution.meeting_id is not None:
        return _meeting_audience(contribution.meeting, user_ids)
    # Written online: everyone, or the members of the working group the call was limited to.
    if contribution.restricted_to_id is None:
        return user_ids
    from apps.governance.models import Membership

    members = Membership.objects.active().filter(
        body_id=contribution.restricted_to_id, user_id__in=user_ids
    )
    return set(members.values_list("user_id", flat=True)) | project_team_ids(user_ids)


def _contribution_visible_ids(user, ids) -> set[int]:
    from apps.strategy.selectors import contributions_visible_to

    return set(contributions_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def _readable_minutes_q(user, prefix: str = "") -> Q | None:
    """`minutes.read_minutes` as a filter: the minutes app's own rule."""
    from apps.minutes.selectors import readable_minutes_q

    return readable_minutes_q(user, prefix)


def _minutes_audience(minutes, user_ids: set[int]) -> set[int]:
    from apps.governance.models import Membership
    from apps.minutes.models import Minutes

    if not minutes.versions.exists():
        return set()
    if minutes.visibility == Minutes.Visibility.PUBLIC:
        return user_ids
    members = set(
        Membership.objects.active()
        .filter(body_id=minutes.meeting.body_id, user_id__in=user_ids)
        .values_list("user_id", flat=True)
    )
    return members | project_team_ids(user_ids)


def _minutes_visible_ids(user, ids) -> set[int]:
    from apps.minutes.models import Minutes

    minutes = Minutes.objects.filter(pk__in=ids, versions__isnull=False)
    readable = _readable_minutes_q(user)
    if readable is not None:
        minutes = minutes.filter(readable)
    return set(minutes.values_list("pk", flat=True))


def _decision_audience(decision, user_ids: set[int]) -> set[int]:
    return _minutes_audience(decision.minutes, user_ids)


def _decision_visible_ids(user, ids) -> set[int]:
    from apps.minutes.models import Decision

    decisions = Decision.objects.filter(pk__in=ids, minutes__versions__isnull=False)
    readable = _readable_minutes_q(user, "minutes__")
    if readable is not None:
        decisions = decisions.filter(readable)
    return set(decisions.values_list("pk", flat=True))


def register_defaults() -> None:
    """The platform's own things (called from AppConfig.ready)."""
    public = {"audience": everyone, "visible_ids": all_ids}
    register(Subject("strategy.objective", followable=True, **public))
    register(Subject("strategy.filiere", followable=True, **public))
    register(Subject("strategy.priorityaction", followable=True, **public))
    # Bodies: the working groups' pages are public (working_groups.view_group).
    register(Subject("governance.body", followable=True, **public))
    register(
        Subject(
            "strategy.contribution",
            audience=_contribution_audience,
            visible_ids=_contribution_visible_ids,
        )
    )
    register(
        Subject("governance.meeting", audience=_meeting_audience, visible_ids=_meeting_visible_ids)
    )
    register(
        Subject("minutes.minutes", audience=_minutes_audience, visible_ids=_minutes_visible_ids)
    )
    register(
        Subject("minutes.decision", audience=_decision_audience, visible_ids=_decision_visible_ids)
    )
    # A call for contributions (participation) is followable; one reserved to a working group
    # is seen, followed and announced only within the group (and the project team).
    if "participation.call" not in _subjects:
        register(
            Subject(
                "participation.call",
                followable=True,
                audience=_call_audience,
                visible_ids=_call_visible_ids,
            )
        )


def _call_audience(call, user_ids: set[int]) -> set[int]:
    if call.body_id is None:
        return user_ids
    from apps.governance.models import Membership

    members = Membership.objects.active().filter(body_id=call.body_id, user_id__in=user_ids)
    return set(members.values_list("user_id", flat=True)) | project_team_ids(user_ids)


def _call_visible_ids(user, ids) -> set[int]:
    from apps.participation.visibility import calls_visible_to

    return set(calls_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True))
