"""Initial data: the COPIL and the technical committee (editable afterwards)."""

from django.db import migrations

BODIES = [
    (
        "copil",
        "copil",
        "Comité de pilotage (COPIL)",
        "Le comité de pilotage ouvert réunit les élus des sept intercommunalités de Cornouaille "
        "et les partenaires publics et privés de la démarche. Il oriente la stratégie "
        "d'attractivité, valide les actions prioritaires et suit leur mise en œuvre.",
    ),
    (
        "comite-technique",
        "technical_committee",
        "Comité technique",
        "Le comité technique réunit les techniciens des intercommunalités et des partenaires. "
        "Il prépare les séances du COPIL et relit les projets de comptes rendus.",
    ),
]


def create(apps, schema_editor):
    Body = apps.get_model("governance", "Body")
    for slug, kind, name, description in BODIES:
        Body.objects.update_or_create(
            slug=slug, defaults={"kind": kind, "name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
