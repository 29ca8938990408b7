"""The observatory's figures, cached: aggregates over the whole history (every attendance,
contribution and invitation of ten years at `--scale 10`) that cost 200–350 ms to compute and
a few milliseconds to read back.

Every person allowed to see the observatory sees the same figures (aggregates, no names), so
a value is cached per period and language only. The key changes whenever what is counted
changes (apps.core.generations):
- a generation, bumped when a participation, a meeting, a contribution (or its tags), an
  action's origin, an invitation, a person's territory, category or organisation, or a
  reference list (EPCI, categories, filières, objectives, organisations, phases) is saved or
  deleted;
- a fingerprint read in ONE query: number, last id and last change of the participations,
  number and last id of the contributions, action links, invitations and accounts, the
  active accounts, the last change of the meetings and how many have started (the attendance
  rate counts the meetings already held), and today's date (the current year, the retention).
  A bulk write the signals do not see still changes the key.
"""

import hashlib

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from apps.accounts.models import User
from apps.core.generations import Generation
from apps.governance.models import Meeting, Participation
from apps.stakeholders.models import ActorCategory, Organisation, Territory
from apps.strategy.models import Contribution, Filiere, Objective, Phase, PriorityAction

from . import selectors
from .models import Invitation

generation = Generation("observatory")

# What a person's save changes in the figures; a save of other fields (a sign-in's last_login,
# the personal space's last visit) leaves them alone.
PROFILE_FIELDS = {"territory", "actor_category", "organisation", "is_active"}


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def fingerprint() -> str:
    """One query over the tables the figures read (see the module's docstring). The SQL is
    built from the models' table names, never from input; the only value is a parameter."""
    as_text = "COALESCE(CAST({} AS TEXT), '')"
    participations = (
        f"SELECT COUNT(*) || ':' || {as_text.format('MAX(id)')} || ':' "  # noqa: S608
        f"|| {as_text.format('MAX(updated_at)')} FROM {_table(Participation)}"
    )
    meetings = (
        f"SELECT COUNT(*) || ':' || {as_text.format('MAX(updated_at)')} || ':' "  # noqa: S608
        f"|| COALESCE(SUM(CASE WHEN start < %s THEN 1 ELSE 0 END), 0) FROM {_table(Meeting)}"
    )
    accounts = (
        f"SELECT COUNT(*) || ':' || {as_text.format('MAX(id)')} || ':' "  # noqa: S608
        f"|| COALESCE(SUM(CASE WHEN is_active THEN 1 ELSE 0 END), 0) FROM {_table(User)}"
    )

    def rows(model) -> str:
        return f"SELECT COUNT(*) || ':' || {as_text.format('MAX(id)')} FROM {_table(model)}"  # noqa: S608

    parts = [
        participations,
        meetings,
        accounts,
        rows(Contribution),
        rows(PriorityAction.contributions.through),
        rows(Invitation),
    ]
    sql = "SELECT " + ", ".join(f"({part})" for part in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(timezone.now())])
        values = cursor.fetchone()
    text = "|".join(str(value) for value in (timezone.localdate(), *values))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


class Figures:
    """The cached figures of one request: the fingerprint is read once, whatever is asked."""

    def __init__(self):
        self._fingerprint = None
        self.scope = get_language() or "fr"

    def _print(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = fingerprint()
        return self._fingerprint

    def _cached(self, what: str, compute):
        return generation.cached(what, self.scope, self._print, compute)

    def years(self) -> list[int]:
        return self._cached("years", selectors.available_years)

    def dashboard(self, period, years):
        return self._cached(
            f"dashboard:{period.key}:{','.join(map(str, years))}",
            lambda: selectors.dashboard(period, years),
        )

    def organisations(self, period) -> list[dict]:
        """Every organisation's funnel row of the period, ordered for the page (paginated by
        the caller: 1,300 organisations at `--scale 10` are a few dozen kilobytes)."""
        return self._cached(
            f"organisations:{period.key}",
            lambda: list(selectors.funnel_by_organisation_rows(period)),
        )


def _profile_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or update_fields is None or PROFILE_FIELDS & set(update_fields):
        generation.bump()


def connect() -> None:
    """Called from ObservatoryConfig.ready()."""
    bump = generation.bump
    models = (
        Participation,
        Meeting,
        Contribution,
        PriorityAction,
        Invitation,
        Territory,
        ActorCategory,
        Organisation,
        Filiere,
        Objective,
        Phase,
    )
    for model in models:
        uid = f"observatory-figures-{model._meta.label_lower}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}-delete")
    for through in (
        PriorityAction.contributions.through,
        Contribution.filieres.through,
        Contribution.objectives.through,
    ):
        m2m_changed.connect(
            bump, sender=through, dispatch_uid=f"observatory-figures-{through._meta.label_lower}"
        )
    post_save.connect(_profile_saved, sender=User, dispatch_uid="observatory-figures-user-save")
    post_delete.connect(bump, sender=User, dispatch_uid="observatory-figures-user-delete")
