"""`manage.py import_stakeholders FICHIER.csv`: the agency's contact list into the platform."""

import argparse
from pathlib import Path

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.importer import ContactFileError, import_contacts


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keep the line breaks of the column list in --help."""


class Command(BaseCommand):
    help = gettext_lazy(
        "Importe la liste de contacts de l'agence (personnes et organisations) depuis un "
        "fichier CSV.\n"
        "\n"
        "Fichier : UTF-8 (avec ou sans BOM), séparateur « ; » (export Excel) ou « , », détecté\n"
        "sur la ligne d'en-tête. Colonnes (ligne 1, dans n'importe quel ordre, accents et\n"
        "majuscules ignorés ; les autres colonnes sont ignorées) :\n"
        "  email         adresse électronique de la personne, casse ignorée (aussi « e-mail »,\n"
        "                « courriel »)\n"
        "  prenom        prénom\n"
        "  nom           nom\n"
        "  organisation  nom de l'organisation (casse ignorée) ; vide : personne sans\n"
        "                organisation (une personne déjà inscrite garde la sienne)\n"
        "  categorie     catégorie d'acteur, par nom ou identifiant (ex. « Entreprise » ou\n"
        "                « entreprise ») ; vide : inchangée\n"
        "  territoire    EPCI, par nom ou identifiant ; vide ou « hors Cornouaille » :\n"
        "                hors Cornouaille\n"
        "  site_web      site de l'organisation (https:// ajouté s'il manque) ; vide : inchangé\n"
        "  annuaire      oui / non : organisation visible dans l'annuaire public ;\n"
        "                vide : inchangé (non pour une nouvelle organisation)\n"
        "\n"
        "Une ligne sans email, prénom ni nom importe l'organisation seule. Catégorie et\n"
        "territoire s'appliquent à la personne et à son organisation.\n"
        "\n"
        "Tout ou rien : chaque ligne est vérifiée d'abord ; si une seule est fautive, rien\n"
        "n'est importé et chaque erreur est listée avec son numéro de ligne. Relancer le même\n"
        "fichier ne change rien. Un nom saisi par la personne elle-même (inscription, profil)\n"
        "n'est jamais remplacé. Les personnes créées n'ont ni mot de passe ni consentement\n"
        "RGPD : elles activent leur compte par « mot de passe oublié »."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = _HelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FICHIER.csv", help=_("le fichier CSV à importer"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("vérifie le fichier et affiche ce qui changerait, sans rien enregistrer"),
        )

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": path})
        try:
            report = import_contacts(source=path, dry_run=dry_run)
        except ContactFileError as exc:
            raise CommandError(
                "\n".join(
                    [
                        _("Fichier refusé, rien n'a été importé (%(count)d erreur(s)) :")
                        % {"count": len(exc.errors)},
                        *exc.messages,
                    ]
                )
            ) from exc
        if report.ignored_columns:
            self.stdout.write(
                self.style.WARNING(
                    _("Colonnes ignorées : %(columns)s")
                    % {"columns": ", ".join(report.ignored_columns)}
                )
            )
        for line in report.summary():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(
                self.style.WARNING(_("Simulation (--dry-run) : rien n'a été enregistré."))
            )
        elif report.changed:
            self.stdout.write(self.style.SUCCESS(_("Import terminé.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import terminé : rien n'a changé.")))
