"""What the public news pages show, fetched in a fixed number of queries per page.

Nothing here reads the internal minutes (attendance, opinions, votes, inspections, ratings):
a public page gets reports, their blocks, photos, targets, awards and organisations only,
and the whitelisted facts of a meeting's record that `facts.py` reads (figures, not the roll).
"""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .. import page_dependencies as tags
from .. import scoping
from ..models import (
    Assessment,
    Award,
    BlockType,
    Category,
    Organisation,
    Photo,
    Report,
    ReportBlock,
    Target,
)
from . import search
from . import targets as target_terms
from .facts import article_facts, decision_label

PAGE_SIZE = 20
HOME_SIZE = 13
RELATED_SIZE = 5
TREE_CELLS = 30


def _lead_photo_prefetch() -> Prefetch:
    # A sliced prefetch fetches only the first photo of each report (one query, window function).
    return Prefetch(
        "photos", queryset=Photo.objects.order_by("order", "id")[:1], to_attr="lead_photos"
    )


def public_reports() -> QuerySet:
    """Published reports with what a list shows (`{% report_card %}`): headline, lead, time,
    organisation, lead photo."""
    return (
        Report.objects.published()
        .select_related("meeting__organisation")
        .prefetch_related(_lead_photo_prefetch())
        # Only the columns a card reads: not the search text (the widest column), nor the
        # meeting's 30 columns of minutes.
        .only(
            "meeting",
            "headline",
            "slug",
            "lead",
            "published_at",
            "meeting__organisation_name",
            "meeting__organisation__name",
            "meeting__organisation__slug",
        )
        .order_by("-published_at", "-id")
    )


def feed_reports() -> QuerySet:
    """Published reports with only what a feed entry shows: no organisation; the lead photo
    (the entry's enclosure)."""
    return (
        Report.objects.published()
        .select_related("category")
        .prefetch_related(_lead_photo_prefetch())
        .only(
            "headline",
            "slug",
            "lead",
            "author_name",
            "published_at",
            "updated_at",
            "category__name",
        )
        .order_by("-published_at", "-id")
    )


def filter_reports(
    queryset: QuerySet,
    *,
    organisation: Organisation | None = None,
    year: int | None = None,
    kind: str | None = None,
    category=None,
) -> QuerySet:
    """Reports of an organisation (with its cells), a meeting year, a kind, a category."""
    if organisation is not None:
        queryset = queryset.filter(meeting__organisation__path__startswith=organisation.path)
    if year:
        queryset = queryset.filter(meeting__date__year=year)
    if kind:
        # One tag per kind and meeting (unique constraint), so no duplicate rows.
        queryset = queryset.filter(meeting__kinds__kind=kind)
    if category is not None:
        queryset = queryset.filter(category=category)
    return queryset


def list_dependencies(
    query: str = "",
    *,
    organisation: Organisation | None = None,
    year: int | None = None,
    kind: str | None = None,
    category=None,
) -> set[str]:
    """The dependency tags of a list filtered as `filter_reports` does (with a search
    `query`): a list narrowed to an organisation, kind or section shows only the reports of
    those (a publication elsewhere leaves it as it is); a search or a list of every report (by
    year at most) may show any report: `lists`. Its sections navigation (counts) and years
    follow within the page cache's time.
    """
    narrowed = set()
    if organisation is not None:
        narrowed.add(tags.organisation_news(organisation.pk))
    if kind:
        narrowed.add(tags.kind_news(kind))
    if category is not None:
        narrowed.add(tags.section_news(category.pk))
    return {tags.LISTS} if query or not narrowed else narrowed


def cached_count(queryset: QuerySet, count_key: str) -> int:
    """`queryset.count()`, kept in the cache under the version of the lists.

    Counting a province's 40,000 published reports takes tens of milliseconds a page; the
    count only changes when a report goes public or away, which moves the lists' version.
    """
    digest = hashlib.blake2b(count_key.encode(), digest_size=12).hexdigest()
    key = tags.versioned_key(f"count:{digest}", tags.LISTS)
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, 24 * 60 * 60)
    return count


