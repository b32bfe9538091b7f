from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from branchapp.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty deployment (empty database and media "
        "folder), then check every table's row count against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup folder, backups/<timestamp>.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database and media folder that are not empty.",
        )

    def handle(self, *args, backup, force, **options):
        try:
            manifest = backup_restore(folder=backup, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {backup} (made {manifest['created']}): {rows} rows, counts checked."
            )
        )
