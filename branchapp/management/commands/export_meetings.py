from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branchapp.interchange import InterchangeError, export_meetings, format_error
from branchapp.models import Organisation


class Command(BaseCommand):
    help = "Export meetings with their reports, photos and results to an interchange file (.json or .zip)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the file to write, ending in .json or .zip.")
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="Only meetings of this organisation and the organisations under it.",
        )
        parser.add_argument("--year", type=int, help="Only meetings held in this year.")
        parser.add_argument(
            "--inline-images",
            action="store_true",
            help="Embed photos in the JSON as data: URIs instead of writing files.",
        )

    def handle(self, *args, file, organisation=None, year=None, inline_images=False, **options):
        org = None
        if organisation:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(
                    _("No organisation has the slug “%(slug)s”.") % {"slug": organisation}
                )
        try:
            result = export_meetings(file, organisation=org, year=year, inline_images=inline_images)
        except InterchangeError as exc:
            for path, message in exc.errors:
                self.stderr.write(format_error(path, message))
            raise CommandError(_("The export failed.")) from None
        self.stdout.write(
            _(
                "Exported %(meetings)s meetings, %(organisations)s organisations and %(photos)s photos to %(file)s."
            )
            % {
                "meetings": result.meetings,
                "organisations": result.organisations,
                "photos": result.photos,
                "file": file,
            }
        )