class KnownCountPaginator(Paginator):
    """A Paginator told its count (from `cached_count`) instead of counting."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count


def page_of(reports: QuerySet, number, count_key: str):
    """Page `number` (anything the reader typed) of `reports`, PAGE_SIZE a page."""
    count = cached_count(reports, count_key)
    return KnownCountPaginator(reports, PAGE_SIZE, count=count).get_page(number)


@dataclass
class SearchResults:
    page: Page
    total: int  # every match, also those beyond search.RANKED_MATCHES
    words: list[str]  # the words searched for: those of the query, or their corrections
    corrected: bool  # no report had the words typed; `words` are the corrections


def search_page(reports: QuerySet, query: str, number, count_key: str) -> SearchResults:
    """Page `number` of the `reports` matching `query`, best first, and how many match.

    When no report has every word of the query, mistyped words are corrected
    (`search.corrected_words`) and the search runs again with them.

    Beyond `search.RANKED_MATCHES` matches (a word found in nearly every report), only the
    newest of them are ranked and paged: ranking all 40,000 reports of a province takes over
    half a second per page and nobody reads that far. The page says so.
    """
    words = search.query_words(query)
    matches = search.search_reports(reports, words)
    total = cached_count(matches, count_key)
    corrected = False
    if not total and words:
        corrections = search.corrected_words(words, reports.db)
        if corrections != words:
            retried = search.search_reports(reports, corrections)
            retried_total = cached_count(retried, f"{count_key}:corrected:{corrections}")
            if retried_total:
                matches, total, words, corrected = retried, retried_total, corrections, True
    if total > search.RANKED_MATCHES:
        matches = search.newest_matches(reports, words, matches, search.RANKED_MATCHES)
    # The page's reports are ranked first (ids only), then read with their organisation and
    # photo: joining every ranked match before sorting them took longer than the ranking.
    paginator = KnownCountPaginator(
        matches.values_list("pk", flat=True),
        PAGE_SIZE,
        count=min(total, search.RANKED_MATCHES),
    )
    page = paginator.get_page(number)
    ids = list(page.object_list)
    found = reports.order_by().in_bulk(ids)
    page.object_list = [found[pk] for pk in ids if pk in found]
    return SearchResults(page, total, words, corrected)


@dataclass
class SearchSuggestions:
    """What a search that found nothing offers instead."""

    query: str  # a query that finds something ("" if none): the corrected words, or the same
    everywhere: bool  # it finds reports without the list's filters (organisation, year…)
    sections: list  # sections with published reports, as (Category, count)
    newest: list  # the newest published reports


SUGGESTED_NEWEST = 5


def search_suggestions(words: list[str], *, filtered: bool) -> SearchSuggestions:
    """Suggestions for a search of `words` that found nothing (within the filters if
    `filtered`): a corrected query that finds something on the whole site, or the same words
    without the filters; the sections; the newest articles."""
    everything = Report.objects.published()
    query, everywhere = "", False
    if words:
        corrections = search.corrected_words(words)
        candidates = [corrections] if corrections != words else []
        if filtered:
            candidates.append(words)
        for candidate in candidates:
            if search.search_reports(everything, candidate).exists():
                query, everywhere = " ".join(candidate), filtered
                break
    return SearchSuggestions(
        query=query,
        everywhere=everywhere,
        sections=sections(),
        newest=list(public_reports()[:SUGGESTED_NEWEST]),
    )


def sections() -> list[tuple[Category, int]]:
    """The sections (categories) that have published reports, with how many, by name.

    Kept in the cache under the versions of the lists and the layout, like `report_years`.
    """
    key = tags.versioned_key("sections", tags.LAYOUT, tags.LISTS)
    rows = cache.get(key)
    if rows is None:
        public = Q(reports__status="published", reports__published_at__lte=timezone.now())
        rows = [
            (category, category.count)
            for category in Category.objects.annotate(count=Count("reports", filter=public))
            .filter(count__gt=0)
            .order_by("name")
        ]
        cache.set(key, rows, 24 * 60 * 60)
    return rows


def report_years() -> list[int]:
    """Years of the meetings that have a published report, newest first.

    Kept in the cache under the version of the lists (a report going public or away moves
    it): the query reads every published report, which takes 100+ ms for a province.
    """
    key = tags.versioned_key("report-years", tags.LISTS)
    years = cache.get(key)
    if years is None:
        dates = Report.objects.published().dates("meeting__date", "year", order="DESC")
        years = [d.year for d in dates]
        cache.set(key, years, 24 * 60 * 60)
    return years


def organisation_tree(today: datetime.date | None = None) -> list[Organisation]:
    """Current top organisations (no current parent), each with its current `.cells`.

    Kept in the cache under the version of the layout (any change to an organisation moves
    it) and the day (organisations begin and end on given days), like `report_years`: the two
    window-function queries took a fifth of the home page's time.
    """
    today = today or timezone.localdate()
    key = tags.versioned_key(f"organisation-tree:{today.isoformat()}", tags.LAYOUT)
    roots = cache.get(key)
    if roots is None:
        roots = _organisation_tree(today)
        cache.set(key, roots, 24 * 60 * 60)
    return roots


def _organisation_tree(today: datetime.date) -> list[Organisation]:
    # The tree shows names and links only: organisations have long descriptions.
    active = Organisation.objects.active_on(today).only("name", "slug", "parent_id")
    roots = list(
        active.filter(
            Q(parent__isnull=True) | Q(parent__valid_to__lt=today) | Q(parent__valid_from__gt=today)
        ).order_by("order", "name")
    )
    by_id = {root.pk: root for root in roots}
    for root in roots:
        root.cells, root.cells_total = [], 0
    # At most TREE_CELLS cells each (a province committee has hundreds), and how many in all.
    by_parent = {"partition_by": F("parent_id")}
    cells = (
        active.filter(parent__in=list(by_id))
        .annotate(
            _position=Window(RowNumber(), order_by=[F("order"), F("name")], **by_parent),
            _total=Window(Count("id"), **by_parent),
        )
        .filter(_position__lte=TREE_CELLS)
        .order_by("order", "name")
    )
    for cell in cells:
        root = by_id[cell.parent_id]
        root.cells.append(cell)
        root.cells_total = cell._total
    return roots


def home_context() -> dict:
    reports = list(public_reports()[:HOME_SIZE])
    return {
        "featured": reports[0] if reports else None,
        "highlights": reports[1:5],
        "latest": reports[5:],
        "organisations": organisation_tree(),
        "years": report_years(),
    }


def attach_excerpts(reports: list[Report], words: list[str]) -> None:
    """Give each search result `.excerpt`: the passage matching most query words (2 queries)."""
    ids = [r.pk for r in reports if search.words_matched(r.lead, words) < len(words)]
    texts: dict[int, list[str]] = {}
    if ids:
        for block in (
            ReportBlock.objects.filter(
                report_id__in=ids,
                type__in=[BlockType.PARAGRAPH, BlockType.HEADING, BlockType.LIST],
            )
            .only("report_id", "text", "items")
            .order_by("report_id", "order", "id")
        ):
            texts.setdefault(block.report_id, []).extend([block.text, *(block.items or [])])
        for report_id, caption in Photo.objects.filter(report_id__in=ids).values_list(
            "report_id", "caption"
        ):
            texts.setdefault(report_id, []).append(caption)
    for report in reports:
        best, best_count = report.lead, -1
        for text in [report.lead, *texts.get(report.pk, [])]:
            count = search.words_matched(text, words)
            if count > best_count:
                best, best_count = text, count
                if count == len(words):
                    break  # the first passage with every word: no need to read further
        report.excerpt = search.excerpt(best, words) or report.lead


@dataclass
class TargetGroup:
    heading: str
    targets: list = field(default_factory=list)


@dataclass
class TargetTable:
    """A year's targets of an organisation, grouped under their headings, with a tally."""

    organisation: Organisation | None
    year: int
    groups: list[TargetGroup]
    tally: dict[str, int]
    # The targets of a congress term covering the year: [(term, [TargetGroup])].
    terms: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(g.targets) for g in self.groups) + sum(
            len(g.targets) for _term, groups in self.terms for g in groups
        )


