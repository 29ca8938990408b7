"""Roles are Django groups. Their names are the stable identifiers the predicates use.

The project team administers the platform: its group receives every permission of the
project's own apps, kept in sync after each `migrate`.
"""

from django.utils.translation import gettext_lazy as _

PROJECT_TEAM = "Équipe projet"
FACILITATOR = "Facilitateurs"
ELECTED_OFFICIAL = "Élus"
TECHNICAL_COMMITTEE = "Comité technique"

ROLES = {
    "equipe-projet": (PROJECT_TEAM, _("Équipe projet (agence)")),
    "facilitateur": (FACILITATOR, _("Facilitateur ou facilitatrice (consultant)")),
    "elu": (ELECTED_OFFICIAL, _("Élu ou élue")),
    "comite-technique": (TECHNICAL_COMMITTEE, _("Membre du comité technique")),
}

# Apps whose models the project team administers in the Django admin.
PROJECT_TEAM_APPS = {
    "accounts",
    "stakeholders",
    "strategy",
    "account",
    "governance",
    "working_groups",
    "workshops",
    "surveys",
    "marketing",
    "observatory",
}


def sync_role_groups(sender=None, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    for group_name, _label in ROLES.values():
        Group.objects.using(using).get_or_create(name=group_name)
    team = Group.objects.using(using).get(name=PROJECT_TEAM)
    perms = Permission.objects.using(using).filter(content_type__app_label__in=PROJECT_TEAM_APPS)
    team.permissions.add(*perms)


def role_group_name(role_key: str) -> str:
    return ROLES[role_key][0]
