"""An article's neighbours by subject: related articles and the same section's newest.

Related articles are the published reports closest to the article, newest first within each
tier: meetings of the same kind first (a year-end review next to other year-end reviews),
then the same section (category), then the same organisation's family (its parent committee
and the parent's other cells; a top committee's own cells). Never the article itself.

“Same section” lists the section's newest other articles, without those already related.

A fixed number of queries whatever the data: at most three queries of ids (each stops at
the first rows of the publication index, but reads it all when little matches), then one
query of the reports and one of their lead photos. The result is kept in the cache under the
version of the lists (like `news.report_years`): a report going public or away, or a card
changed, moves it.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet

from .. import page_dependencies as tags
from ..models import MeetingKindTag, Report
from .news import public_reports

RELATED_SIZE = 4
SECTION_SIZE = 5


@dataclass
class ArticleNeighbours:
    related: list[Report] = field(default_factory=list)
    section: list[Report] = field(default_factory=list)


def _ids(queryset: QuerySet, limit: int) -> list[int]:
    return list(queryset.order_by("-published_at", "-id").values_list("pk", flat=True)[:limit])


def family_path(path: str) -> str:
    """The materialised path of an organisation's family: its parent's subtree, or its own
    for a top organisation ("12/40/" → "12/"; "12/" → "12/")."""
    parts = [part for part in path.split("/") if part]
    if len(parts) > 1:
        parts = parts[:-1]
    return "".join(f"{part}/" for part in parts)


def article_neighbours(
    report: Report, *, related_size: int = RELATED_SIZE, section_size: int = SECTION_SIZE
) -> ArticleNeighbours:
    """The related articles and the same section's list of `report`.

    `report` comes from `news.article_queryset` (its meeting's kinds prefetched, its
    organisation selected). Reports come from `news.public_reports` (card fields, organisation,
    lead photo as `.lead_photos`).
    """
    key = tags.versioned_key(f"related:{report.pk}:{related_size}:{section_size}", tags.LISTS)
    found = cache.get(key)
    if found is None:
        found = _article_neighbours(report, related_size, section_size)
        cache.set(key, found, 24 * 60 * 60)
    return found


def _article_neighbours(report: Report, related_size: int, section_size: int):
    others = Report.objects.published().exclude(pk=report.pk)
    meeting = report.meeting
    related: list[int] = []
    kinds = [tag.kind for tag in meeting.kinds.all()]
    if kinds:
        same_kind = MeetingKindTag.objects.filter(meeting_id=OuterRef("meeting_id"), kind__in=kinds)
        related = _ids(others.filter(Exists(same_kind)), related_size)
    section: list[int] = []
    if report.category_id:
        # One query serves both the related tier and the section's list.
        newest = _ids(
            others.filter(category_id=report.category_id), 2 * related_size + section_size
        )
        related += [pk for pk in newest if pk not in related][: related_size - len(related)]
        section = [pk for pk in newest if pk not in related][:section_size]
    if len(related) < related_size:
        family = family_path(meeting.organisation.path)
        if family:
            related += _ids(
                others.filter(meeting__organisation__path__startswith=family).exclude(
                    pk__in=related
                ),
                related_size - len(related),
            )
    if not related and not section:
        return ArticleNeighbours()
    found = public_reports().in_bulk(related + section)
    return ArticleNeighbours(
        related=[found[pk] for pk in related if pk in found],
        section=[found[pk] for pk in section if pk in found],
    )
