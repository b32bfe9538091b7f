"""Render and store the body of every article (or of some): after writing reports in bulk."""

from django.core.management.base import BaseCommand

from ...article_html import refresh
from ...models import Report


class Command(BaseCommand):
    help = (
        "Render and store the HTML of articles' bodies (Report.body_html), in every language: "
        "after reports were written in bulk (bulk_create, update, loaddata)."
    )

    def add_arguments(self, parser):
        parser.add_argument("report_ids", nargs="*", type=int, help="only these reports")
        parser.add_argument(
            "--missing", action="store_true", help="only reports without stored HTML"
        )

    def handle(self, *args, report_ids, missing, **options):
        reports = Report.objects.all()
        if report_ids:
            reports = reports.filter(pk__in=report_ids)
        if missing:
            reports = reports.filter(body_html={})
        ids = list(reports.values_list("pk", flat=True).order_by("pk"))
        done = 0
        for start in range(0, len(ids), 500):
            done += refresh(ids[start : start + 500])
        self.stdout.write(f"{done} articles rendered.")
