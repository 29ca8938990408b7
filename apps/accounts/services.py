"""State changes on people: sign-up profile, profile edits, role changes."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from apps.stakeholders.services import organisation_get_or_create

from . import export
from .models import User, new_calendar_token
from .roles import PROJECT_TEAM, role_group_name
from .signals import user_erased

logger = logging.getLogger(__name__)


def _apply_profile(*, user: User, data: dict) -> None:
    user.first_name = data["first_name"]
    user.last_name = data["last_name"]
    # The person wrote their name themselves: the contact importer never overwrites it.
    user.names_from_profile = True
    user.actor_category = data["actor_category"]
    user.territory = data.get("territory")
    if "newsletter" in data:  # at sign-up; on /profil/ the mailings' section changes it
        user.newsletter = bool(data["newsletter"])
    name = data.get("organisation_name", "")
    user.organisation = (
        organisation_get_or_create(
            name=name, category=user.actor_category, territory=user.territory
        )
        if name
        else None
    )


@transaction.atomic
def user_apply_signup_profile(*, user: User, data: dict) -> User:
    """Fill a new user's profile and record the RGPD consent (timestamp + policy version)."""
    if not data.get("consent"):
        raise ValueError("Le consentement RGPD est obligatoire.")
    _apply_profile(user=user, data=data)
    user.consent_at = timezone.now()
    user.consent_policy_version = settings.PRIVACY_POLICY_VERSION
    return user


@transaction.atomic
def user_update_profile(*, user: User, data: dict) -> User:
    _apply_profile(user=user, data=data)
    if "notify_minutes" in data:
        user.notify_minutes = bool(data["notify_minutes"])
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_set_role(*, user: User, role: str, granted: bool = True) -> User:
    """Grant or withdraw a role (a group). The project team also gets admin access."""
    group = Group.objects.get(name=role_group_name(role))
    if granted:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if group.name == PROJECT_TEAM and not user.is_superuser:
        user.is_staff = granted
        user.save(update_fields=["is_staff"])
    return user


@transaction.atomic
def user_regenerate_calendar_token(*, user: User) -> User:
    """A new secret address for the personal calendar feed; the old one stops working."""
    user.calendar_token = new_calendar_token()
    # Only the token changes: no need to re-validate the rest of the profile.
    user.save(update_fields=["calendar_token"])
    logger.info("calendar token regenerated for user %s", user.pk)
    return user


def user_record_space_visit(*, user: User, now=None):
    """Note a visit to « Mon espace »; return the previous one (the sign-up date on the first
    visit): what was published since then is new for this person. One UPDATE, no signal."""
    now = now or timezone.now()
    previous = user.space_visited_at or user.date_joined
    User.objects.filter(pk=user.pk).update(space_visited_at=now)
    user.space_visited_at = now
    return previous


def user_export_data(*, user: User) -> dict:
    """Everything the platform holds about a person, for the RGPD right of access."""
    from allauth.account.models import EmailAddress

    return {
        "exported_at": timezone.now().isoformat(),
        "identity": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": {
            "organisation": user.organisation.name if user.organisation_id else None,
            "actor_category": user.actor_category.name if user.actor_category_id else None,
            "territory": user.territory.name if user.territory_id else None,
            "newsletter": user.newsletter,
        },
        "consent": {
            "given_at": user.consent_at.isoformat() if user.consent_at else None,
            "policy_version": user.consent_policy_version or None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "roles": sorted(user.groups.values_list("name", flat=True)),
        # What the apps above hold about the person, one key per registered section.
        **{section.key: section.collect(user) for section in export.sections()},
    }


def user_export_sections(*, user: User) -> list[tuple[export.Section, list[dict]]]:
    """The apps' sections of the export with their rows, for the readable page."""
    return [(section, section.collect(user)) for section in export.sections()]


@dataclass(frozen=True)
class ErasedIdentity:
    """What named the person before the erasure: receivers of `user_erased` look for it."""

    user_id: int
    full_name: str
    email: str
    organisation: str


@transaction.atomic
def user_erase(*, user: User) -> User:
    """RGPD erasure: the person can no longer be identified nor sign in.

    The row stays (anonymised) so that counts and the history of meetings remain consistent;
    nothing that names the person is kept: the apps above receive `user_erased` in this
    transaction and remove the rest (memberships end, published minutes show a neutral label
    instead of the name and organisation, their PDF is rendered again).
    """
    from allauth.account.models import EmailAddress

    former = ErasedIdentity(
        user_id=user.pk,
        full_name=user.get_full_name(),
        email=user.email,
        organisation=user.organisation.name if user.organisation_id else "",
    )
    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"compte-supprime-{user.pk}@anonyme.invalid"
    user.first_name = "Compte"
    user.last_name = "supprimé"
    user.organisation = None
    user.actor_category = None
    user.territory = None
    user.newsletter = False
    user.consent_at = None
    user.consent_policy_version = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.calendar_token = new_calendar_token()
    user.names_from_profile = False
    user.set_unusable_password()
    user.save()
    user_erased.send(sender=User, user=user, former=former)
    return user