def _grouped(targets) -> list[TargetGroup]:
    groups: list[TargetGroup] = []
    for target in targets:
        if not groups or groups[-1].heading != target.group:
            groups.append(TargetGroup(target.group))
        groups[-1].targets.append(target)
    return groups


def target_table(targets, organisation=None, year=None, term_targets=()) -> TargetTable:
    """The year's targets under their headings, then each term's (already in term order)."""
    terms = []
    for target in term_targets:
        if not terms or terms[-1][0] != target.term:
            terms.append((target.term, []))
        terms[-1][1].append(target)
    counts = Counter(t.assessment for t in [*targets, *term_targets])
    tally = {value: counts.get(value, 0) for value in Assessment.values}
    return TargetTable(
        organisation,
        year,
        _grouped(targets),
        tally,
        [(term, _grouped(rows)) for term, rows in terms],
    )


def article_context(report: Report, *, public: bool | None = None) -> dict:
    """Everything `news/includes/article_body.html` needs, in a fixed number of queries (four
    at most for the body, and those of `facts.article_facts`, whatever the number of rows).

    `report` should come with `meeting__organisation` and `category` selected (see
    `article_queryset`). Each block gets, by type: `.photo` (selected), `.eager` (True for the
    first photo), `.table` (a TargetTable), `.awards` (the meeting's awards). `public`: as
    `facts.article_facts`.
    """
    meeting = report.meeting
    blocks = list(
        report.blocks.select_related("photo", "targets_organisation").order_by("order", "id")
    )
    table_keys = {
        (b.targets_organisation_id or meeting.organisation_id, b.targets_year)
        for b in blocks
        if b.type == BlockType.TARGETS
    }
    tables = {}
    if table_keys:
        condition = Q(pk__in=[])
        for organisation_id, year in table_keys:
            condition |= Q(organisation_id=organisation_id, year=year)
        rows: dict[tuple, list] = {key: [] for key in table_keys}
        # With them, the term targets this meeting adopted or reviewed (shown under the years
        # their term covers), in the same query.
        condition |= Q(
            Q(adopted_at=meeting) | Q(reviewed_at=meeting),
            year__isnull=True,
            organisation_id__in={key[0] for key in table_keys},
        ) & ~Q(term="")
        announced = []
        for target in Target.objects.filter(condition).order_by("order", "id"):
            if target.year is None:
                announced.append(target)
            else:
                rows[(target.organisation_id, target.year)].append(target)
        tables = {
            key: target_table(
                targets,
                term_targets=target_terms.covering(
                    [t for t in announced if t.organisation_id == key[0]], key[1]
                ),
            )
            for key, targets in rows.items()
        }
    awards = []
    if any(b.type == BlockType.AWARDS for b in blocks):
        awards = list(
            Award.objects.filter(meeting=meeting).select_related("decision").order_by("order", "id")
        )
        for award in awards:
            # The decision as the facts section prints it (number, date, issuer).
            award.decision_text = decision_label(award.decision)

    lead_photo = None
    for block in blocks:
        if block.type == BlockType.PHOTO:
            block.eager = lead_photo is None
            lead_photo = lead_photo or block.photo
        elif block.type == BlockType.TARGETS:
            key = (block.targets_organisation_id or meeting.organisation_id, block.targets_year)
            block.table = tables[key]
            block.table.year = block.targets_year
            block.table.organisation = block.targets_organisation or meeting.organisation
        elif block.type == BlockType.AWARDS:
            block.awards = awards
    return {
        "report": report,
        "blocks": blocks,
        "lead_photo": lead_photo,
        "organisation": meeting.organisation,
        "meeting": meeting,
        # The record's public facts, live (selectors/facts.py: a fixed number of queries).
        "facts": article_facts(
            report, awards_in_body=any(b.type == BlockType.AWARDS for b in blocks), public=public
        ),
    }


