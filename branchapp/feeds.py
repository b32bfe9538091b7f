"""RSS feeds of published reports: the whole site, one per organisation (with its cells), one
per section and one per kind of meeting. Each entry carries its lead photo as an enclosure."""

from io import StringIO

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import page_dependencies as tags
from .models import Category, MeetingKind, Organisation
from .selectors import news

FEED_SIZE = 30


class OnePieceRssFeed(Rss201rev2Feed):
    """RSS 2.0 built as one string and written to the response at once.

    The generator writes each XML element separately, and each write to a response converts
    and stores a chunk: about 30 writes per entry.
    """

    def write(self, outfile, encoding):
        buffer = StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class LatestReportsFeed(Feed):
    feed_type = OnePieceRssFeed
    language = "vi"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # One chunk (the response starts with an empty one): the WSGI server sends each chunk
        # with its own system call.
        response.content = response.content
        return response

    def title(self):
        return _("%(site)s: news") % {"site": settings.SITE_NAME}

    def description(self):
        return _("The latest reports of the Party committee's and its cells' meetings.")

    def link(self):
        return reverse("news:list")

    def items(self):
        tags.depends_on(tags.LISTS)
        return news.feed_reports()[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author_name or None

    def item_categories(self, item):
        return [item.category.name] if item.category_id else []

    def item_enclosures(self, item):
        """The lead photo, as the JPEG rendition pages use for a card's wide screens: its
        address, its size in bytes and its type (what aggregators show as a thumbnail)."""
        photo = item.lead_photos[0] if getattr(item, "lead_photos", None) else None
        if photo is None:
            return []
        url, size = _rendition_file(photo)
        if url is None:
            return []
        return [Enclosure(url, str(size), "image/jpeg")]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # The enclosures' addresses made absolute, on the feed's own host (as its links are).
        for entry in feed.items:
            entry["enclosures"] = [
                Enclosure(request.build_absolute_uri(e.url), e.length, e.mime_type)
                for e in entry["enclosures"]
            ]
        return feed


class OrganisationReportsFeed(LatestReportsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organisation, slug=slug)

    def title(self, obj):
        return _("%(site)s: news of %(organisation)s") % {
            "site": settings.SITE_NAME,
            "organisation": obj.name,
        }

    def description(self, obj):
        return _("The latest reports of %(organisation)s and its cells.") % {
            "organisation": obj.name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        tags.depends_on(tags.organisation_news(obj.pk))
        return news.filter_reports(news.feed_reports(), organisation=obj)[:FEED_SIZE]


ENCLOSURE_FORMAT, ENCLOSURE_WIDTH = "jpeg", 960


def _rendition_file(photo) -> tuple[str | None, int]:
    """The address and size in bytes of the photo's enclosure rendition (generated if it is
    missing); (None, 0) when it cannot be had."""
    name = (photo.renditions or {}).get(ENCLOSURE_FORMAT, {}).get(str(ENCLOSURE_WIDTH))
    spec = getattr(photo, f"{ENCLOSURE_FORMAT}_{ENCLOSURE_WIDTH}")
    try:
        if not name:
            name = spec.name
        if not default_storage.exists(name):
            spec.generate(force=True)
        return default_storage.url(name), default_storage.size(name)
    except (OSError, ValueError):
        return None, 0


class CategoryReportsFeed(LatestReportsFeed):
    """The newest reports of one section (category)."""

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return _("%(site)s: %(section)s") % {"site": settings.SITE_NAME, "section": obj.name}

    def description(self, obj):
        return _("The latest reports of the section “%(section)s”.") % {"section": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        tags.depends_on(tags.section_news(obj.pk))
        return news.filter_reports(news.feed_reports(), category=obj)[:FEED_SIZE]


class KindReportsFeed(LatestReportsFeed):
    """The newest reports of one kind of meeting (e.g. review conferences)."""

    def get_object(self, request, kind):
        if kind not in MeetingKind.values:
            raise Http404
        return MeetingKind(kind)

    def title(self, obj):
        return _("%(site)s: %(kind)s") % {
            "site": settings.SITE_NAME,
            "kind": str(obj.label)[:1].upper() + str(obj.label)[1:],
        }

    def description(self, obj):
        return _("The latest reports of the meetings of the kind “%(kind)s”.") % {"kind": obj.label}

    def link(self, obj):
        return f"{reverse('news:list')}?{urlencode({'loai': obj.value})}"

    def items(self, obj):
        tags.depends_on(tags.kind_news(obj.value))
        return news.filter_reports(news.feed_reports(), kind=obj.value)[:FEED_SIZE]
