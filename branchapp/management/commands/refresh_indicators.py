from django.core.management.base import BaseCommand

from branchapp.services.targets import targets_refresh_all


class Command(BaseCommand):
    help = (
        "Recompute the actual value and assessment of every target bound to an indicator "
        "(after data was entered in the admin or imported)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Only the targets of this year.")

    def handle(self, *args, year=None, **options):
        n = targets_refresh_all(year=year)
        self.stdout.write(f"{n} target(s) refreshed.")
