from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from branchapp.services.backup import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc, or a consistent SQLite copy) and the media files "
        "into <root>/<timestamp>/ with a manifest of row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--root",
            type=Path,
            default=Path(settings.BASE_DIR) / "backups",
            help="Folder that receives the backups (default: backups/).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Keep only this many newest backups under the root (default: keep all).",
        )

    def handle(self, *args, root, keep, **options):
        try:
            folder = backup_create(root=root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for old in backups_prune(root=root, keep=keep):
            self.stdout.write(f"Deleted the old backup {old}")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
