"""`manage.py media_orphans [--delete]`: files in the media storage that no row points to."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.files import referenced_names, stored_names


class Command(BaseCommand):
    help = gettext_lazy(
        "Liste les fichiers du stockage des médias (disque local ou S3) qu'aucune ligne de la "
        "base ne référence ; --delete les supprime. Les fichiers récents (--min-age) sont "
        "ignorés : un envoi en cours n'est pas encore enregistré en base."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--delete", action="store_true", help=_("supprime les fichiers orphelins listés")
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=60,
            metavar="MINUTES",
            help=_("ignore les fichiers plus récents que cela (60 minutes par défaut)"),
        )

    def handle(self, *args, delete: bool, min_age: int, **options) -> None:
        referenced = referenced_names()
        cutoff = timezone.now() - timedelta(minutes=min_age)
        orphans = []
        for name in stored_names(default_storage):
            if name in referenced:
                continue
            if min_age and default_storage.get_modified_time(name) > cutoff:
                continue
            orphans.append(name)
        for name in orphans:
            if delete:
                default_storage.delete(name)
                self.stdout.write(_("supprimé : %(name)s") % {"name": name})
            else:
                self.stdout.write(name)
        summary = (
            _("%(count)d fichier(s) orphelin(s) supprimé(s).")
            if delete
            else _("%(count)d fichier(s) orphelin(s) ; relancez avec --delete pour les supprimer.")
        )
        self.stdout.write(self.style.SUCCESS(summary % {"count": len(orphans)}))
