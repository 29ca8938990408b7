"""State changes on organisations."""

from django.db import IntegrityError, transaction

from .models import ActorCategory, Organisation, Territory


def organisation_get_or_create(
    *, name: str, category: ActorCategory | None = None, territory: Territory | None = None
) -> Organisation:
    """The organisation of that name (case and spaces ignored), created unlisted if new.

    A new organisation stays out of the public directory until the project team lists it.
    """
    name = " ".join(name.split())
    try:
        return Organisation.objects.get_by_name(name)
    except Organisation.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            organisation = Organisation(name=name, category=category, territory=territory)
            organisation.full_clean()
            organisation.save()
            return organisation
    except IntegrityError:  # created concurrently by someone else: use theirs
        return Organisation.objects.get_by_name(name)
