"""A monthly meeting whose report gives only numbers ("28 đảng viên có mặt"), entered through
the workspace in the browser, with the quorum figure following what is typed."""

import datetime

import pytest
from playwright.sync_api import expect

from branchapp.models import AttendanceMode, Meeting

from .pages import MONTHLY_COUNTS, fill_counts, fill_date, sign_in


@pytest.mark.django_db(transaction=True)
def test_counts_only_monthly_meeting_with_a_live_quorum(page, live_server, school_cell):
    # Only a few of the cell's 30 members are on record: the report gives numbers.
    _committee, cell = school_cell
    year = datetime.date.today().year
    base = live_server.url

    sign_in(page, base)

    page.goto(f"{base}/workspace/cuoc-hop/them/?to-chuc={cell.pk}")
    page.fill("#id_meeting-title", f"Sinh hoạt chi bộ tháng 10/{year}")
    fill_date(page, "#id_meeting-date", datetime.date(year, 10, 4))
    page.fill("#id_meeting-place", "Hội trường B")

    counts_part = page.locator(".js-counts-part")
    roll_part = page.locator(".js-roll-part")
    expect(roll_part).to_be_visible()
    expect(counts_part).to_be_hidden()
    page.check("input[name='counts-attendance_mode'][value='counts']")
    expect(counts_part).to_be_visible()
    expect(roll_part).to_be_hidden()

    quorum = page.locator(".js-quorum")
    fill_counts(page, **MONTHLY_COUNTS, away_elsewhere=1)
    expect(quorum).to_have_text("Đủ số lượng: 25/25 đảng viên chính thức có mặt, cần ít nhất 13")
    # The two absent had no reason after all: they count in the 9.3.2 number.
    page.fill("#id_counts-excused", "0")
    page.fill("#id_counts-unexcused", "2")
    expect(quorum).to_have_text("Đủ số lượng: 25/27 đảng viên chính thức có mặt, cần ít nhất 14")
    # A slip of the keyboard (1 instead of 25): the figure says so at once.
    page.fill("#id_counts-present_full", "1")
    expect(quorum).to_have_text("Không đủ số lượng: 1/3 đảng viên chính thức có mặt, cần ít nhất 2")
    page.fill("#id_counts-present_full", "25")
    expect(quorum).to_contain_text("Đủ số lượng: 25/27")

    page.fill("#id_meeting-conclusion", "Chi bộ thống nhất triển khai nhiệm vụ tháng 10.")
    page.click(".ws-actions button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cuộc họp.")

    meeting = Meeting.objects.get(organisation=cell)
    assert meeting.attendance_mode == AttendanceMode.COUNTS
    assert (meeting.convened, meeting.present, meeting.present_full) == (30, 28, 25)
    assert (meeting.excused, meeting.unexcused, meeting.away_elsewhere) == (0, 2, 1)
    assert not meeting.attendance.exists()
    # Reloaded: the numbers are shown, the roll hidden, the figure computed from the record.
    expect(counts_part).to_be_visible()
    expect(page.locator("#id_counts-present")).to_have_value("28")
    expect(quorum).to_have_text("Đủ số lượng: 25/27 đảng viên chính thức có mặt, cần ít nhất 14")

    page.goto(f"{base}/workspace/nam/bien-ban/{meeting.pk}/")
    expect(page.locator("ul.composition")).to_contain_text(
        "Có mặt: 28 đồng chí (chính thức: 25; dự bị: 02; sinh hoạt tạm thời: 01)."
    )
