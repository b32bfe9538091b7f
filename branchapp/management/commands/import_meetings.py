from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from branchapp.interchange import InterchangeError, format_error, import_meetings


class Command(BaseCommand):
    help = (
        "Import meetings from an interchange file (.json or .zip). The whole file is checked first; "
        "if anything is wrong nothing is imported and every error is listed by its JSON path."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the file to read, ending in .json or .zip.")

    def handle(self, *args, file, **options):
        try:
            result = import_meetings(file)
        except InterchangeError as exc:
            for path, message in exc.errors:
                self.stderr.write(format_error(path, message))
            raise CommandError(
                _("Nothing was imported: %(count)s errors in the file.")
                % {"count": len(exc.errors)}
            ) from None
        self.stdout.write(
            _(
                "Imported %(total)s meetings (%(created)s new, %(updated)s updated), "
                "%(photos)s photos; %(organisations)s organisations and %(members)s members created."
            )
            % {
                "total": result.created + result.updated,
                "created": result.created,
                "updated": result.updated,
                "photos": result.photos,
                "organisations": result.organisations_created,
                "members": result.members_created,
            }
        )
        if result.addenda:
            self.stdout.write(
                _("%(count)s corrections to approved minutes added.") % {"count": result.addenda}
            )
