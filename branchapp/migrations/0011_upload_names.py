"""Photos of reports and members are stored cleaned, under generated private names.

The fields become `PhotoField` (branchapp/models/files.py): new uploads are re-encoded or
stripped of their metadata and named `private/photos/<y>/<m>/<random>.<ext>` or
`private/members/<y>/<random>.<ext>`, with the extension of the detected type. Rows stored
before keep their names and files. The history tables lose the copied validator only.
"""

import branchapp.models.files
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("branchapp", "0010_search_words"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalmember",
            name="photo",
            field=models.TextField(blank=True, max_length=100, verbose_name="photo"),
        ),
        migrations.AlterField(
            model_name="historicalphoto",
            name="image",
            field=models.TextField(max_length=100, verbose_name="image"),
        ),
        migrations.AlterField(
            model_name="member",
            name="photo",
            field=branchapp.models.files.PhotoField(
                blank=True, upload_to=branchapp.models.files.member_photo_name, verbose_name="photo"
            ),
        ),
        migrations.AlterField(
            model_name="photo",
            name="image",
            field=branchapp.models.files.PhotoField(
                upload_to=branchapp.models.files.report_photo_name, verbose_name="image"
            ),
        ),
    ]
