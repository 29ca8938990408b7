"""Delete a row, delete its files: once the transaction commits, every FileField's object is
removed from its storage (a rolled-back delete keeps the file; a failed removal is logged and
left to `manage.py media_orphans --delete`)."""

import logging
from functools import partial

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def models_with_files() -> list[tuple[type[models.Model], list[models.FileField]]]:
    """Every concrete model holding a FileField (simple-history's copies turn them into text
    fields: history never owns a file)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or model._meta.abstract:
            continue
        fields = file_fields(model)
        if fields:
            found.append((model, fields))
    return found


def _remove(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # noqa: BLE001 - the row is gone; an unreachable bucket leaves an orphan
        logger.exception("Fichier non supprimé (à retirer avec media_orphans) : %s", name)


def delete_files(sender, instance, **kwargs) -> None:
    for field in file_fields(sender):
        stored = getattr(instance, field.attname)
        name = getattr(stored, "name", stored)
        if not name:
            continue
        # Another row may share the object (a copied row): keep it while it is referenced.
        if sender._default_manager.filter(**{field.attname: name}).exists():
            continue
        transaction.on_commit(partial(_remove, field.storage, name), using=kwargs.get("using"))


def connect_file_cleanup() -> None:
    for model, _fields in models_with_files():
        post_delete.connect(
            delete_files, sender=model, weak=False, dispatch_uid=f"media-{model._meta.label}"
        )
