"""Public page cache: served from the cache, dropped on every change, 304 for unchanged pages."""

import datetime
import socket
import time
import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from branchapp import models
from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    PhotoFactory,
    ReportFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def page(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


def test_article_is_served_from_cache_until_the_report_changes(client):
    report = ReportFactory(headline="Hội nghị sơ kết quý I")
    assert "Hội nghị sơ kết quý I" in page(client, report.get_absolute_url())[1]

    # A bulk update sends no signal: the cached page is still served, proof it is cached.
    models.Report.objects.filter(pk=report.pk).update(lead="Đoạn mở đầu đã sửa trong SQL.")
    assert "Đoạn mở đầu đã sửa trong SQL." not in page(client, report.get_absolute_url())[1]

    report.refresh_from_db()
    report.headline = "Hội nghị sơ kết quý I năm 2022"
    report.save()
    html = page(client, report.get_absolute_url())[1]
    assert "Hội nghị sơ kết quý I năm 2022" in html
    assert "Đoạn mở đầu đã sửa trong SQL." in html


def test_list_and_home_drop_a_deleted_report(client):
    report = ReportFactory(headline="Bài sẽ bị xoá khỏi trang tin")
    assert "Bài sẽ bị xoá khỏi trang tin" in page(client, reverse("news:list"))[1]
    assert "Bài sẽ bị xoá khỏi trang tin" in page(client, reverse("news:home"))[1]
    # Deleting the meeting cascades to its report: no delete() call, but post_delete is sent.
    report.meeting.delete()
    assert "Bài sẽ bị xoá khỏi trang tin" not in page(client, reverse("news:list"))[1]
    assert "Bài sẽ bị xoá khỏi trang tin" not in page(client, reverse("news:home"))[1]


def test_photo_caption_change_and_deletion_show_at_once(client):
    report = ReportFactory()
    photo = PhotoFactory(report=report, caption="Quang cảnh hội nghị")
    models.ReportBlock.objects.create(report=report, type=models.BlockType.PHOTO, photo=photo)
    url = report.get_absolute_url()
    assert "Quang cảnh hội nghị" in page(client, url)[1]
    photo.caption = "Đồng chí Bí thư phát biểu khai mạc"
    photo.save()
    assert "Đồng chí Bí thư phát biểu khai mạc" in page(client, url)[1]
    photo.delete()
    assert "Đồng chí Bí thư phát biểu khai mạc" not in page(client, url)[1]


def test_block_change_shows_at_once(client):
    report = ReportFactory()
    block = models.ReportBlock.objects.create(
        report=report, type=models.BlockType.PARAGRAPH, text="Chi bộ đã hoàn thành nhiệm vụ."
    )
    url = report.get_absolute_url()
    assert "Chi bộ đã hoàn thành nhiệm vụ." in page(client, url)[1]
    block.text = "Chi bộ đã hoàn thành xuất sắc nhiệm vụ."
    block.save()
    assert "Chi bộ đã hoàn thành xuất sắc nhiệm vụ." in page(client, url)[1]


def test_award_change_shows_at_once(client):
    report = ReportFactory()
    meeting = report.meeting
    models.ReportBlock.objects.create(report=report, type=models.BlockType.AWARDS)
    award = models.Award.objects.create(
        form="Giấy khen",
        recipient_name="Trần Thị Bình",
        organisation=meeting.organisation,
        meeting=meeting,
    )
    url = report.get_absolute_url()
    assert "Trần Thị Bình" in page(client, url)[1]
    award.recipient_name = "Lê Văn Cường"
    award.save()
    html = page(client, url)[1]
    assert "Lê Văn Cường" in html
    assert "Trần Thị Bình" not in html


def test_target_change_shows_at_once(client):
    organisation = OrganisationFactory()
    report = ReportFactory(meeting=MeetingFactory(organisation=organisation))
    target = TargetFactory(
        organisation=organisation,
        year=2021,
        title="Kết nạp 5 đảng viên mới",
        reviewed_at=report.meeting,
    )
    url = reverse("news:organisation-targets", kwargs={"slug": organisation.slug, "year": 2021})
    assert "Kết nạp 5 đảng viên mới" in page(client, url)[1]
    target.title = "Kết nạp 7 đảng viên mới"
    target.save()
    assert "Kết nạp 7 đảng viên mới" in page(client, url)[1]


def test_scheduled_report_appears_when_its_time_comes(client):
    ReportFactory(
        headline="Bài hẹn giờ đăng",
        published_at=timezone.now() + datetime.timedelta(seconds=1.5),
    )
    assert "Bài hẹn giờ đăng" not in page(client, reverse("news:list"))[1]
    time.sleep(1.6)
    assert "Bài hẹn giờ đăng" in page(client, reverse("news:list"))[1]


def test_staff_are_never_served_or_given_cached_pages(client):
    report = ReportFactory(headline="Tin đã đăng")
    url = report.get_absolute_url()
    page(client, url)  # cached for the public
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response, _ = page(client, url)
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_draft_preview_is_never_cached(client):
    draft = ReportFactory(status=models.ReportStatus.DRAFT, published_at=None, headline="Bản nháp")
    url = draft.get_absolute_url()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response, html = page(client, url)
    assert response.status_code == 200
    assert "Bản nháp" in html
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["article", "feed", "home", "list"])
def test_unchanged_page_answers_304_to_if_none_match(client, name):
    report = ReportFactory()
    url = report.get_absolute_url() if name == "article" else reverse(f"news:{name}")
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""

    report.headline = "Tiêu đề mới"
    report.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_etag_differs_between_languages(client):
    report = ReportFactory()
    vi = client.get(report.get_absolute_url(), headers={"accept-language": "vi"})
    en = client.get(report.get_absolute_url(), headers={"accept-language": "en"})
    assert vi["ETag"] != en["ETag"]


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings):
    if not redis_reachable():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379 (start redis-server to test it)")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"sochibo-test-{uuid.uuid4().hex}",
        }
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_redis_cache_serves_and_drops_public_pages(client, redis_cache):
    assert type(redis_cache).__name__ == "RedisCache"
    report = ReportFactory(headline="Tin qua Redis")
    url = report.get_absolute_url()
    assert "Tin qua Redis" in page(client, url)[1]
    assert "due" in redis_cache.get("public-pages:state")

    models.Report.objects.filter(pk=report.pk).update(headline="Không thấy vì đang cache")
    assert "Tin qua Redis" in page(client, url)[1]

    report.refresh_from_db()
    report.headline = "Tin qua Redis đã sửa"
    report.save()
    assert "Tin qua Redis đã sửa" in page(client, url)[1]


