"""A trigram index for the site-wide search of contributions (PostgreSQL only).

The search filters `text__icontains`, which PostgreSQL runs as UPPER(text) LIKE UPPER('%…%'):
without an index every contribution is read. A GIN index of UPPER(text) with pg_trgm's
operator class serves that LIKE whatever the number of contributions. SQLite (make run) has
neither pg_trgm nor GIN: nothing to do there.
"""

from django.db import migrations

INDEX = "strategy_contribution_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON strategy_contribution "
        "USING gin (UPPER(text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("strategy", "0010_contribution_online_source")]

    operations = [migrations.RunPython(create_index, drop_index)]
