"""Initial data: the four shared objectives and the three filières of excellence."""

from django.db import migrations

OBJECTIVES = [
    (
        "federer-les-acteurs",
        "Fédérer les acteurs du territoire et développer le sentiment d'appartenance",
        "Rassembler collectivités, entreprises, associations et habitants autour d'une "
        "ambition commune pour la Cornouaille, et faire grandir la fierté d'en être.",
    ),
    (
        "stimuler-les-initiatives",
        "Stimuler les initiatives, l'envie d'entreprendre et attirer de nouveaux talents",
        "Donner envie de créer, de s'installer et de travailler en Cornouaille ; accueillir "
        "les compétences dont le territoire a besoin.",
    ),
    (
        "filieres-d-excellence",
        "Se positionner sur les filières d'excellence (aliment, mer, tourisme) et les "
        "promouvoir collectivement",
        "Valoriser ensemble les savoir-faire qui distinguent la Cornouaille : l'aliment, la "
        "mer et le tourisme.",
    ),
    (
        "notoriete-et-image",
        "Renforcer la notoriété du territoire et enrichir son image",
        "Faire connaître la Cornouaille au-delà de ses clichés, auprès des publics qu'elle "
        "veut attirer.",
    ),
]

FILIERES = [
    ("aliment", "Aliment", "Agriculture, agroalimentaire et gastronomie."),
    ("mer", "Mer", "Pêche, conchyliculture, nautisme, économie maritime."),
    ("tourisme", "Tourisme", "Accueil, patrimoine, culture et loisirs."),
]


def create(apps, schema_editor):
    Objective = apps.get_model("strategy", "Objective")
    Filiere = apps.get_model("strategy", "Filiere")
    for position, (slug, title, description) in enumerate(OBJECTIVES, start=1):
        Objective.objects.update_or_create(
            slug=slug,
            defaults={"title": title, "description": description, "position": position},
        )
    for position, (slug, name, description) in enumerate(FILIERES, start=1):
        Filiere.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
