"""RSS feeds of published reports: the whole site and one per organisation (with its cells)."""

from io import StringIO

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from .models import Organisation
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
        return news.filter_reports(news.feed_reports(), organisation=obj)[:FEED_SIZE]
