from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from branchapp.sample import load_sample


class Command(BaseCommand):
    help = "Load the sample article (31/12/2021 year-end plenary) as structured data."

    def handle(self, *args, **options):
        if load_sample():
            self.stdout.write(self.style.SUCCESS(_("Sample data loaded.")))
        else:
            self.stdout.write(_("The sample data is already loaded; nothing changed."))
