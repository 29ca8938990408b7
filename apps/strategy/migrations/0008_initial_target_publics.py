"""Initial data: the target publics of the territorial marketing method (editable afterwards)."""

from django.db import migrations

TARGET_PUBLICS = [
    ("actifs-et-talents", "Actifs et talents à attirer", "external"),
    ("porteurs-de-projets", "Porteurs de projets et créateurs d'entreprise", "external"),
    ("jeunes-et-etudiants", "Jeunes et étudiants", "internal"),
    ("familles-et-nouveaux-arrivants", "Familles et nouveaux arrivants", "external"),
    ("touristes-et-visiteurs", "Touristes et visiteurs", "external"),
    ("entreprises-et-investisseurs", "Entreprises et investisseurs", "external"),
    ("habitants", "Habitants de Cornouaille", "internal"),
]


def create(apps, schema_editor):
    TargetPublic = apps.get_model("strategy", "TargetPublic")
    for position, (slug, name, scope) in enumerate(TARGET_PUBLICS, start=1):
        TargetPublic.objects.get_or_create(
            slug=slug, defaults={"name": name, "scope": scope, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0007_target_publics")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
