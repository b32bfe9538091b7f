"""The deployed set-up, as an operator sees it: nginx (deploy/nginx/) in front of two gunicorns
on one PostgreSQL and one Redis. PostgreSQL only (the gunicorns read the test database)."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import ScryptPasswordHasher, make_password
from django.urls import reverse

from branchapp.models import Report, ReportStatus
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import CellFactory, MeetingFactory, ReportFactory, user_with_role

from .conftest import Visitor

pytestmark = pytest.mark.django_db(transaction=True)

# A change reaches the edge within this time (issue 14): the page's s-maxage (5 s) plus the
# request that finds it expired and has it updated in the background.
EDGE_DELAY = 10
PASSWORD = "mat-khau-cua-bi-thu-2026"


def until(condition, seconds=EDGE_DELAY):
    """Poll `condition` (a callable returning a truthy value when met) for `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.25)


def cache_status(answer) -> str:
    return answer.headers.get("X-Cache-Status", "")


@pytest.fixture
def secretary():
    """An office secretary who may publish the cell's reports, and the cell."""
    cell = CellFactory()
    user = user_with_role(SECRETARIAT_ROLE, cell.parent)
    # The app servers run the production settings, whose hashers do not include the tests'
    # fast MD5: a hash they check (scrypt, quick enough).
    user.password = make_password(PASSWORD, hasher=ScryptPasswordHasher())
    user.save(update_fields=["password"])
    return user, cell


def test_a_published_article_is_served_and_then_from_the_edge_cache(edge):
    report = ReportFactory(headline="Chi bộ phường Tân Định sinh hoạt chuyên đề")
    url = edge.url(report.get_absolute_url())
    visitor = Visitor()
    first = visitor.get(url)
    assert first.status == 200 and "Chi bộ phường Tân Định sinh hoạt chuyên đề" in first.text
    assert "s-maxage=5" in first.headers["Cache-Control"]
    second = visitor.get(url)
    assert (second.status, cache_status(second)) == (200, "HIT")
    assert second.text == first.text
    # The page's stylesheet (collectstatic's hashed name) comes from nginx, kept a year.
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', first.text).group(1)
    style = visitor.get(edge.url(stylesheet))
    assert style.status == 200 and "immutable" in style.headers["Cache-Control"]
    assert "X-Cache-Status" not in style.headers  # a file, not through the app


def test_a_session_cookie_bypasses_the_edge_cache(edge, secretary):
    report = ReportFactory()
    url = edge.url(report.get_absolute_url())
    logged_in = Visitor()
    logged_in.log_in(edge.url(""), secretary[0].username, PASSWORD)  # through nginx
    pages = [logged_in.get(url) for _ in range(2)]
    assert [(page.status, cache_status(page)) for page in pages] == [(200, "BYPASS")] * 2
    assert all("private" in page.headers["Cache-Control"] for page in pages)
    # Nothing was stored from those requests: the first anonymous visitor is a miss.
    assert cache_status(Visitor().get(url)) == "MISS"
    # A flash message waiting to be shown is personal too.
    assert cache_status(Visitor(messages="pending").get(url)) == "BYPASS"


def test_the_language_cookie_gets_the_english_page_from_its_own_entry(edge):
    report = ReportFactory()
    url = edge.url(report.get_absolute_url())
    english, vietnamese = Visitor(django_language="en"), Visitor()
    pages = [english.get(url), vietnamese.get(url), english.get(url), vietnamese.get(url)]
    assert [page.headers["Content-Language"] for page in pages] == ["en", "vi", "en", "vi"]
    assert [cache_status(page) for page in pages] == ["MISS", "MISS", "HIT", "HIT"]
    assert '<html lang="en">' in pages[2].text and '<html lang="vi">' in pages[3].text
    # A browser asking for English first, without the cookie, shares the English entry.
    from_browser = Visitor().get(url, Accept_Language="en-GB,en;q=0.9,vi;q=0.5")
    assert (from_browser.headers["Content-Language"], cache_status(from_browser)) == ("en", "HIT")


def test_published_through_one_app_server_read_through_the_other_and_the_edge(edge, secretary):
    user, cell = secretary
    meeting = MeetingFactory(organisation=cell, title="Sinh hoạt chi bộ tháng 12 mở rộng")
    report = ReportFactory(meeting=meeting, status=ReportStatus.DRAFT, published_at=None)
    article = reverse("news:article", kwargs={"slug": report.slug})
    reader = Visitor()
    assert reader.get(edge.url(article)).status == 404  # stored at the edge as a 404

    editor = Visitor()
    editor.log_in(edge.app_url(0, ""), user.username, PASSWORD)
    # Logged in on app 1, and so on app 2: sessions are shared (PostgreSQL and Redis).
    assert editor.get(edge.app_url(1, reverse("workspace:dashboard"))).status == 200
    published = editor.submit(
        edge.app_url(0, reverse("workspace:report_publish", args=[meeting.pk])), {"action": "now"}
    )
    assert published.status == 302
    published_at = time.monotonic()
    assert Report.objects.published().filter(pk=report.pk).exists()

    assert "Sinh hoạt chi bộ tháng 12 mở rộng" in reader.get(edge.app_url(1, article)).text
    assert until(lambda: reader.get(edge.url(article)).status == 200)
    assert time.monotonic() - published_at <= EDGE_DELAY


def test_unpublished_through_the_app_it_leaves_the_edge(edge, secretary):
    user, cell = secretary
    meeting = MeetingFactory(organisation=cell)
    report = ReportFactory(meeting=meeting)
    url = edge.url(report.get_absolute_url())
    reader = Visitor()
    assert [cache_status(reader.get(url)) for _ in range(2)] == ["MISS", "HIT"]

    editor = Visitor()
    editor.log_in(edge.app_url(0, ""), user.username, PASSWORD)
    answer = editor.submit(
        edge.app_url(0, reverse("workspace:report_publish", args=[meeting.pk])),
        {"action": "unpublish"},
    )
    assert answer.status == 302
    unpublished_at = time.monotonic()

    assert reader.get(edge.app_url(1, report.get_absolute_url())).status == 404
    assert until(lambda: reader.get(url).status == 404)
    assert time.monotonic() - unpublished_at <= EDGE_DELAY
    # And it stays gone: the 404 replaced the stored page (no stale copy comes back).
    time.sleep(1)
    assert reader.get(url).status == 404


def test_pages_already_seen_survive_the_app_servers_going_down(edge):
    seen, unseen = ReportFactory(headline="Bài đã được đọc trước khi máy chủ dừng"), ReportFactory()
    reader = Visitor()
    assert reader.get(edge.url(seen.get_absolute_url())).status == 200
    edge.stop_app()
    try:
        time.sleep(settings.PUBLIC_EDGE_CACHE_SECONDS + 0.5)  # the stored copy has expired
        for _ in range(2):
            stale = reader.get(edge.url(seen.get_absolute_url()))
            assert stale.status == 200 and "Bài đã được đọc trước khi máy chủ dừng" in stale.text
            assert cache_status(stale) in ("STALE", "UPDATING")
        # A page nobody asked for before cannot be served.
        assert reader.get(edge.url(unseen.get_absolute_url())).status == 502
    finally:
        for index in range(len(edge.app_ports)):
            edge.start_app(index)
    assert reader.get(edge.app_url(0, unseen.get_absolute_url())).status == 200
