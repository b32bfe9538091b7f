"""The README's screenshots of the public portal (issue 15): the home page, the sample article,
an organisation's profile and a search that finds nothing, at 390 px and 1280 px, on the
sample data with a few more published reports with photos, so that every block of the home
page has something in it. Each page is checked as a reader would see it (its blocks filled,
every image shown, nothing wider than the window, no console error).

Run with SOCHIBO_SCREENSHOTS=1 to (re)write them in docs/screenshots/.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from branchapp import models, viewcounter
from branchapp.sample import COMMITTEE_NAME, load_sample
from branchapp.sample.article import SUCCESSOR_NAME
from branchapp.sample.loading import sample_photo
from branchapp.services.readership import report_views_flush
from tests.factories import MeetingFactory, PhotoFactory, ReportFactory

from .pages import screenshot_defects, write_screenshot
from .test_quality import Problems

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 1280)
NEWS, BUILDING = "Tin tức - Sự kiện", "Xây dựng Đảng"
# (organisation of the sample, section, headline, lead, views this month), newest first
MORE_REPORTS = [
    (
        "Chi bộ Khoa Lý luận cơ sở",
        NEWS,
        "Chi bộ Khoa Lý luận cơ sở kết nạp 02 đảng viên mới",
        "Chi bộ Khoa Lý luận cơ sở trang trọng tổ chức lễ kết nạp hai quần chúng ưu tú "
        "vào Đảng Cộng sản Việt Nam.",
        140,
    ),
    (
        "Chi bộ Khoa Xây dựng Đảng",
        BUILDING,
        "Chi bộ Khoa Xây dựng Đảng sinh hoạt chuyên đề học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh",
        "Các đảng viên trao đổi về tinh thần tự học, tự rèn luyện và đăng ký việc làm cụ thể "
        "gắn với nhiệm vụ giảng dạy.",
        95,
    ),
    (
        COMMITTEE_NAME,
        BUILDING,
        "Đảng ủy Trường Chính trị quán triệt Nghị quyết Trung ương 4 khóa XIII",
        "Hội nghị quán triệt đến toàn thể đảng viên các nội dung cốt lõi của Nghị quyết và "
        "Kết luận của Trung ương về xây dựng, chỉnh đốn Đảng.",
        210,
    ),
    (
        "Chi bộ Phòng Tổ chức - Hành chính",
        NEWS,
        "Chi bộ Phòng Tổ chức - Hành chính sinh hoạt định kỳ tháng 1/2022",
        "Chi bộ đánh giá kết quả tháng 12/2021 và thống nhất năm nhiệm vụ trọng tâm tháng 1/2022.",
        60,
    ),
    (
        "Chi bộ Khoa Nhà nước và Pháp luật",
        BUILDING,
        "Chi bộ Khoa Nhà nước và Pháp luật kiểm điểm, đánh giá chất lượng đảng viên năm 2021",
        "100% đảng viên của chi bộ hoàn thành nhiệm vụ trở lên; 02 đồng chí hoàn thành xuất "
        "sắc nhiệm vụ.",
        180,
    ),
    (
        SUCCESSOR_NAME,
        BUILDING,
        "Đảng ủy các cơ quan Đảng tỉnh Đồng Tháp triển khai nhiệm vụ công tác kiểm tra, giám "
        "sát năm 2022",
        "Hội nghị thống nhất kế hoạch kiểm tra, giám sát của Đảng ủy và Ủy ban Kiểm tra Đảng "
        "ủy trong năm.",
        120,
    ),
    (
        SUCCESSOR_NAME,
        NEWS,
        "Đảng bộ các cơ quan Đảng tỉnh Đồng Tháp gặp mặt đảng viên nhân dịp xuân mới",
        "Buổi gặp mặt có sự tham dự của các đồng chí nguyên lãnh đạo và đảng viên tiêu biểu "
        "của các chi bộ, đảng bộ trực thuộc.",
        45,
    ),
    (
        COMMITTEE_NAME,
        NEWS,
        "Đảng bộ Trường Chính trị tỉnh Đồng Tháp trao Huy hiệu 30 năm tuổi Đảng",
        "Ba đồng chí đảng viên được trao Huy hiệu 30 năm tuổi Đảng tại lễ kỷ niệm ngày thành "
        "lập Đảng.",
        75,
    ),
]
# A reader's search that nothing answers, even with its words corrected: a word close to none
# of the reports' vocabulary (the correction of several common words may well find a report,
# as PostgreSQL's trigram candidates do for "hội thao truyền thống ngành tuyên giáo").
UNANSWERED = "pickleball"


PUBLISHED_AT = datetime.time(16, 30)


def read(report, views):
    models.ReportViewDay.objects.create(report=report, day=timezone.localdate(), views=views)
    models.ReportViews.objects.create(report=report, views=views)


@pytest.fixture
def portal():
    """The sample, put in a section, and the reports above, the newest first, each with a
    photo and read this month."""
    viewcounter._counters.clear()
    load_sample()
    sections = {
        name: models.Category.objects.get_or_create(name=name)[0] for name in (NEWS, BUILDING)
    }
    sample = models.Report.objects.get()
    sample.category = sections[NEWS]
    sample.save()
    organisations = {o.name: o for o in models.Organisation.objects.all()}
    today = timezone.localdate()
    for index, (organisation, section, headline, lead, views) in enumerate(MORE_REPORTS):
        # Held a day apart, each published the afternoon of its meeting.
        day = today - datetime.timedelta(days=index + 1)
        report = ReportFactory(
            meeting=MeetingFactory(
                organisation=organisations[organisation], title=headline, date=day
            ),
            headline=headline,
            lead=lead,
            category=sections[section],
            published_at=timezone.make_aware(datetime.datetime.combine(day, PUBLISHED_AT)),
        )
        PhotoFactory(report=report, image=sample_photo(headline, index + 1), caption=headline)
        report.refresh_search_document()  # as the workspace's save does
        read(report, views)
    read(sample, 64)
    report_views_flush()
    yield sample, organisations[COMMITTEE_NAME]
    viewcounter._counters.clear()


def test_portal_screenshots_at_phone_and_desktop_widths(browser, live_server, portal):
    sample, committee = portal
    newest = MORE_REPORTS[0][2]
    most_read = max(MORE_REPORTS, key=lambda row: row[4])[2]
    found = []
    for width in WIDTHS:
        context = browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}, device_scale_factor=1
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems = Problems(page)

        page.goto(live_server.url + reverse("news:home"))
        expect(page.locator(".featured-story .featured-headline")).to_have_text(newest)
        expect(page.locator(".most-read-list li").first).to_have_text(most_read)
        for section in (NEWS, BUILDING):
            expect(page.locator(".news-block", has_text=section).first).to_be_visible()
        for organisation in (COMMITTEE_NAME, SUCCESSOR_NAME):
            expect(page.locator(".news-block", has_text=organisation).first).to_be_visible()
        found += screenshot_defects(page, f"home at {width} px")
        write_screenshot(page, f"home-{width}")

        page.goto(live_server.url + sample.get_absolute_url())
        expect(page.locator("h1")).to_have_text(sample.headline)
        expect(page.locator(".article-facts")).to_be_visible()
        expect(page.locator(".article-views")).to_have_text("Lượt xem: 64")
        found += screenshot_defects(page, f"article at {width} px")
        # The top of the article (headline, tools, lead, first photo): the whole of it is
        # several screens long on a phone.
        write_screenshot(page, f"article-{width}", height=2400 if width < 992 else 1500)

        page.goto(live_server.url + reverse("news:organisation", args=[committee.slug]))
        expect(page.locator("h1")).to_have_text(committee.name)
        expect(page.get_by_role("link", name=newest).first).to_be_visible()
        found += screenshot_defects(page, f"organisation at {width} px")
        write_screenshot(page, f"organisation-{width}")

        page.goto(live_server.url + reverse("news:list") + "?" + urlencode({"q": UNANSWERED}))
        suggestions = page.locator(".search-suggestions")
        expect(suggestions.get_by_role("heading", name="Gợi ý")).to_be_visible()
        expect(suggestions.get_by_role("link", name=BUILDING, exact=True)).to_be_visible()
        expect(suggestions.get_by_role("link", name=newest)).to_be_visible()
        found += screenshot_defects(page, f"search without results at {width} px")
        write_screenshot(page, f"search-no-results-{width}")

        found += [f"at {width} px: {problem}" for problem in problems.take()]
        context.close()
    assert not found, "\n".join(found)
