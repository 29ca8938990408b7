"""The project team's exports (CSV and XLSX): participants, registrations and attendance,
contributions, actions, decisions, action items.

Each export is a header and a generator of rows read chunk by chunk (keyset on the primary
key: bounded memory, a constant number of queries per chunk); the file itself is written by
`apps/core/csvsafe.py` (formula injection neutralised, UTF-8 with a BOM for Excel). Who
downloaded what and when is logged (ExportLog), shown on the exports page.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.governance.models import Meeting, Participation
from apps.minutes.models import ActionItem, Decision, Minutes
from apps.strategy.models import Contribution, PriorityAction

CHUNK = 1000


@dataclass(frozen=True)
class Export:
    key: str
    title: str
    description: str
    header: Callable[[], list]
    rows: Callable[..., Iterator[list]]


def _chunks(queryset, fields: tuple) -> Iterator[list]:
    """Rows of `queryset.values_list("pk", *fields)`, CHUNK at a time, by increasing pk."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", *fields)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        yield chunk


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _day(day) -> str:
    return day.isoformat() if day else ""


def _yes(value) -> str:
    if value is None:
        return ""
    return _("oui") if value else _("non")


def _names(through, key: str, ids: list, label: str) -> dict:
    """{row id: "a | b"} for a many-to-many relation, in one query for the chunk."""
    names = defaultdict(list)
    for row_id, name in (
        through.objects.filter(**{f"{key}__in": ids}).order_by(label).values_list(key, label)
    ):
        names[row_id].append(name)
    return {row_id: " | ".join(values) for row_id, values in names.items()}


# ------------------------------------------------------------------------------ participants
def participants_header():
    return [
        _("nom"), _("prénom"), _("adresse électronique"), _("organisation"),
        _("catégorie d'acteur"), _("territoire"), _("lettre d'information"),
        _("accepte les invitations ciblées"),
        _("consentement RGPD le"), _("inscrit·e le"),
    ]  # fmt: skip


def participants_rows(**filters):
    """Active accounts only: an erased person (deactivated, anonymised) never appears."""
    people = get_user_model().objects.filter(is_active=True)
    fields = (
        "last_name", "first_name", "email", "organisation__name", "actor_category__name",
        "territory__name", "newsletter", "accepts_invitations", "consent_at", "date_joined",
    )  # fmt: skip
    for chunk in _chunks(people, fields):
        for _pk, last, first, email, org, cat, ter, news, inv, consent, joined in chunk:
            yield [
                last, first, email, org or "", cat or "", ter or _("Hors Cornouaille"),
                _yes(news), _yes(inv), _when(consent), _when(joined),
            ]  # fmt: skip


# ------------------------------------------------------------------- registrations, attendance
def participations_header():
    return [
        _("réunion"), _("date"), _("type"), _("instance"), _("nom"), _("prénom"),
        _("adresse électronique"), _("organisation"), _("catégorie d'acteur"), _("territoire"),
        _("statut"), _("présent·e"), _("émargement"), _("venu·e sans inscription"),
    ]  # fmt: skip


def participations_rows(meeting=None, **filters):
    rows = Participation.objects.all()
    if meeting is not None:
        rows = rows.filter(meeting=meeting)
    statuses = dict(Participation.Status.choices)
    kinds = dict(Meeting.Kind.choices)
    fields = (
        "meeting__title", "meeting__start", "meeting__kind", "meeting__body__name",
        "user__last_name", "user__first_name", "user__email", "user__organisation__name",
        "user__actor_category__name", "user__territory__name", "status", "attended",
        "checked_in_at", "walk_in",
    )  # fmt: skip
    for chunk in _chunks(rows, fields):
        for row in chunk:
            (_pk, title, start, kind, body, last, first, email, org, cat, ter, status,
             attended, checked_in, walk_in) = row  # fmt: skip
            yield [
                title, _when(start), str(kinds.get(kind, kind)), body or "", last or "",
                first or "", email or "", org or "", cat or "", ter or "",
                str(statuses.get(status, status)), _yes(attended), _when(checked_in),
                _yes(walk_in),
            ]  # fmt: skip


# ------------------------------------------------------------------------------ contributions
def contributions_header():
    return [
        _("numéro"), _("date"), _("réunion"), _("type"), _("texte"), _("auteur·rice"),
        _("organisation"), _("objectifs"), _("filières"), _("défis"), _("masquée"),
    ]  # fmt: skip


