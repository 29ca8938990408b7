"""An erased person leaves the published minutes too (accounts' `user_erased`).

Published versions are frozen copies: they keep the names of the people present, excused and
represented, the owners of action items, and whatever the text says. When a person exercises
the right to erasure, their name and organisation are replaced by a neutral label in every
published version that holds them (the frozen content, the text, the search text) and in the
working copy; the PDF of each version touched is rendered again (reports listens to
`minutes_version_redacted`). The minutes stay readable: « Personne anonymisée » was present.
"""

from __future__ import annotations

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .models import Minutes, MinutesRevision, MinutesVersion
from .signals import minutes_version_redacted


def erased_label() -> str:
    return _("Personne anonymisée")


def _is_them(entry: dict, *, id_key: str, name_key: str, former, label: str) -> bool:
    """An entry names the person when it carries their id; versions frozen before ids were
    kept are matched by the full name (or email) the person had."""
    if entry.get(id_key) is not None:
        return entry[id_key] == former.user_id
    name = entry.get(name_key) or ""
    return bool(name) and name in {former.full_name, former.email} and name != label


def _redact_text(text: str, former, label: str) -> str:
    for name in (former.full_name, former.email):
        if name and len(name) >= 3:
            text = text.replace(name, label)
    return text


def _redact_content(content: dict, former, label: str) -> dict:
    content = dict(content)
    for key in ("present", "excused", "represented"):
        people = []
        for entry in content.get(key, []):
            entry = dict(entry)
            if _is_them(entry, id_key="user_id", name_key="name", former=former, label=label):
                entry.update(name=label, organisation="", user_id=None)
            if key == "represented" and _is_them(
                entry, id_key="by_id", name_key="by", former=former, label=label
            ):
                entry.update(by=label, by_id=None)
            people.append(entry)
        if key in content:
            content[key] = people
    items = []
    for item in content.get("action_items", []):
        item = dict(item)
        if _is_them(item, id_key="owner_id", name_key="owner", former=former, label=label):
            item.update(owner=label, owner_id=None)
        item["what"] = _redact_text(item.get("what", ""), former, label)
        items.append(item)
    if "action_items" in content:
        content["action_items"] = items
    agenda = []
    for point in content.get("agenda", []):
        point = dict(point)
        point["presenter"] = _redact_text(point.get("presenter") or "", former, label)
        agenda.append(point)
    if "agenda" in content:
        content["agenda"] = agenda
    for decision in content.get("decisions", []):
        decision["text"] = _redact_text(decision.get("text", ""), former, label)
    content["guests"] = [
        label if guest.strip() in {former.full_name, former.email} else guest
        for guest in content.get("guests", [])
    ]
    return content


def _candidates(former):
    """Versions that may name the person: of a meeting they took part in, or whose text or
    frozen content holds their name or email (one query)."""
    named = Q(minutes__meeting__participations__user_id=former.user_id)
    for name in (former.full_name, former.email):
        if name and len(name) >= 3:
            named |= Q(search_text__contains=name) | Q(content_text__contains=name)
            named |= Q(summary__contains=name) | Q(body__contains=name)
    return (
        MinutesVersion.objects.annotate(content_text=Cast("content", TextField()))
        .filter(named)
        .distinct()
        .order_by("pk")
    )


def redact_erased_person(sender, user, former, **kwargs) -> list[MinutesVersion]:
    """Receiver of `user_erased`: rewrite the versions (and working copies) that name them."""
    label = erased_label()
    changed = []
    for version in _candidates(former):
        content = _redact_content(version.content, former, label)
        texts = {
            field: _redact_text(getattr(version, field), former, label)
            for field in ("summary", "body", "erratum", "search_text")
        }
        if content == version.content and all(
            texts[field] == getattr(version, field) for field in texts
        ):
            continue
        version.content = content
        for field, text in texts.items():
            setattr(version, field, text)
        version.save(update_fields=["content", *texts])
        changed.append(version)
        minutes_version_redacted.send(sender=MinutesVersion, version=version)
    _redact_working_copies(former, label)
    return changed


def _redact_working_copies(former, label: str) -> None:
    names = [name for name in (former.full_name, former.email) if name and len(name) >= 3]
    if not names:
        return
    # The working copy, every saved revision of it and its change history (simple_history).
    for model, fields in (
        (Minutes, ("summary", "body", "guests")),
        (Minutes.history.model, ("summary", "body", "guests")),
        (MinutesRevision, ("summary", "body")),
    ):
        query = Q()
        for name in names:
            for field in fields:
                query |= Q(**{f"{field}__contains": name})
        for row in model.objects.filter(query).order_by("pk"):
            updates = {field: _redact_text(getattr(row, field), former, label) for field in fields}
            # update(): neither a new history entry nor a new `updated_at` for a redaction.
            model.objects.filter(pk=row.pk).update(**updates)
