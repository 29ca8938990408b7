"""`manage.py seed_demo`: fill a development or training database with demo data."""

import argparse
from argparse import RawDescriptionHelpFormatter
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.db import connection, transaction

from apps.core.demo import DemoDataError

DEFAULT_PARTICIPANTS = 600


def _participants_count(value: str) -> int:
    """argparse type: a French message rather than argparse's English one."""
    try:
        count = int(value)
    except ValueError:
        count = -1
    if count < 0:
        raise argparse.ArgumentTypeError(f"nombre entier positif ou nul attendu, pas « {value} »")
    return count


def _scale(value: str) -> int:
    try:
        scale = int(value)
    except ValueError:
        scale = 0
    if scale < 1:
        raise argparse.ArgumentTypeError(f"nombre entier positif attendu, pas « {value} »")
    return scale


def demo_modules() -> list[ModuleType]:
    """Every local app's `demo.py`, by `DEMO_PHASE` (default 0), then INSTALLED_APPS order
    (lower floors first): a module that needs what higher apps seed sets a later phase."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        module_name = f"{config.name}.demo"
        if config.label != "core" and find_spec(module_name) is not None:
            modules.append(import_module(module_name))
    return sorted(modules, key=lambda module: getattr(module, "DEMO_PHASE", 0))


class HelpFormatter(RawDescriptionHelpFormatter, DjangoHelpFormatter):
    """Keep the description's line breaks: the password must not be cut at its hyphens."""


class Command(BaseCommand):
    help = """\
Remplit la base avec des données de démonstration : chaque application fournit les siennes
(module demo.py, fonction seed_demo_data, phase DEMO_PHASE), dans l'ordre des étages —
organisations et participants, comptes de rôle, instances et séances, ateliers,
contributions, comptes rendus, documents PDF.

Relancer la commande ne crée aucun doublon et remet les comptes de démonstration
dans leur état documenté (mot de passe, rôle).

Garde-fou : la commande refuse de s'exécuter quand DEBUG est faux, pour ne jamais
remplir une production par erreur. --force passe outre : les tests, qui tournent
avec DEBUG=False, l'utilisent."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        kwargs.setdefault("formatter_class", HelpFormatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        extra = [getattr(module, "DEMO_HELP", "") for module in demo_modules()]
        parser.description = "\n\n".join([self.help, *(text.strip() for text in extra if text)])
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participants",
            type=_participants_count,
            default=DEFAULT_PARTICIPANTS,
            metavar="N",
            help=f"nombre de participants fictifs (défaut : {DEFAULT_PARTICIPANTS})",
        )
        parser.add_argument(
            "--scale",
            type=_scale,
            default=None,
            metavar="N",
            help="ajouter un historique à l'échelle N (N fois les participants, organisations, "
            "groupes de travail sur plusieurs années, ateliers, contributions, comptes rendus, "
            "séances du COPIL), en insertions groupées ; --scale 10 : environ 6 000 "
            "participants et 30 000 contributions",
        )
        parser.add_argument(
            "--skip-report",
            action="store_true",
            help="ne pas produire les documents PDF (les plus longs à rendre)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="s'exécuter même quand DEBUG est faux (tests, base de formation)",
        )

    def handle(
        self,
        *args,
        participants: int,
        force: bool,
        skip_report: bool,
        scale: int | None = None,
        **options,
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est faux : cette base ressemble à une production, les données de "
                "démonstration n'ont pas été créées. Ajoutez --force si vous êtes sûr de vous."
            )
        lines: list[str] = []
        try:
            with transaction.atomic():
                for module in demo_modules():
                    seed = getattr(module, "seed_demo_data", None)
                    if seed is not None:
                        lines.extend(
                            seed(
                                participants=participants * (scale or 1),
                                render_pdfs=not skip_report,
                                scale=scale,
                            )
                        )
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if scale and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics for the planner after bulk inserts

        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
        self.stdout.write("")
        for line in lines:
            self.stdout.write(line)