def contributions_rows(**filters):
    types = dict(Contribution.Type.choices)
    fields = (
        "created_at", "meeting__title", "type", "text", "author__first_name",
        "author__last_name", "author__organisation__name", "is_hidden",
    )  # fmt: skip
    for chunk in _chunks(Contribution.objects.all(), fields):
        ids = [row[0] for row in chunk]
        objectives = _names(
            Contribution.objectives.through, "contribution_id", ids, "objective__title"
        )
        filieres = _names(Contribution.filieres.through, "contribution_id", ids, "filiere__name")
        challenges = _names(
            Contribution.challenges.through, "contribution_id", ids, "challenge__title"
        )
        for pk, created, meeting, kind, text, first, last, org, hidden in chunk:
            author = f"{first or ''} {last or ''}".strip()
            yield [
                pk, _when(created), meeting or "", str(types.get(kind, kind)), text, author,
                org or "", objectives.get(pk, ""), filieres.get(pk, ""), challenges.get(pk, ""),
                _yes(hidden),
            ]  # fmt: skip


# ---------------------------------------------------------------------------------- actions
def actions_header():
    return [
        _("numéro"), _("action"), _("objectif"), _("défi"), _("filière"), _("statut"),
        _("avancement (%)"), _("échéance"), _("organisation pilote"),
        _("contributions d'origine"),
    ]  # fmt: skip


def actions_rows(**filters):
    statuses = dict(PriorityAction.Status.choices)
    fields = (
        "title", "objective__title", "challenge__title", "filiere__name", "status", "progress",
        "due_date", "lead_organisation__name",
    )  # fmt: skip
    through = PriorityAction.contributions.through
    for chunk in _chunks(PriorityAction.objects.all(), fields):
        ids = [row[0] for row in chunk]
        counts = defaultdict(int)
        for action_id in through.objects.filter(priorityaction_id__in=ids).values_list(
            "priorityaction_id", flat=True
        ):
            counts[action_id] += 1
        for pk, title, objective, challenge, filiere, status, progress, due, org in chunk:
            yield [
                pk, title, objective or "", challenge or "", filiere or "",
                str(statuses.get(status, status)), progress, _day(due), org or "", counts[pk],
            ]  # fmt: skip


# ------------------------------------------------------------------------ decisions, items
def decisions_header():
    return [
        _("réunion"), _("date"), _("statut du compte rendu"), _("décision"),
        _("actions prioritaires liées"),
    ]  # fmt: skip


def decisions_rows(**filters):
    fields = ("minutes__meeting__title", "minutes__meeting__start", "minutes__status", "text")
    through = Decision.priority_actions.through
    statuses = dict(Minutes.Status.choices)
    for chunk in _chunks(Decision.objects.all(), fields):
        ids = [row[0] for row in chunk]
        actions = _names(through, "decision_id", ids, "priorityaction__title")
        for pk, meeting, start, status, text in chunk:
            yield [
                meeting,
                _when(start),
                str(statuses.get(status, status)),
                text,
                actions.get(pk, ""),
            ]


def action_items_header():
    return [
        _("réunion"), _("date"), _("action"), _("responsable"), _("organisation"),
        _("échéance"), _("statut"),
    ]  # fmt: skip


def action_items_rows(**filters):
    statuses = dict(ActionItem.Status.choices)
    fields = (
        "minutes__meeting__title", "minutes__meeting__start", "what", "owner__first_name",
        "owner__last_name", "owner_organisation__name", "due_date", "status",
    )  # fmt: skip
    for chunk in _chunks(ActionItem.objects.all(), fields):
        for _pk, meeting, start, what, first, last, org, due, status in chunk:
            owner = f"{first or ''} {last or ''}".strip()
            yield [
                meeting, _when(start), what, owner, org or "", _day(due),
                str(statuses.get(status, status)),
            ]  # fmt: skip


EXPORTS = {
    export.key: export
    for export in (
        Export(
            "participants",
            gettext_lazy("Participants et leur profil"),
            gettext_lazy(
                "Les comptes actifs : nom, adresse, organisation, catégorie, territoire, "
                "consentements (lettre, invitations, RGPD). Les comptes supprimés n'y figurent pas."
            ),
            participants_header,
            participants_rows,
        ),
        Export(
            "inscriptions",
            gettext_lazy("Inscriptions et présences"),
            gettext_lazy("Une ligne par personne et par réunion : statut, présence, émargement."),
            participations_header,
            participations_rows,
        ),
        Export(
            "contributions",
            gettext_lazy("Contributions"),
            gettext_lazy("Les contributions des ateliers, leurs objectifs, filières et défis."),
            contributions_header,
            contributions_rows,
        ),
        Export(
            "actions",
            gettext_lazy("Actions prioritaires"),
            gettext_lazy("Statut, avancement, pilote et nombre de contributions d'origine."),
            actions_header,
            actions_rows,
        ),
        Export(
            "decisions",
            gettext_lazy("Décisions"),
            gettext_lazy("Les décisions des comptes rendus et les actions qu'elles concernent."),
            decisions_header,
            decisions_rows,
        ),
        Export(
            "actions-a-mener",
            gettext_lazy("Relevé des actions à mener"),
            gettext_lazy("Les actions à mener des comptes rendus : responsable, échéance, statut."),
            action_items_header,
            action_items_rows,
        ),
    )
}
