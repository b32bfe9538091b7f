"""The portal's home page: the featured article, the newest news, blocks per section and per
organisation, and what the sidebar lists; in a fixed number of queries whatever the data.

The blocks and the featured choice are kept in the cache under the versions of the lists and
the layout (like `news.report_years`), so that a home page rendered again after a change costs a few
indexed queries.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from .. import page_dependencies as tags
from ..models import Category, Organisation, Photo, PortalSettings, Report
from . import news, readership

HIGHLIGHTS = 4  # the cards under the featured article
BLOCK_SIZE = 4  # headlines per section or organisation block
ORGANISATION_BLOCKS = 8  # at most this many organisation blocks
CACHE_SECONDS = 24 * 60 * 60


@dataclass
class Block:
    """A few headlines of a section or an organisation, with the address of all of them."""

    title: str
    url: str
    reports: list


def _cached(name: str, compute):
    key = tags.versioned_key(f"home:{name}", tags.LAYOUT, tags.LISTS)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _featured_choice() -> int:
    """The id of the report an administrator featured (0 when none)."""
    chosen = PortalSettings.objects.filter(pk=1).values_list("featured_report_id", flat=True)
    return chosen.first() or 0


def featured_report(newest: list[Report]) -> Report | None:
    """The administrator's featured article while it is published; else the newest with a
    photo; else the newest. `newest` comes from `news.public_reports()`."""
    chosen = _cached("featured", _featured_choice)
    if chosen:
        found = next((r for r in newest if r.pk == chosen), None)
        if found is None:
            found = news.public_reports().filter(pk=chosen).first()
        if found is not None:
            return found
    found = next((r for r in newest if r.lead_photos), None)
    if found is None and newest:
        found = (
            news.public_reports()
            .filter(Exists(Photo.objects.filter(report=OuterRef("pk"))))
            .first()
        )
    return found or (newest[0] if newest else None)


def _headlines():
    return Report.objects.published().only(
        "headline", "slug", "published_at", "meeting__organisation_id", "category_id"
    )


def _newest_first():
    return [F("published_at").desc(), F("id").desc()]


def _section_blocks() -> list[Block]:
    """Each section (category) with published reports: its newest headlines (one query)."""
    reports = (
        _headlines()
        .filter(category__isnull=False)
        .annotate(
            _position=Window(RowNumber(), partition_by=[F("category_id")], order_by=_newest_first())
        )
        .filter(_position__lte=BLOCK_SIZE)
        .select_related("category")
        .only("headline", "slug", "published_at", "category__name", "category__slug")
        .order_by("category__name", "_position")
    )
    blocks: dict[int, Block] = {}
    list_url = news_list_url()
    for report in reports:
        category: Category = report.category
        block = blocks.get(category.pk)
        if block is None:
            block = blocks[category.pk] = Block(
                category.name, f"{list_url}?chuyen_muc={category.slug}", []
            )
        block.reports.append(report)
    return list(blocks.values())


def _block_organisations() -> list[Organisation]:
    """The top organisations; when there is only one, the organisations directly under it."""
    roots = news.organisation_tree()
    if len(roots) == 1 and roots[0].cells:
        return roots[0].cells
    return roots


def _organisation_blocks() -> list[Block]:
    """Each organisation of `_block_organisations` with published reports (its own and its
    cells'): its newest headlines, in one query."""
    organisations = _block_organisations()
    if not organisations:
        return []
    # The tree is cached without the paths: one query for them.
    paths = dict(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]).values_list("pk", "path")
    )
    which = Case(
        *(
            When(meeting__organisation__path__startswith=paths[o.pk], then=Value(o.pk))
            for o in organisations
            if o.pk in paths
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    reports = (
        _headlines()
        .annotate(_block=which)
        .exclude(_block=0)
        .annotate(
            _position=Window(RowNumber(), partition_by=[F("_block")], order_by=_newest_first())
        )
        .filter(_position__lte=BLOCK_SIZE)
        .order_by("_position")
    )
    by_organisation: dict[int, list] = {}
    for report in reports:
        by_organisation.setdefault(report._block, []).append(report)
    list_url = news_list_url()
    blocks = [
        Block(o.name, f"{list_url}?to_chuc={o.slug}", by_organisation[o.pk])
        for o in organisations
        if o.pk in by_organisation
    ]
    return blocks[:ORGANISATION_BLOCKS]


def news_list_url() -> str:
    return reverse("news:list")


def home_context() -> dict:
    newest = list(news.public_reports()[: news.HOME_SIZE])
    featured = featured_report(newest)
    others = [r for r in newest if featured is None or r.pk != featured.pk]
    return {
        "featured": featured,
        "highlights": others[:HIGHLIGHTS],
        "latest": others[HIGHLIGHTS : news.HOME_SIZE - 1],
        "section_blocks": _cached("sections", _section_blocks),
        "organisation_blocks": _cached("organisations", _organisation_blocks),
        "most_read": readership.most_read(),
        "organisations": news.organisation_tree(),
        "years": news.report_years(),
    }
