"""On PostgreSQL: store what search reads for every match, instead of computing it per row.

A search for words found in nearly every report (say "chi bo") matches all 40,000 reports of
a province, and ranking them parsed each document again with to_tsvector() and cut its
folded headline out of the document: about 10 s per query. Two generated columns, kept up to
date by PostgreSQL itself whenever `search_document` or `headline` changes, hold them:

* ``search_vector``: ``to_tsvector('simple', search_document)``, with a GIN index for the
  match and read as it is by ts_rank;
* ``search_headline``: the folded headline (the start of `search_document`), short enough to
  be stored inline, with a trigram index for typos.

They replace the expression indexes of migrations 0003 and 0007. The model does not declare
them (SQLite has no tsvector type and its search path does not need them); only
branchapp/services/search.py reads them. INSERTs and UPDATEs by Django never name them.

Adding the columns rewrites the report table (about 40 s for a province's 40,000 reports,
with the table locked): run this migration in a quiet hour.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE branchapp_report ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_document)) STORED",
    "ALTER TABLE branchapp_report ADD COLUMN IF NOT EXISTS search_headline text "
    "GENERATED ALWAYS AS (substring(search_document, 1, length(headline))) STORED",
    "CREATE INDEX IF NOT EXISTS report_search_vector ON branchapp_report "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS report_search_headline_trgm ON branchapp_report "
    "USING gin (search_headline gin_trgm_ops)",
    "DROP INDEX IF EXISTS report_search_fts",
    "DROP INDEX IF EXISTS report_headline_trgm",
    # Statistics for the new columns at once: without them the planner guesses that a
    # common word matches a few rows and joins 40,000 before ranking (1.2 s instead of 0.1).
    "ANALYZE branchapp_report",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS report_search_fts ON branchapp_report "
    "USING gin (to_tsvector('simple', search_document))",
    "CREATE INDEX IF NOT EXISTS report_headline_trgm ON branchapp_report USING gin "
    "((substring(search_document, 1, length(headline))) gin_trgm_ops)",
    "ALTER TABLE branchapp_report DROP COLUMN IF EXISTS search_headline",
    "ALTER TABLE branchapp_report DROP COLUMN IF EXISTS search_vector",
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
    dependencies = [("branchapp", "0008_rating_rules_percent_wording")]

    operations = [migrations.RunPython(forward, backward)]