def article_queryset() -> QuerySet:
    """Reports with what an article page shows of them, their meeting and organisation (its
    kinds come with the neighbours, `related.article_neighbours`), and `.views`: the views as
    of the last batch written (None before the first)."""
    return (
        Report.objects.select_related("category", "meeting__organisation")
        .annotate(views=F("view_total__views"))
        # Only the columns the page reads: a meeting has 30 (the minutes), a report its wide
        # search text; turning unread columns into Python values took a tenth of the view.
        .only(
            "meeting",
            "headline",
            "slug",
            "category",
            "lead",
            "author_name",
            "author_organisation",
            "source_credit",
            "status",
            "published_at",
            "updated_at",
            "revised_at",
            "body_html",
            "hidden_facts",  # what the body's facts leave out, when it is rendered
            "category__name",
            "category__slug",
            "meeting__organisation_name",
            "meeting__date",
            "meeting__part_of_day",
            "meeting__organisation__name",
            "meeting__organisation__slug",
            "meeting__organisation__path",  # who may preview a draft (scoping)
        )
    )


def neighbours(report: Report) -> tuple[Report | None, Report | None]:
    """The published reports just before and just after `report` in publication order, in
    one query."""
    if report.published_at is None:
        return None, None
    published = Report.objects.published()
    at = report.published_at
    # A range on published_at plus an exclusion for ties, not an OR: the planner then walks
    # the publication index from `at` and stops at the first row (1 ms, not 30, for a province).
    previous = (
        published.filter(published_at__lte=at)
        .exclude(published_at=at, pk__gte=report.pk)
        .order_by("-published_at", "-id")
        .values("pk")[:1]
    )
    following = (
        published.filter(published_at__gte=at)
        .exclude(published_at=at, pk__lte=report.pk)
        .order_by("published_at", "id")
        .values("pk")[:1]
    )
    found = (
        Report.objects.filter(Q(pk=Subquery(previous)) | Q(pk=Subquery(following)))
        .only("headline", "slug", "published_at")
        .order_by()
    )
    before = after = None
    for other in found:
        if (other.published_at, other.pk) < (at, report.pk):
            before = other
        else:
            after = other
    return before, after


