"""Addresses built from titles: stable, readable, unique."""

from django.db.models import QuerySet
from django.utils.text import slugify


def unique_slug(
    queryset: QuerySet,
    base: str,
    *,
    reserved: tuple[str, ...] | frozenset[str] = (),
    fallback: str = "page",
    max_length: int = 100,
    field: str = "slug",
) -> str:
    """`base` slugified, then suffixed -2, -3… until no row of `queryset` nor `reserved` has it."""
    stem = slugify(base)[:max_length] or fallback
    slug, suffix = stem, 2
    while slug in reserved or queryset.filter(**{field: slug}).exists():
        slug, suffix = f"{stem}-{suffix}", suffix + 1
    return slug
