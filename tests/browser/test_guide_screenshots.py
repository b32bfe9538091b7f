"""The screens the user guide describes beyond the month's walk-through (tests/browser/
test_workspace.py): attendance in numbers with the quorum line, the date field's calendar, a
congress's elections, the year-end figures, the report editor's facts switches, the review step
and the public article's facts section. Each is checked as a secretary would see it.

Run with SOCHIBO_SCREENSHOTS=1 to (re)write these screenshots in docs/screenshots/.
"""

import datetime

import pytest
from playwright.sync_api import expect

from branchapp.models import ReportPublishing
from branchapp.scoping import CELL_SECRETARY_ROLE, SECRETARIAT_ROLE
from branchapp.services.reports import report_create_from_meeting
from tests.factories import (
    CellFactory,
    MeetingFactory,
    OrganisationFactory,
    user_with_role,
)

from ..test_article_facts import full_meeting  # noqa: F401  (the fixture)
from .pages import (
    MONTHLY_COUNTS,
    fill_counts,
    fill_date,
    fill_election,
    screenshot_path,
    screenshots_wanted,
    sign_in,
)
from .test_workspace import shot

pytestmark = pytest.mark.django_db(transaction=True)


def shot_part(locator, name):
    """One part of a page, whole even when taller than the window."""
    if screenshots_wanted():
        page = locator.page
        # The whole part, even below the window's bottom edge and the sticky "Lưu" bar.
        box = locator.evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return {x: r.left + window.scrollX, y: r.top + window.scrollY,"
            " width: r.width, height: r.height}; }"
        )
        hide = "v => { for (const el of document.querySelectorAll('.ws-actions'))"
        hide += " el.style.visibility = v; document.activeElement?.blur(); }"
        page.evaluate(hide, "hidden")
        page.screenshot(path=screenshot_path(f"workspace-{name}"), full_page=True, clip=box)
        page.evaluate(hide, "")


def scroll_near_top(page, selector, margin=260):
    page.locator(selector).evaluate(
        f"el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - {margin})"
    )


def test_meeting_entry_screens_of_the_guide(page, live_server, school_cell):
    committee, cell = school_cell
    year = datetime.date.today().year
    base = live_server.url
    sign_in(page, base, "thuky")

    # The date field: typed day first, echoed in words, a calendar to pick from.
    page.goto(f"{base}/workspace/cuoc-hop/them/?to-chuc={cell.pk}")
    page.fill("#id_meeting-title", f"Sinh hoạt chi bộ tháng 10/{year}")
    fill_date(page, "#id_meeting-date", datetime.date(year, 10, 4))
    page.fill("#id_meeting-place", "Hội trường B")
    scroll_near_top(page, "#id_meeting-date")
    page.click("#id_meeting-review_from")
    calendar = page.locator(".air-datepicker.-active-")
    expect(calendar).to_be_visible()
    expect(calendar.locator(".air-datepicker-nav--title")).to_contain_text(str(year))
    expect(page.locator("#id_meeting-date-echo")).to_contain_text(f"04/10/{year}")
    page.wait_for_timeout(400)  # the calendar's fade-in
    shot(page, "13-lich-chon-ngay")
    page.keyboard.press("Escape")
    page.click("#id_meeting-place")

    # Attendance in numbers: the quorum line computed as the figures are typed.
    page.check("input[name='counts-attendance_mode'][value='counts']")
    fill_counts(page, **MONTHLY_COUNTS, away_elsewhere=1)
    quorum = page.locator(".js-quorum")
    expect(quorum).to_have_text("Đủ số lượng: 25/25 đảng viên chính thức có mặt, cần ít nhất 13")
    shot_part(page.locator("#attendance"), "14-diem-danh-so-luong")

    # A congress: the elections part shows once the kind is ticked.
    page.goto(f"{base}/workspace/cuoc-hop/them/?to-chuc={committee.pk}")
    page.check("input[name='meeting-kinds'][value='congress']")
    page.uncheck("input[name='meeting-kinds'][value='monthly']")
    election = page.locator("#election")
    expect(election).to_be_visible()
    fill_election(
        page,
        committee_size=9,
        elected=[("Nguyễn Văn An", "Bí thư Đảng ủy", True), ("", "Phó Bí thư Đảng ủy", False)],
        delegates=[("Nguyễn Văn An", False), ("Lê Văn Cường", True)],
    )
    shot_part(election, "15-bau-cu")

    # A year-end conference in January reviews last year: the year-end part is open.
    page.goto(
        f"{base}/workspace/cuoc-hop/them/?to-chuc={committee.pk}"
        f"&loai=review_conference&thang={year}-01"
    )
    part = page.locator("#yearend details")
    expect(part).to_have_attribute("open", "")
    expect(page.locator("#id_tallies-0-year")).to_have_value(str(year - 1))
    for name, value in (
        ("rated", 30),
        ("exempt", 1),
        ("not_rated", 1),
        ("excellent", 6),
        ("good", 20),
        ("completed", 3),
        ("not_completed", 1),
    ):
        page.fill(f"#id_tallies-0-{name}", str(value))
    page.fill("#id_figures-0-members", "32")
    page.fill("#id_figures-0-probationary", "2")
    shot_part(page.locator("#yearend"), "16-so-lieu-cuoi-nam")


