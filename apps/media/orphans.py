"""Objects in the media storage that no row references (left by versions that did not delete
files with their rows, or by an unreachable bucket at delete time)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.storage import Storage, default_storage
from django.utils import timezone

from .cleanup import models_with_files


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name under `folder` (works for the local storage and for S3 prefixes); a media
    folder never created yet holds nothing."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)


def referenced_names() -> set[str]:
    """Names held by every FileField of every model (they all use the default storage)."""
    names: set[str] = set()
    for model, fields in models_with_files():
        for field in fields:
            names.update(
                model._default_manager.exclude(**{field.attname: ""})
                .values_list(field.attname, flat=True)
                .iterator()
            )
    return names


@dataclass(frozen=True)
class Orphan:
    name: str
    size: int | None
    modified: datetime | None


def find_orphans(*, storage: Storage = default_storage, min_age: timedelta) -> list[Orphan]:
    """Unreferenced files older than `min_age` (younger ones may belong to an upload whose row
    is not committed yet)."""
    referenced = referenced_names()
    cutoff = timezone.now() - min_age
    orphans = []
    for name in walk(storage):
        if name in referenced:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            modified = None
        if modified is not None and min_age and modified > cutoff:
            continue
        try:
            size = storage.size(name)
        except (NotImplementedError, OSError):
            size = None
        orphans.append(Orphan(name=name, size=size, modified=modified))
    return orphans
