"""State changes on people: sign-up profile, profile edits, role changes."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from apps.stakeholders.services import organisation_get_or_create

from .models import User, new_calendar_token
from .roles import PROJECT_TEAM, role_group_name


def _apply_profile(*, user: User, data: dict) -> None:
    user.first_name = data["first_name"]
    user.last_name = data["last_name"]
    user.actor_category = data["actor_category"]
    user.territory = data.get("territory")
    user.newsletter = bool(data.get("newsletter"))
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
    user.full_clean(exclude=["password"])
    user.save()
    return user


def user_regenerate_calendar_token(*, user: User) -> str:
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


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