def test_report_facts_screens_of_the_guide(page, live_server, full_meeting):  # noqa: F811
    user_with_role(SECRETARIAT_ROLE, full_meeting.meeting.organisation.parent, username="thuky")
    base = live_server.url
    sign_in(page, base, "thuky")

    # The editor's switches: one per part of the facts section, a part without data greyed.
    page.goto(f"{base}/workspace/cuoc-hop/{full_meeting.meeting.pk}/bao-cao/")
    switches = page.locator(".ws-facts-switches")
    expect(switches).to_be_visible()
    expect(switches.locator("input[type=checkbox]:checked").first).to_be_visible()
    shot_part(switches, "17-thong-tin-tren-bai")

    # The public article: the facts live from the record, nothing internal.
    page.goto(f"{base}{full_meeting.get_absolute_url()}")
    facts = page.locator(".article-facts")
    expect(facts.get_by_role("heading", level=2)).to_have_text("Thông tin hội nghị")
    expect(facts).to_contain_text("Kết quả bầu cử")
    shot_part(facts, "18-thong-tin-hoi-nghi")


def test_review_step_screens_of_the_guide(browser, live_server):
    committee = OrganisationFactory(
        name="Đảng bộ Trường Chính trị", report_publishing=ReportPublishing.REVIEW
    )
    cell = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    year = datetime.date.today().year
    meeting = MeetingFactory(
        organisation=cell,
        title=f"Sinh hoạt chi bộ tháng 11/{year}",
        date=datetime.date(year, 11, 3),
        place="Phòng họp số 2",
    )
    secretary = user_with_role(CELL_SECRETARY_ROLE, cell, username="bithu", first_name="Lan")
    user_with_role(SECRETARIAT_ROLE, committee, username="vanphong", first_name="Hòa")
    report_create_from_meeting(meeting=meeting, user=secretary)
    base = live_server.url
    contexts = [
        browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        for _ in range(2)
    ]
    try:
        cell_page, office_page = (context.new_page() for context in contexts)
        for page in (cell_page, office_page):
            page.set_default_timeout(15_000)

        # The cell secretary sends the report for review.
        sign_in(cell_page, base, "bithu")
        cell_page.goto(f"{base}/workspace/cuoc-hop/{meeting.pk}/bao-cao/")
        cell_page.get_by_role("link", name="Xem trước và gửi duyệt").click()
        expect(cell_page.locator(".ws-publish-now")).to_have_count(0)
        cell_page.get_by_role("button", name="Gửi duyệt").click()
        expect(cell_page.locator(".ws-review-state")).to_contain_text("Đang chờ")
        shot(cell_page, "19-gui-duyet")

        # The office sees it waiting on the dashboard, opens it: publish or send back.
        sign_in(office_page, base, "vanphong")
        waiting = office_page.locator(
            ".ws-waiting-review li", has_text=f"Sinh hoạt chi bộ tháng 11/{year}"
        )
        expect(waiting).to_be_visible()
        waiting.scroll_into_view_if_needed()
        shot(office_page, "20-bao-cao-cho-duyet")
        waiting.get_by_role("link", name="Duyệt").click()
        expect(office_page.locator(".ws-publish-now")).to_be_visible()
        office_page.locator("textarea[name=comment]").scroll_into_view_if_needed()
        shot(office_page, "21-duyet-bao-cao")
    finally:
        for context in contexts:
            context.close()
