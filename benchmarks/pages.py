"""The public pages the benchmark measures, and what they cost in queries, on one database.

    DATABASE_URL=... .venv/bin/python benchmarks/pages.py     # prints them as JSON

benchmarks/run.py calls this once per database (each scale is its own database), so that the
same pages are measured at both scales: the sample's article, committee and section are in
both, with more data around them at province scale.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from branchapp import models as m  # noqa: E402
from branchapp.sample import HEADLINE  # noqa: E402
from branchapp.sample.article import CATEGORY  # noqa: E402


def public_pages() -> dict[str, str]:
    """Page name → address. The sample's article and committee when they are loaded (they are
    at both scales, so the province run measures the same pages with more data around them),
    otherwise the latest report and its organisation."""
    published = m.Report.objects.published()
    report = (
        published.filter(headline=HEADLINE).first() or published.order_by("-published_at").first()
    )
    organisation = report.meeting.organisation
    grassroots = m.Target.objects.filter(year=2021).select_related("organisation").first()
    targets_org = grassroots.organisation if grassroots else organisation
    section = m.Category.objects.filter(name=CATEGORY).first() or report.category
    pages = {
        "home": "/",
        "news list": "/tin-tuc/",
        "list by organisation+year": f"/tin-tuc/?to_chuc={organisation.slug}&nam=2021",
        # Words of the sample's headline: one match at both scales.
        "search": "/tin-tuc/?q=dang+bo+dinh+ky",
        # Words in every report: 40,001 matches at province scale, the newest 500 ranked.
        "search (common words)": "/tin-tuc/?q=sinh+hoat+chi+bo",
        "article": report.get_absolute_url(),
        "organisation": organisation.get_absolute_url(),
        "targets": f"/to-chuc/{targets_org.slug}/chi-tieu/2021/",
        "rss": "/tin-tuc/rss/",
        # Issue 15's lists: the sample's kind (a review conference, as every generated
        # December meeting) and its section (a third of the generated reports).
        "kind list": f"/tin-tuc/?loai={m.MeetingKind.REVIEW_CONFERENCE}",
    }
    if section is not None:
        pages["section list"] = section.get_absolute_url()
    return pages


def queries_per_request(pages: dict[str, str]) -> dict[str, int]:
    """Queries of each page as rendered (page cache off), after one request has filled what
    the selectors keep in the cache (counts, years, sections)."""
    client = Client()
    counts = {}
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0, RATELIMIT_ENABLE=False):
        for name, url in pages.items():
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            counts[name] = len(captured)
    return counts


def data_counts() -> dict[str, int]:
    return {
        "organisations": m.Organisation.objects.count(),
        "members": m.Member.objects.count(),
        "meetings": m.Meeting.objects.count(),
        "reports": m.Report.objects.published().count(),
        "photos": m.Photo.objects.count(),
    }


def main():
    pages = public_pages()
    print(
        json.dumps(
            {
                "pages": pages,
                "queries": queries_per_request(pages),
                "counts": data_counts(),
                "vendor": connection.vendor,
            }
        )
    )


if __name__ == "__main__":
    main()
