"""Write the article views waiting in the view counter to the database (run every few
minutes by a timer, docs/deploy.md), and recompute the most-read list."""

from django.core.management.base import BaseCommand

from ...services.readership import report_views_flush


class Command(BaseCommand):
    help = "Write the article views counted since the last run, and recompute the most-read list."

    def handle(self, *args, **options):
        written = report_views_flush()
        if written is None:
            self.stdout.write("Another flush is running: nothing done.")
        elif options["verbosity"] > 0:
            self.stdout.write(f"{written} view(s) written; most-read list recomputed.")
