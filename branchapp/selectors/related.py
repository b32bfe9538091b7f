"""What an article page shows around its report, kept in the cache in one entry: the
previous and next articles, the same organisation's newest, related articles, the same
section's newest, and its meeting's kinds (the kinds choose the related articles).

Related articles are the published reports closest to the article, newest first within each
tier: meetings of the same kind first (a year-end review next to other year-end reviews),
then the same section (category), then the same organisation's family (its parent committee
and the parent's other cells; a top committee's own cells). Never the article itself.

“Same section” lists the section's newest other articles, without those already related.

A fixed number of queries whatever the data: the kinds, the previous and next articles, the
same organisation's, at most three queries of ids for the related articles (each stops at the
first rows of the publication index, but reads it all when little matches), then one query of
their reports and one of their lead photos. The entry of a public article is kept under the
versions of the lists and the layout (like `news.report_years`): a report going public or
away, a card or a kind of a public article changed, or an organisation moved, makes a new one.
A preview's is read each time (a change to a draft moves no tag).
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet

from .. import page_dependencies as tags
from ..models import MeetingKindTag, Report
from .news import neighbours, public_reports, related_reports

RELATED_SIZE = 4
SECTION_SIZE = 5


@dataclass
class ArticleNeighbours:
    previous: Report | None = None
    following: Report | None = None
    same_organisation: list[Report] = field(default_factory=list)
    related: list[Report] = field(default_factory=list)
    section: list[Report] = field(default_factory=list)
    kinds: list[MeetingKindTag] = field(default_factory=list)

    def cards(self) -> list[Report]:
        """The other articles the page links to."""
        others = [self.previous, self.following, *self.same_organisation]
        return [*others, *self.related, *self.section]


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
    """What the page of `report` shows around it.

    `report` comes from `news.article_queryset` (its organisation selected). Related and
    section reports come from `news.public_reports` (card fields, organisation, lead photo as
    `.lead_photos`).
    """
    if not report.is_public:
        return _article_neighbours(report, related_size, section_size)
    key = tags.versioned_key(
        f"article-neighbours:{report.pk}:{related_size}:{section_size}", tags.LAYOUT, tags.LISTS
    )
    found = cache.get(key)
    if found is None:
        found = _article_neighbours(report, related_size, section_size)
        cache.set(key, found, 24 * 60 * 60)
    return found


def _article_neighbours(report: Report, related_size: int, section_size: int):
    kinds = list(report.meeting.kinds.all())
    related, section = _related_ids(report, [tag.kind for tag in kinds], related_size, section_size)
    found = public_reports().in_bulk(related + section) if related or section else {}
    previous, following = neighbours(report)
    return ArticleNeighbours(
        previous=previous,
        following=following,
        same_organisation=related_reports(report),
        related=[found[pk] for pk in related if pk in found],
        section=[found[pk] for pk in section if pk in found],
        kinds=kinds,
    )


def _related_ids(
    report: Report, kinds: list[str], related_size: int, section_size: int
) -> tuple[list[int], list[int]]:
    """The ids of the related articles and of the same section's list."""
    others = Report.objects.published().exclude(pk=report.pk)
    related: list[int] = []
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
        family = family_path(report.meeting.organisation.path)
        if family:
            related += _ids(
                others.filter(meeting__organisation__path__startswith=family).exclude(
                    pk__in=related
                ),
                related_size - len(related),
            )
    return related, section
