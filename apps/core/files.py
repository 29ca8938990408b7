"""Stored files follow their rows: when a row with a FileField is deleted, its files are removed
from the storage once the deletion commits (a rolled-back deletion keeps them). Generic: core
knows no model, it walks the app registry. Everything goes through Django's storage API, so it
works the same on the local MEDIA_ROOT and on an S3-compatible store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every concrete FileField (and ImageField) of every installed model."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def _delete_later(storage, name: str) -> None:
    def delete():
        try:
            storage.delete(name)
        except Exception:  # the row is gone either way; `media_orphans` lists what remains
            logger.warning("stored file %s could not be deleted", name, exc_info=True)

    transaction.on_commit(delete)


def delete_files_with_row(sender, instance, **kwargs) -> None:
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.FileField):
            stored = getattr(instance, field.attname)
            if stored and stored.name:
                _delete_later(stored.storage, stored.name)


def connect_file_cleanup() -> None:
    for model in {model for model, _field in file_fields()}:
        post_delete.connect(
            delete_files_with_row,
            sender=model,
            dispatch_uid=f"core.files.{model._meta.label_lower}",
        )


def referenced_names() -> set[str]:
    """The names of every file a row points to (one query per file field)."""
    names: set[str] = set()
    for model, field in file_fields():
        names.update(
            name
            for name in model._default_manager.exclude(**{field.attname: ""})
            .values_list(field.attname, flat=True)
            .iterator()
            if name
        )
    return names


def stored_names(storage, path: str = "") -> Iterator[str]:
    """Every file in the storage under `path`, through listdir (local disk and S3 alike)."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # nothing was ever stored (a fresh local MEDIA_ROOT)
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from stored_names(storage, f"{path}/{directory}" if path else directory)
