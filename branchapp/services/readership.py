"""Article views: counting one (in the view counter, no database write) and writing the
views waiting to the database in batches, with the most-read ranking recomputed each time.

Nothing here moves a page's dependencies (`page_invalidation.py`): view counts and the
ranking have no rule there and are written with queryset updates, so the page cache is
kept. Cached pages show the count and the ranking of when they were rendered; the article's
script asks for the live count.
"""

import datetime
import hashlib
import re
import time
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone

from ..models import MostReadReport, Report, ReportStatus, ReportViewDay, ReportViews
from ..page_dependencies import tag_key
from ..selectors.readership import RANKING_TAG
from ..viewcounter import view_counter

# User agents of robots, crawlers, link previews and scripts: their requests are not views.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|facebookcatalog|zalo(?:bot|preview)"
    r"|preview|headless|phantomjs|lighthouse|pagespeed|pingdom|uptime|monitor|curl|wget"
    r"|python-|httpclient|okhttp|go-http|java/|libwww|scrapy|axios|node-fetch",
    re.IGNORECASE,
)
# The most-read list: the views of the last MOST_READ_DAYS days; this many kept.
MOST_READ_DAYS = 30
MOST_READ_STORED = 20
FLUSH_LOCK_SECONDS = 300


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_USER_AGENT.search(user_agent))


def _visitor_key(address: str, report_id: int) -> str:
    # A keyed hash: the address itself is never stored.
    return hashlib.blake2b(
        f"{address}|{report_id}".encode(),
        key=settings.SECRET_KEY.encode()[:64],
        digest_size=16,
    ).hexdigest()


def report_view_count(*, report_id: int, address: str, user_agent: str) -> int | None:
    """Count a reader's view of a published report; returns its live count (the views
    written plus those waiting), or None when no published report has this id.

    Not counted (but answered with the count): robots, and a second view from the same
    address within VIEW_COUNT_REPEAT_SECONDS. After VIEW_COUNT_FLUSH_EVERY views the
    waiting views are written.
    """
    written = list(
        Report.objects.published().filter(pk=report_id).values_list("view_total__views", flat=True)
    )
    if not written:
        return None
    counter = view_counter()
    if not is_bot(user_agent) and counter.first_view(
        _visitor_key(address, report_id), settings.VIEW_COUNT_REPEAT_SECONDS
    ):
        _waiting, since_flush = counter.add(report_id)
        if since_flush >= settings.VIEW_COUNT_FLUSH_EVERY:
            report_views_flush()
            written = list(
                ReportViews.objects.filter(report_id=report_id).values_list("views", flat=True)
            )
    return ((written[0] or 0) if written else 0) + counter.waiting(report_id)


def _add_by_increment(queryset, batch: dict[int, int]) -> None:
    """`views += n` for each report's row, one UPDATE per distinct n (batches have few)."""
    by_increment = defaultdict(list)
    for report_id, views in batch.items():
        by_increment[views].append(report_id)
    for views, report_ids in by_increment.items():
        queryset.filter(report_id__in=report_ids).update(views=F("views") + views)


def report_views_flush(*, today: datetime.date | None = None) -> int | None:
    """Write the views waiting in the view counter to the database, then recompute the
    most-read ranking. Returns the number of views written, or None when another flush is
    running. Views counted meanwhile wait for the next flush; if writing fails, the batch
    stays in the counter and the next flush writes it. Call it outside any transaction (the
    command, the view request: `non_atomic_requests`): the counter forgets the batch once
    this function's own transaction is committed.
    """
    counter = view_counter()
    if not counter.lock(FLUSH_LOCK_SECONDS):
        return None
    try:
        today = today or timezone.localdate()
        batch = counter.take()
        with transaction.atomic():
            # Views of reports deleted since are dropped.
            batch = {
                pk: batch[pk]
                for pk in Report.objects.filter(pk__in=list(batch)).values_list("pk", flat=True)
            }
            if batch:
                ReportViews.objects.bulk_create(
                    [ReportViews(report_id=pk) for pk in batch], ignore_conflicts=True
                )
                _add_by_increment(ReportViews.objects.all(), batch)
                ReportViewDay.objects.bulk_create(
                    [ReportViewDay(report_id=pk, day=today) for pk in batch],
                    ignore_conflicts=True,
                )
                _add_by_increment(ReportViewDay.objects.filter(day=today), batch)
            most_read_rank(today=today)
        counter.written()
        return sum(batch.values())
    finally:
        counter.unlock()


def most_read_rank(*, today: datetime.date) -> None:
    """Store the most-read ranking: published reports by views over the last MOST_READ_DAYS
    days (ties: the newer first)."""
    since = today - datetime.timedelta(days=MOST_READ_DAYS - 1)
    rows = (
        ReportViewDay.objects.filter(
            day__gte=since,
            report__status=ReportStatus.PUBLISHED,
            report__published_at__lte=timezone.now(),
        )
        .values("report_id")
        .annotate(total=Sum("views"), newest=Max("report__published_at"))
        .filter(total__gt=0)
        .order_by("-total", "-newest", "-report_id")[:MOST_READ_STORED]
    )
    ranking = [
        MostReadReport(position=position, report_id=row["report_id"], views=row["total"])
        for position, row in enumerate(rows, start=1)
    ]
    MostReadReport.objects.all().delete()
    MostReadReport.objects.bulk_create(ranking)
    # Now and again after the commit (a list read meanwhile from the old rows must not stay
    # cached under the new stamp), as `page_dependencies.move` does.
    _new_ranking_stamp()
    transaction.on_commit(_new_ranking_stamp)


def _new_ranking_stamp() -> None:
    cache.set(tag_key(RANKING_TAG), time.time_ns(), None)
