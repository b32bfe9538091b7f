from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from branchapp.services.uploads import stored_photos_clean


class Command(BaseCommand):
    help = (
        "Remove the metadata (EXIF with GPS positions, XMP, IPTC, comments) from the photos "
        "and member photos stored before uploads were cleaned, keeping their names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the files that would be cleaned."
        )

    def handle(self, *args, dry_run, **options):
        result = stored_photos_clean(storage=default_storage, dry_run=dry_run)
        verb = "Would clean" if dry_run else "Cleaned"
        for name in result.cleaned:
            self.stdout.write(f"{verb} {name}")
        for name in result.missing:
            self.stderr.write(f"Missing from storage: {name}")
        for name in result.not_photos:
            self.stderr.write(f"Not a JPEG, PNG or WebP photo (left as it is): {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(result.cleaned)} file(s); {result.already_clean} already clean, "
                f"{len(result.missing)} missing, {len(result.not_photos)} not photos."
            )
        )
