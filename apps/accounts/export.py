"""The RGPD export is assembled from sections: accounts gives the identity and the profile, each
app above registers the part it holds about the person (participations, contributions, minutes…)
in its `AppConfig.ready()`, so that accounts never imports them.

    from apps.accounts import export
    export.register(export.Section(key="participations", title=_("Participations"),
                                   columns={"meeting": _("Réunion"), …}, collect=my_rows))

`collect(user)` returns a list of dicts whose keys are the columns, with JSON-friendly values
(str, int, bool, None); it runs a constant number of queries whatever the person's history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: dict[str, str]
    collect: Callable = field(compare=False)
    order: int = 100


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, when `ready()` runs twice) one section of the export."""
    _sections[section.key] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
