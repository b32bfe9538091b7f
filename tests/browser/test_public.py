"""A reader on the public site in headless Chromium: home, search without accents, the sample
article with its captions, targets and byline, and a phone-width layout with no sideways scroll.
"""

import re

import pytest
from playwright.sync_api import expect

from branchapp.models import Report
from branchapp.sample import load_sample

pytestmark = pytest.mark.django_db(transaction=True)

CAPTIONS = [
    "Đ/c Nguyễn Phước Dũng, Bí thư Đảng ủy phát biểu tại Hội nghị",
    "Quang cảnh Hội nghị",
    "Đ/c Nguyễn Phước Dũng trao Giấy khen cho đảng viên đạt thành tích năm 2021",
]


@pytest.fixture
def sample_report(transactional_db):
    load_sample()
    return Report.objects.get()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_reader_finds_and_reads_the_sample_article(page, live_server, sample_report):
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("Sổ Chi bộ"))
    expect(page.locator("main")).to_contain_text(sample_report.headline)

    page.get_by_role("search").first.get_by_role("searchbox").fill("dang bo dinh ky")
    page.get_by_role("search").first.get_by_role("button").click()
    page.wait_for_url(re.compile(r"/tin-tuc/\?q=dang"))
    expect(page.locator(".results-summary")).to_contain_text("Tìm thấy 1 tin bài")
    expect(page.locator("mark").first).to_have_text("Đảng")

    page.locator("main").get_by_role(
        "link", name=re.compile("sinh hoạt đảng bộ định kỳ")
    ).first.click()
    page.wait_for_url(re.compile(sample_report.slug))
    expect(page.get_by_role("heading", level=1)).to_have_text(sample_report.headline)
    expect(page.locator("article")).to_contain_text(
        "đ/c Lê Minh Hiếu, Đảng ủy viên, Chủ tịch Công đoàn cơ sở"
    )
    expect(page.locator(".article-photo-caption")).to_have_text(CAPTIONS)

    rows = page.locator(".targets-table tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.locator(".assessment")).to_have_text(
        ["Vượt", "Vượt", "Đạt", "Vượt", "Vượt", "Vượt", "Vượt"]
    )
    expect(page.locator(".article-byline")).to_contain_text("Mai Quang Khả")

    # Focus is visible and the skip link reaches the content.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()


def test_phone_width_has_no_horizontal_scroll(mobile_page, live_server, sample_report):
    for path in [
        "/",
        "/tin-tuc/",
        sample_report.get_absolute_url(),
        f"/to-chuc/{sample_report.meeting.organisation.slug}/chi-tieu/2021/",
    ]:
        mobile_page.goto(live_server.url + path)
        assert no_horizontal_scroll(mobile_page), path
    # The targets table is readable as stacked rows on a phone.
    mobile_page.goto(live_server.url + sample_report.get_absolute_url())
    expect(mobile_page.locator(".targets-table tbody tr").first).to_be_visible()
    expect(mobile_page.locator(".article-byline")).to_contain_text("Mai Quang Khả")
