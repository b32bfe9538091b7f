"""The public news site, at the root of the site."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from ..feeds import (
    CategoryReportsFeed,
    KindReportsFeed,
    LatestReportsFeed,
    OrganisationReportsFeed,
)
from ..http.pagecache import public_pages
from ..sitemaps import SITEMAPS
from ..views.public import news
from ..views.public.documents import document

app_name = "news"

urlpatterns = [
    path("", news.home, name="home"),
    path("tin-tuc/", news.report_list, name="list"),
    path("tin-tuc/rss/", LatestReportsFeed(), name="feed"),
    path("tin-tuc/rss/chuyen-muc/<slug:slug>/", CategoryReportsFeed(), name="category-feed"),
    path("tin-tuc/rss/loai/<slug:kind>/", KindReportsFeed(), name="kind-feed"),
    path("tin-tuc/<slug:slug>/", news.article, name="article"),
    path("to-chuc/<slug:slug>/", news.organisation, name="organisation"),
    path("to-chuc/<slug:slug>/rss/", OrganisationReportsFeed(), name="organisation-feed"),
    path(
        "to-chuc/<slug:slug>/chi-tieu/<int:year>/",
        news.organisation_targets,
        name="organisation-targets",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", news.robots_txt, name="robots"),
]

# Every page above comes from the page cache and answers conditional
# GETs (ETag/Last-Modified); searches on the news list are rate-limited.
urlpatterns = public_pages(urlpatterns, rate_limited={"list"})

# A document file published with a public report (a download: not through the page cache).
urlpatterns += [path("tai-lieu/<int:pk>/", document, name="document")]
