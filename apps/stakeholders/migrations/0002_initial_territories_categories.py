"""Initial data: the seven EPCI of Cornouaille and the actor categories (editable afterwards)."""

from django.db import migrations

TERRITORIES = [
    ("quimper-bretagne-occidentale", "Quimper Bretagne Occidentale"),
    ("concarneau-cornouaille-agglomeration", "Concarneau Cornouaille Agglomération"),
    ("douarnenez-communaute", "Douarnenez Communauté"),
    ("pays-bigouden-sud", "Pays Bigouden Sud"),
    ("haut-pays-bigouden", "Haut Pays Bigouden"),
    ("cap-sizun-pointe-du-raz", "Cap Sizun – Pointe du Raz"),
    ("pays-fouesnantais", "Pays Fouesnantais"),
]

CATEGORIES = [
    ("epci-collectivite", "EPCI / collectivité"),
    ("chambre-consulaire", "Chambre consulaire"),
    ("region", "Région"),
    ("departement", "Département"),
    ("entreprise", "Entreprise"),
    ("association-culturelle", "Association culturelle"),
    ("association-sportive", "Association sportive"),
    ("professionnel-tourisme", "Professionnel du tourisme"),
    ("enseignement-recherche", "Enseignement / recherche"),
    ("consultant", "Consultant"),
    ("citoyen", "Citoyen"),
    ("autre", "Autre"),
]


def create(apps, schema_editor):
    Territory = apps.get_model("stakeholders", "Territory")
    ActorCategory = apps.get_model("stakeholders", "ActorCategory")
    for position, (slug, name) in enumerate(TERRITORIES, start=1):
        Territory.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    for position, (slug, name) in enumerate(CATEGORIES, start=1):
        ActorCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
