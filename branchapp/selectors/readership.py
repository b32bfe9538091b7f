"""What the public pages show of article views: the most-read list (an article's count comes
with its report, `news.article_queryset`)."""

from django.core.cache import cache
from django.utils import timezone

from .. import page_dependencies as tags
from ..models import MostReadReport, ReportStatus

# A version, as the dependency tags have, moved on when a new ranking is stored
# (services.readership): the cached lists are keyed on it and on the version of the lists
# (a report unpublished leaves the list at once), both read in one round trip. No page
# records it: the pages showing the list depend on the cards of its reports.
RANKING_TAG = "most-read"
MOST_READ_SHOWN = 10


def most_read(limit: int = MOST_READ_SHOWN) -> list[MostReadReport]:
    """The most-read published articles of the last 30 days, best first: entries with
    `.report` (headline and address) and `.views`. One query, then kept in the cache."""
    key = tags.versioned_key(f"most-read:{limit}", RANKING_TAG, tags.LISTS)
    entries = cache.get(key)
    if entries is None:
        entries = list(
            MostReadReport.objects.filter(
                report__status=ReportStatus.PUBLISHED,
                report__published_at__lte=timezone.now(),
            )
            .select_related("report")
            .only("views", "report__headline", "report__slug", "report__published_at")
            .order_by("position")[:limit]
        )
        cache.set(key, entries, 24 * 60 * 60)
    tags.depends_on_cards(entry.report for entry in entries)
    return entries
