from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from apps.media.orphans import find_orphans


class Command(BaseCommand):
    help = (
        "Liste les fichiers du stockage des médias (MEDIA_ROOT ou le bucket S3) qu'aucune ligne "
        "ne référence ; --delete les supprime."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="supprimer les orphelins")
        parser.add_argument(
            "--min-age",
            type=float,
            default=1.0,
            metavar="HEURES",
            help="ignorer les fichiers plus récents (un dépôt en cours), 1 h par défaut",
        )

    def handle(self, *args, delete, min_age, **options):
        orphans = find_orphans(storage=default_storage, min_age=timedelta(hours=min_age))
        for orphan in orphans:
            size = f"{orphan.size} o" if orphan.size is not None else "?"
            self.stdout.write(f"{orphan.name}\t{size}")
            if delete:
                default_storage.delete(orphan.name)
        total = sum(o.size or 0 for o in orphans)
        verb = "supprimé(s)" if delete else "trouvé(s)"
        self.stdout.write(
            self.style.SUCCESS(f"{len(orphans)} fichier(s) orphelin(s) {verb}, {total} octets.")
        )
