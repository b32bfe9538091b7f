"""The words of the reports, for correcting mistyped search words.

Before, a search that no report matched word for word looked for typos by comparing the whole
query with every folded headline through a trigram index. For a query of common words with
one typo ("sinh hoatt chi bo") that index returns nearly every headline of a province, each
compared again: about 1.5 s. Now each mistyped word is compared with the words in use (a few
thousand: Vietnamese is written in syllables) and replaced by the closest one, and the full-text
search runs again; typos are found in the whole text, not only in headlines.

On PostgreSQL the words get a trigram index, and the headline trigram index of migration 0009
is dropped (nothing reads it any more). The table is filled from the existing reports.
"""

import re

from django.db import migrations, models

WORD = re.compile(r"[^\W_]+")
MAX_WORD = 60


def fill(apps, schema_editor):
    Report = apps.get_model("branchapp", "Report")
    SearchWord = apps.get_model("branchapp", "SearchWord")
    db = schema_editor.connection.alias
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS searchword_trgm ON branchapp_searchword "
            "USING gin (word gin_trgm_ops)"
        )
        schema_editor.execute("DROP INDEX IF EXISTS report_search_headline_trgm")
    words = set()
    documents = Report.objects.using(db).values_list("search_document", flat=True)
    for document in documents.iterator(chunk_size=2000):
        words.update(w for w in WORD.findall(document) if w.isalpha() and len(w) <= MAX_WORD)
    SearchWord.objects.using(db).bulk_create(
        [SearchWord(word=word) for word in sorted(words)], batch_size=1000
    )


def unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS report_search_headline_trgm ON branchapp_report "
            "USING gin (search_headline gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("branchapp", "0009_report_stored_search_columns")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "word",
                    models.CharField(
                        max_length=60, primary_key=True, serialize=False, verbose_name="word"
                    ),
                ),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.RunPython(fill, unfill),
    ]
