"""`manage.py seed_demo`: fill a development or training database with demo data."""

import argparse
from argparse import RawDescriptionHelpFormatter
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.db import transaction
from django.urls import reverse

from apps.accounts.demo import (
    DEFAULT_PARTICIPANTS,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DemoDataError,
    seed_demo,
)


def _participants_count(value: str) -> int:
    """argparse type: a French message rather than argparse's English one."""
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise argparse.ArgumentTypeError(f"nombre entier positif ou nul attendu, pas « {value} »")
    return count


def _seed_other_apps(**options) -> list[str]:
    """Each local app may ship `demo.py` with `seed_demo_data() -> list[str]` (summary lines).

    Discovered by convention, in INSTALLED_APPS order, so accounts never imports the apps
    that build on it.
    """
    lines = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps.") or config.label == "accounts":
            continue
        module_name = f"{config.name}.demo"
        if find_spec(module_name) is None:
            continue
        seed = getattr(import_module(module_name), "seed_demo_data", None)
        if seed is not None:
            lines.extend(seed(**options))
    return lines


class HelpFormatter(RawDescriptionHelpFormatter, DjangoHelpFormatter):
    """Keep the description's line breaks: the password must not be cut at its hyphens."""


class Command(BaseCommand):
    help = f"""\
Remplit la base avec des données de démonstration :
  - environ 120 organisations de Cornouaille (deux tiers dans l'annuaire public) ;
  - N participants fictifs ({DEFAULT_PARTICIPANTS} par défaut), adresses @{DEMO_DOMAIN}
    déjà vérifiées, consentement RGPD enregistré ;
  - un compte par rôle : chef.projet@, facilitatrice@, elu@, comite.technique@,
    acteur@ (simple acteur) et le superutilisateur admin@ (même domaine) ;
  - puis les données des autres applications (module demo.py de chaque application,
    fonction seed_demo_data) : COPIL, comité technique et leurs séances…

Mot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}

Relancer la commande ne crée aucun doublon et remet les comptes de démonstration
dans leur état documenté (mot de passe, rôle).

Garde-fou : la commande refuse de s'exécuter quand DEBUG est faux, pour ne jamais
remplir une production par erreur. --force passe outre : les tests, qui tournent
avec DEBUG=False, l'utilisent."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        kwargs.setdefault("formatter_class", HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participants",
            type=_participants_count,
            default=DEFAULT_PARTICIPANTS,
            metavar="N",
            help=f"nombre de participants fictifs (défaut : {DEFAULT_PARTICIPANTS})",
        )
        parser.add_argument(
            "--skip-report",
            action="store_true",
            help="ne pas produire le rapport de restitution (le plus long à rendre)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="s'exécuter même quand DEBUG est faux (tests, base de formation)",
        )

    def handle(self, *args, participants: int, force: bool, skip_report: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est faux : cette base ressemble à une production, les données de "
                "démonstration n'ont pas été créées. Ajoutez --force si vous êtes sûr de vous."
            )
        try:
            with transaction.atomic():
                summary = seed_demo(participants=participants)
                extra_lines = _seed_other_apps(render_pdfs=not skip_report)
        except DemoDataError as error:
            raise CommandError(str(error)) from error

        out = self.stdout
        out.write(self.style.SUCCESS("Données de démonstration prêtes."))
        out.write("")
        rows = [("Adresse e-mail", "Rôle", "Mot de passe")] + [
            (account.email, account.role_label, DEMO_PASSWORD) for account in summary.accounts
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        for index, (email, role, password) in enumerate(rows):
            line = f"  {email.ljust(widths[0])}  {role.ljust(widths[1])}  {password}"
            out.write(self.style.MIGRATE_HEADING(line) if index == 0 else line)
        out.write("")
        out.write(
            f"  Organisations : {summary.organisations} "
            f"(dont {summary.organisations_listed} dans l'annuaire public, "
            f"{summary.organisations_created} créées par cette exécution)"
        )
        out.write(
            f"  Participants : {summary.participants} "
            f"({summary.participants_created} créés par cette exécution)"
        )
        out.write(f"  Comptes de démonstration : {len(summary.accounts)}")
        for line in extra_lines:
            out.write(line)
        out.write("")
        out.write(f"Connexion : {settings.SITE_URL}{reverse('account_login')}")
