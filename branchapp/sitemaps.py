"""The sitemap: home, news list, every published report and every organisation."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import page_dependencies
from .models import Organisation, Report


class PagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["news:home", "news:list"]

    def location(self, item):
        return reverse(item)


class ReportSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 5000

    def items(self):
        # Its last-modified times follow within the page cache's time limit.
        page_dependencies.depends_on(page_dependencies.LISTS)
        return (
            Report.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at


class OrganisationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Organisation.objects.only("slug").order_by("path")


SITEMAPS = {"pages": PagesSitemap, "reports": ReportSitemap, "organisations": OrganisationSitemap}