def related_reports(report: Report, limit: int = RELATED_SIZE) -> list[Report]:
    """Other published reports of the same organisation, newest first."""
    return list(
        Report.objects.published()
        .filter(meeting__organisation_id=report.meeting.organisation_id)
        .exclude(pk=report.pk)
        .only("headline", "slug", "published_at")
        .order_by("-published_at", "-id")[:limit]
    )


def can_preview(user, report: Report) -> bool:
    """Workspace accounts that may change reports of the report's organisation may read it
    unpublished (the same rule as the workspace's preview)."""
    return (
        scoping.has_workspace_role(user)
        and user.has_perm("branchapp.change_report")
        and scoping.can_access_organisation(user, report.meeting.organisation)
    )


def public_targets() -> QuerySet:
    """The targets the public may see on an organisation's targets page: those adopted or
    reviewed at a meeting whose report is published (and not scheduled for later). A target
    typed in the workspace stays internal until a published report carries its meeting."""
    # Correlated EXISTS, not IN (every published report's meeting): the organisation's few
    # targets are each checked through the report's unique meeting index (a province's
    # 40,000 reports made the IN form take about 95 ms per query).
    published = Report.objects.published()
    return Target.objects.filter(
        Exists(published.filter(meeting_id=OuterRef("adopted_at_id")))
        | Exists(published.filter(meeting_id=OuterRef("reviewed_at_id")))
    )


def organisation_target_years(organisation: Organisation) -> list[int]:
    years = set(
        public_targets()
        .filter(organisation=organisation, year__isnull=False)
        .values_list("year", flat=True)
        .order_by()  # the default ordering's columns would make DISTINCT per row
        .distinct()
    )
    years |= target_terms.years_of_terms(public_targets().filter(organisation=organisation))
    return sorted(years, reverse=True)


def organisation_targets(organisation: Organisation, year: int) -> TargetTable:
    """The year's public targets, and those of the terms covering the year."""
    targets = list(
        public_targets().filter(organisation=organisation, year=year).order_by("order", "id")
    )
    terms = target_terms.term_targets(public_targets().filter(organisation=organisation), year)
    return target_table(targets, organisation, year, term_targets=terms)


def article_jsonld(report: Report, lead_photo, absolute, site_name: str) -> dict:
    """schema.org NewsArticle data of a report; `absolute` turns a path into a full URL."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": report.headline[:110],
        "description": report.lead,
        "mainEntityOfPage": absolute(report.get_absolute_url()),
        "url": absolute(report.get_absolute_url()),
        "inLanguage": "vi",
        "datePublished": timezone.localtime(report.published_at).isoformat()
        if report.published_at
        else None,
        # Changed after publication as readers see it, not any save (services/reports.py).
        "dateModified": timezone.localtime(report.revised_at or report.published_at).isoformat()
        if report.revised_at or report.published_at
        else None,
        "publisher": {"@type": "Organization", "name": site_name},
        "sourceOrganization": {
            "@type": "Organization",
            "name": report.meeting.organisation_name or report.meeting.organisation.name,
            "url": absolute(report.meeting.organisation.get_absolute_url()),
        },
    }
    if report.category_id:
        data["articleSection"] = report.category.name
    if report.author_name:
        author = {"@type": "Person", "name": report.author_name}
        if report.author_organisation:
            author["affiliation"] = {"@type": "Organization", "name": report.author_organisation}
        data["author"] = author
    if lead_photo is not None:
        data["image"] = [
            absolute(lead_photo.rendition_urls()["jpeg"][size]) for size in (1600, 960, 480)
        ]
    return {key: value for key, value in data.items() if value not in (None, "")}
