"""Prints the RGAA conformity rate of an audit directory (docs/rgaa/ by default)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.accessibility.audit import AuditError, load_audit


class Command(BaseCommand):
    help = "Taux de conformité RGAA 4.1 de l'audit (docs/rgaa/ ou le dossier donné)."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="dossier d'audit (défaut : docs/rgaa/)")

    def handle(self, *args, directory=None, **options):
        try:
            audit = load_audit(Path(directory) if directory else None)
        except (AuditError, OSError) as error:
            raise CommandError(str(error)) from error
        out = self.stdout.write
        out(f"Audit du {audit.audit_date:%d/%m/%Y}, {len(audit.pages)} pages")
        out(
            f"Critères : {audit.compliant} C, {audit.non_compliant} NC, "
            f"{audit.not_applicable} NA ({audit.applicable} applicables)"
        )
        out(f"Taux de conformité global : {audit.rate} %")
        out(f"Taux moyen (par page) : {audit.mean_rate} %")
        for criterion, pages in audit.failures():
            where = ", ".join(page.id for page, _ in pages)
            out(f"  NC {criterion.number} {criterion.title[:70]} — {where}")
