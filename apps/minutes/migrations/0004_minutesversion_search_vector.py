"""A stored search vector for published versions, GIN-indexed, filled for existing rows."""

import django.contrib.postgres.search
from django.db import migrations

INDEX = "minutes_version_search_gin"


def create_index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite (development): the search falls back to icontains
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON minutes_minutesversion USING gin (search_vector)"
    )
    # Existing versions: title (A), decisions (B), summary, text and action items (C).
    schema_editor.execute(
        """
        UPDATE minutes_minutesversion SET search_vector =
            setweight(to_tsvector('french', coalesce(content->'meeting'->>'title', '')), 'A')
            || setweight(to_tsvector('french', coalesce((
                SELECT string_agg(d->>'text', ' ')
                FROM jsonb_array_elements(coalesce(content->'decisions', '[]'::jsonb)) d
            ), '')), 'B')
            || setweight(to_tsvector('french', summary || ' ' || body || ' ' || coalesce((
                SELECT string_agg(a->>'what', ' ')
                FROM jsonb_array_elements(coalesce(content->'action_items', '[]'::jsonb)) a
            ), '')), 'C')
        """
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0003_protect_revisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="minutesversion",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index_and_fill, drop_index),
    ]
