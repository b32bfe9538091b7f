"""Article views ("Lượt xem"): counted without a cookie by the article's request, in the view
counter (Redis, or its in-memory double), written to the database in batches; the most-read
list recomputed at each batch; the page cache kept."""

import datetime
import socket
import threading
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from branchapp import models, page_dependencies, viewcounter
from branchapp.services.readership import report_views_flush

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True)
def _fresh_counter():
    viewcounter._counters.clear()
    yield
    viewcounter._counters.clear()


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_counter(settings):
    """The Redis counter on a database of its own, under a prefix of this test."""
    if not _redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.VIEW_COUNTER_REDIS_URL = "redis://127.0.0.1:6379/14"
    settings.VIEW_COUNTER_PREFIX = f"test-{uuid.uuid4().hex}"
    counter = viewcounter.view_counter()
    yield counter
    for key in counter.client.scan_iter(f"{settings.VIEW_COUNTER_PREFIX}:*"):
        counter.client.delete(key)


def view(client, report, *, address="203.0.113.5", agent=BROWSER):
    return client.post(
        f"/luot-xem/{report.pk}/", HTTP_USER_AGENT=agent, REMOTE_ADDR=address, HTTP_ACCEPT="*/*"
    )


def views_in_database(report) -> int:
    row = models.ReportViews.objects.filter(report=report).first()
    return row.views if row else 0


def test_a_view_is_counted_and_answered_with_the_live_count_without_a_cookie(client):
    report = ReportFactory()
    first = view(client, report, address="203.0.113.1")
    assert first.status_code == 200
    assert first.json() == {"views": 1}
    assert not first.cookies
    assert "no-store" in first["Cache-Control"] or "no-cache" in first["Cache-Control"]
    assert view(client, report, address="203.0.113.2").json() == {"views": 2}
    # Counted in the view counter only, until a batch is written.
    assert views_in_database(report) == 0

    call_command("flush_view_counts", verbosity=0)
    assert views_in_database(report) == 2
    # The live count goes on from the written one.
    assert view(client, report, address="203.0.113.3").json() == {"views": 3}


def test_the_article_shows_the_written_count_and_asks_for_the_live_one(client):
    report = ReportFactory()
    page = client.get(report.get_absolute_url()).content.decode()
    # No views written yet: the line is hidden until the script fills it.
    assert f'data-view-count-url="/luot-xem/{report.pk}/"' in page
    assert "hidden>Lượt xem:" in page
    assert "/static/js/views.js" in page

    models.ReportViews.objects.create(report=report, views=1234)
    edited = models.Report.objects.get(pk=report.pk)
    edited.author_name = "Ban Tuyên giáo"
    edited.save()  # an edit readers see: the page is rendered again
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Lượt xem:" in page and "1.234" in page and "hidden>Lượt xem:" not in page


def test_a_repeated_view_from_the_same_address_is_not_counted(client):
    report, other = ReportFactory(), ReportFactory()
    assert view(client, report).json() == {"views": 1}
    assert view(client, report).json() == {"views": 1}  # the same reader again
    assert view(client, other).json() == {"views": 1}  # the same reader, another article
    assert view(client, report, address="198.51.100.7").json() == {"views": 2}


def test_a_view_counts_again_after_the_repeat_window(client, settings, monkeypatch):
    report = ReportFactory()
    clock = [1000.0]
    monkeypatch.setattr(viewcounter.time, "monotonic", lambda: clock[0])
    assert view(client, report).json() == {"views": 1}
    clock[0] += settings.VIEW_COUNT_REPEAT_SECONDS - 1
    assert view(client, report).json() == {"views": 1}
    clock[0] += 2
    assert view(client, report).json() == {"views": 2}


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ],
)
def test_robots_are_not_counted(client, agent):
    report = ReportFactory()
    response = view(client, report, agent=agent)
    assert response.status_code == 200 and response.json() == {"views": 0}
    report_views_flush()
    assert views_in_database(report) == 0


def test_only_published_reports_are_counted(client):
    draft = ReportFactory(status=models.ReportStatus.DRAFT, published_at=None)
    scheduled = ReportFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    for report in (draft, scheduled):
        assert view(client, report).status_code == 404
    assert client.post("/luot-xem/999999/").status_code == 404
    assert client.get(f"/luot-xem/{ReportFactory().pk}/").status_code == 405
    report_views_flush()
    assert not models.ReportViews.objects.exists()


@pytest.mark.usefixtures("one_rate_limit_window")
def test_view_requests_are_rate_limited_per_address(client, settings):
    settings.VIEW_COUNT_RATE_LIMIT = "3/m"
    reports = ReportFactory.create_batch(4)
    answers = [view(client, report, address="192.0.2.9").status_code for report in reports]
    assert answers == [200, 200, 200, 429]
    assert view(client, reports[3], address="192.0.2.10").status_code == 200


def test_counting_and_writing_views_keep_the_page_cache(client):
    report = ReportFactory(headline="Hội nghị tổng kết năm")
    first = client.get(report.get_absolute_url())
    shown = [page_dependencies.LISTS, page_dependencies.report(report.pk)]
    versions = page_dependencies.versions(shown)
    for n in range(5):
        view(client, report, address=f"203.0.113.{n}")
    assert report_views_flush() == 5
    assert views_in_database(report) == 5
    assert page_dependencies.versions(shown) == versions
    with CaptureQueriesContext(connection) as captured:
        again = client.get(report.get_absolute_url())
    assert [q for q in captured if "SAVEPOINT" not in q["sql"]] == []  # from the cache
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_views_are_written_after_a_number_of_views_without_the_command(client, settings):
    settings.VIEW_COUNT_FLUSH_EVERY = 3
    report = ReportFactory()
    for n in range(2):
        view(client, report, address=f"203.0.113.{n}")
    assert views_in_database(report) == 0
    assert view(client, report, address="203.0.113.99").json() == {"views": 3}
    assert views_in_database(report) == 3
    assert models.ReportViewDay.objects.get(report=report).views == 3


