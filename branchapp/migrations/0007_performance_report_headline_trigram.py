"""On PostgreSQL: a trigram index on the folded headline (the start of `search_document`).

Search looks for typos in headlines through this index (see branchapp/services/search.py);
word similarity over whole documents was too slow at province scale. SQLite needs nothing.
"""

from django.db import migrations

FORWARD = (
    "CREATE INDEX IF NOT EXISTS report_headline_trgm ON branchapp_report USING gin "
    "((substring(search_document, 1, length(headline))) gin_trgm_ops)"
)
BACKWARD = "DROP INDEX IF EXISTS report_headline_trgm"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("branchapp", "0006_performance_photo_renditions")]

    operations = [migrations.RunPython(forward, backward)]
