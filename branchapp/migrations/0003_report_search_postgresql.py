"""On PostgreSQL: unaccent and trigram extensions, and a trigram index for report search.

SQLite needs none of this: its search path filters the accent-folded text column.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS report_search_trgm ON branchapp_report "
    "USING gin (search_document gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS report_search_fts ON branchapp_report "
    "USING gin (to_tsvector('simple', search_document))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS report_search_fts",
    "DROP INDEX IF EXISTS report_search_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("branchapp", "0002_roles_and_rating_rules")]

    operations = [migrations.RunPython(forward, backward)]