def test_views_of_a_deleted_report_are_dropped_at_the_flush(client):
    report, kept = ReportFactory(), ReportFactory()
    view(client, report)
    view(client, kept)
    report.meeting.delete()
    assert report_views_flush() == 1
    assert views_in_database(kept) == 1


def test_a_batch_left_by_a_failed_flush_is_written_by_the_next(client, monkeypatch):
    from branchapp.services import readership

    report = ReportFactory()
    view(client, report, address="203.0.113.1")

    def broken(**kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(readership, "most_read_rank", broken)
    with pytest.raises(RuntimeError):
        report_views_flush()
    assert views_in_database(report) == 0  # rolled back
    view(client, report, address="203.0.113.2")  # counted meanwhile: waits for the next batch
    assert view(client, report, address="203.0.113.3").json() == {"views": 3}
    monkeypatch.undo()
    assert report_views_flush() == 1  # the batch left behind
    assert report_views_flush() == 2  # then the views counted meanwhile
    assert views_in_database(report) == 3


def _hammer(counter, report_ids, threads=8, per_thread=250):
    """Add views from several threads while batches are taken and written; returns the
    views added and the views in the batches taken (plus those left)."""
    written: dict[int, int] = {}
    stop = threading.Event()

    def add(n):
        for i in range(per_thread):
            counter.add(report_ids[(n + i) % len(report_ids)])

    def flush():
        while not stop.is_set():
            assert counter.lock(60)
            for pk, views in counter.take().items():
                written[pk] = written.get(pk, 0) + views
            counter.written()
            counter.unlock()

    flusher = threading.Thread(target=flush)
    flusher.start()
    workers = [threading.Thread(target=add, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    stop.set()
    flusher.join()
    for pk, views in counter.take().items():
        written[pk] = written.get(pk, 0) + views
    counter.written()
    return threads * per_thread, written


def test_no_view_is_lost_under_concurrency_memory_counter():
    counter = viewcounter.MemoryViewCounter()
    added, written = _hammer(counter, [1, 2, 3])
    assert sum(written.values()) == added == 2000


def test_no_view_is_lost_under_concurrency_redis_counter(redis_counter):
    added, written = _hammer(redis_counter, [1, 2, 3])
    assert sum(written.values()) == added == 2000


def test_views_counted_in_redis_reach_the_database(client, redis_counter):
    report = ReportFactory()
    for n in range(3):
        assert view(client, report, address=f"203.0.113.{n}").json() == {"views": n + 1}
    assert view(client, report, address="203.0.113.0").json() == {"views": 3}  # a repeat
    assert redis_counter.waiting(report.pk) == 3
    assert report_views_flush() == 3
    assert redis_counter.waiting(report.pk) == 0
    assert views_in_database(report) == 3
    assert view(client, report, address="203.0.113.9").json() == {"views": 4}


def test_most_read_ranking_is_recomputed_at_each_batch(client):
    first, second, third = (
        ReportFactory(headline="Bài thứ nhất"),
        ReportFactory(headline="Bài thứ hai"),
        ReportFactory(headline="Bài thứ ba"),
    )
    for report, readers in ((first, 1), (second, 3), (third, 2)):
        for n in range(readers):
            view(client, report, address=f"198.51.100.{n}")
    home = client.get("/").content.decode()
    assert "Đọc nhiều nhất" not in home  # no batch written yet

    report_views_flush()
    assert list(models.MostReadReport.objects.values_list("report__headline", flat=True)) == [
        "Bài thứ hai",
        "Bài thứ ba",
        "Bài thứ nhất",
    ]
    # Writing counts keeps the cached home page (a cached page is stale for at most
    # PUBLIC_PAGE_CACHE_SECONDS); a page rendered now shows the new ranking.
    assert "Đọc nhiều nhất" not in client.get("/").content.decode()
    home = client.get("/?trang=moi").content.decode()
    box = home[home.index("Đọc nhiều nhất") :]
    assert box.index("Bài thứ hai") < box.index("Bài thứ ba") < box.index("Bài thứ nhất")

    # The article's box leaves out the article itself.
    article = client.get(second.get_absolute_url()).content.decode()
    box = article[article.index("Đọc nhiều nhất") :]
    assert "Bài thứ ba" in box and "Bài thứ hai" not in box

    # More views for the first: it leads after the next batch.
    for n in range(5):
        view(client, first, address=f"192.0.2.{n}")
    report_views_flush()
    assert models.MostReadReport.objects.get(position=1).report == first


def test_most_read_counts_the_last_30_days_and_published_reports_only(client):
    old, recent, withdrawn = ReportFactory(), ReportFactory(), ReportFactory()
    today = timezone.localdate()
    models.ReportViewDay.objects.create(
        report=old, day=today - datetime.timedelta(days=30), views=500
    )
    models.ReportViewDay.objects.create(
        report=recent, day=today - datetime.timedelta(days=29), views=2
    )
    models.ReportViewDay.objects.create(report=withdrawn, day=today, views=50)
    withdrawn.status = models.ReportStatus.DRAFT
    withdrawn.save()
    report_views_flush()
    assert list(models.MostReadReport.objects.values_list("report", "views")) == [(recent.pk, 2)]
