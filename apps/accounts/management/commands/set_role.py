"""`manage.py set_role`: grant or withdraw a role from the command line (first project lead)."""

from argparse import RawDescriptionHelpFormatter

from django.contrib.auth.models import Group
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from apps.accounts.models import User
from apps.accounts.roles import PROJECT_TEAM, ROLES, role_group_name
from apps.accounts.services import user_set_role

VALID_ROLES = ", ".join(ROLES)


class HelpFormatter(RawDescriptionHelpFormatter, DjangoHelpFormatter):
    """Keep the description's line breaks: role names must not be cut at their hyphens."""


class Command(BaseCommand):
    help = f"""\
Accorde un rôle à un compte existant, ou le lui retire avec --remove.

Rôles : {VALID_ROLES}.
Le rôle equipe-projet ouvre aussi l'accès à l'administration (/admin/).

Exemples :
  manage.py set_role claire@example.org equipe-projet
  manage.py set_role claire@example.org elu --remove"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        kwargs.setdefault("formatter_class", HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "email", help="adresse électronique du compte (majuscules indifférentes)"
        )
        parser.add_argument("role", help=f"rôle à accorder ou retirer : {VALID_ROLES}")
        parser.add_argument(
            "--remove", action="store_true", help="retirer le rôle au lieu de l'accorder"
        )

    def handle(self, *args, email: str, role: str, remove: bool, **options) -> None:
        role = role.strip().lower()
        if role not in ROLES:
            raise CommandError(f"Rôle inconnu : « {role} ». Rôles possibles : {VALID_ROLES}.")
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError(f"Aucun compte n'utilise l'adresse « {email.strip()} ».") from None
        group_name = role_group_name(role)
        if not Group.objects.filter(name=group_name).exists():
            raise CommandError(
                f"Le groupe « {group_name} » n'existe pas : lancez d'abord « manage.py migrate »."
            )

        had_role = user.groups.filter(name=group_name).exists()
        user_set_role(user=user, role=role, granted=not remove)

        label = ROLES[role][1]
        if remove:
            message = (
                f"Rôle « {label} » retiré à {user.email}."
                if had_role
                else f"{user.email} n'avait pas le rôle « {label} » : rien à retirer."
            )
        else:
            message = (
                f"{user.email} avait déjà le rôle « {label} »."
                if had_role
                else f"Rôle « {label} » accordé à {user.email}."
            )
        if group_name == PROJECT_TEAM and not user.is_superuser:
            access = "retiré" if remove else "ouvert"
            message += f" Accès à l'administration : {access}."
        self.stdout.write(self.style.SUCCESS(message))