@pytest.mark.usefixtures("one_rate_limit_window")
def test_redis_holds_sessions_and_search_limits(client, redis_cache, settings):
    user = UserFactory()
    client.force_login(user)
    session_key = client.cookies["sessionid"].value
    assert redis_cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None
    assert client.get(reverse("news:home")).status_code == 200

    client.logout()
    settings.SEARCH_RATE_LIMIT = "2/m"
    statuses = [client.get(reverse("news:list"), {"q": "chi bộ"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_cached_public_pages_carry_no_csrf_token_or_cookie(client):
    """One cached copy serves every visitor: nothing in it may belong to the first one."""
    report = ReportFactory()
    for _ in range(2):
        response = client.get(report.get_absolute_url())
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies


def test_language_switch_is_a_get_that_sets_the_language_cookie(client, settings):
    report = ReportFactory()
    response = client.get(report.get_absolute_url())
    assertContains(response, 'action="/ngon-ngu/" method="get"')
    response = client.get("/ngon-ngu/", {"language": "en", "next": report.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(report.get_absolute_url())
    assert response["Content-Language"] == "en"
    # No redirect off the site, and unknown languages are ignored.
    response = client.get("/ngon-ngu/", {"language": "xx", "next": "https://example.com/"})
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_pending_message_bypasses_the_page_cache(client):
    """A flash message is for one visitor: such a request is rendered, never stored."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = ReportFactory()
    client.get(report.get_absolute_url())
    with CaptureQueriesContext(connection) as hit:
        client.get(report.get_absolute_url())

    def reads(captured):
        return [q for q in captured if "SAVEPOINT" not in q["sql"]]

    assert reads(hit) == []  # served from the cache
    client.cookies["messages"] = "anything"
    with CaptureQueriesContext(connection) as rendered:
        response = client.get(report.get_absolute_url())
    assert response.status_code == 200 and reads(rendered)


def test_a_page_from_the_cache_has_the_headers_of_a_rendered_one(client):
    report = ReportFactory()
    rendered = client.get(report.get_absolute_url())
    cached = client.get(report.get_absolute_url())
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
        "ETag",
        "Cache-Control",
        "Vary",
    ):
        assert cached[header] == rendered[header], header
    assert cached.content == rendered.content


@pytest.mark.usefixtures("one_rate_limit_window")
def test_searches_served_from_the_cache_still_count_towards_the_limit(client, settings):
    settings.SEARCH_RATE_LIMIT = "3/m"
    ReportFactory(headline="Nghị quyết chi bộ")
    url = reverse("news:list")
    statuses = [client.get(url, {"q": "nghị quyết"}).status_code for _ in range(4)]
    # The first search is rendered, the next two come from the cache, the fourth is refused.
    assert statuses == [200, 200, 200, 429]
    assertContains(client.get(url, {"q": "nghị quyết"}), "", status_code=429)
    # Browsing without a query is never counted.
    assert client.get(url).status_code == 200


def test_a_visitor_with_a_session_gets_a_rendered_page(client):
    """A session cookie may belong to a logged-in user: such requests never see the cache
    before the auth middleware has said who they are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = ReportFactory()
    client.get(report.get_absolute_url())
    client.cookies["sessionid"] = "not-a-real-session"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assert any("branchapp_report" in q["sql"] for q in captured)


def test_a_page_cache_turned_off_serves_nothing_stored_before(client, settings):
    report = ReportFactory(headline="Tin trước khi tắt bộ nhớ đệm")
    client.get(report.get_absolute_url())  # stored
    models.Report.objects.filter(pk=report.pk).update(headline="Tin sau khi tắt bộ nhớ đệm")
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    response = client.get(report.get_absolute_url())
    assertContains(response, "Tin sau khi tắt bộ nhớ đệm")
    assert response["ETag"]  # conditional GETs still work
