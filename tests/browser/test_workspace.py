"""A secretary's month in the browser: record, report, preview, publish, read it in public.

Run with SOCHIBO_SCREENSHOTS=1 to (re)write the user guide's screenshots in docs/screenshots/.
"""

import datetime

import pytest
from PIL import Image
from playwright.sync_api import expect

from branchapp.models import Meeting, Report, Target
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import (
    CellFactory,
    MemberFactory,
    OrganisationFactory,
    TargetFactory,
    user_with_role,
)

from .pages import PASSWORD, screenshot_path, screenshots_wanted


def shot(page, name):
    if screenshots_wanted():
        page.screenshot(path=screenshot_path(f"workspace-{name}"), full_page=False)


@pytest.fixture
def month(tmp_path):
    year = datetime.date.today().year
    committee = OrganisationFactory(name="Đảng bộ Trường Chính trị")
    cell = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường", "Phạm Thu Dung"):
        MemberFactory(full_name=name, organisation=cell)
    for order, (title, planned) in enumerate(
        [
            ("Đảng viên hoàn thành tốt nhiệm vụ trở lên", 90),
            ("Kết nạp đảng viên mới", 1),
            ("Tỷ lệ thu đảng phí đúng hạn", 100),
        ],
        start=1,
    ):
        TargetFactory(
            organisation=cell,
            year=year,
            order=order,
            title=title,
            planned_min=planned,
            planned_text=str(planned),
            actual_value=None,
        )
    user = user_with_role(
        SECRETARIAT_ROLE, committee, username="thuky", first_name="Thư", last_name="Ký"
    )
    photos = []
    for index, color in enumerate([(180, 20, 20), (20, 90, 160)]):
        path = tmp_path / f"anh-{index + 1}.jpg"
        Image.new("RGB", (800, 533), color).save(path, "JPEG")
        photos.append(str(path))
    return cell, user, photos, year


@pytest.mark.django_db(transaction=True)
def test_secretary_records_and_publishes_a_monthly_meeting(page, live_server, month):
    cell, user, photos, year = month
    base = live_server.url

    page.goto(f"{base}/workspace/")
    expect(page).to_have_url(f"{base}/tai-khoan/dang-nhap/?next=/workspace/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    shot(page, "01-dang-nhap")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổng quan")
    shot(page, "02-tong-quan")

    page.goto(f"{base}/workspace/cuoc-hop/them/")
    shot(page, "03-chon-to-chuc")
    page.click(f"a[href='?to-chuc={cell.pk}']")
    page.fill("#id_meeting-title", f"Sinh hoạt chi bộ tháng 11/{year}")
    page.fill("#id_meeting-date", f"{year}-11-03")
    page.fill("#id_meeting-start_time", "14:00")
    page.fill("#id_meeting-place", "Phòng họp số 2")
    page.select_option("#id_chairs-0-member", label="Nguyễn Văn An")
    shot(page, "04-thong-tin-cuoc-hop")

    row = page.locator(".js-attendance-row", has_text="Trần Thị Bình")
    row.locator("input[value=excused]").check()
    row.locator(".js-reason").fill("Đi công tác")
    expect(page.locator("output[data-status=present]")).to_have_text("3")
    expect(page.locator("output[data-status=excused]")).to_have_text("1")
    page.locator("#attendance").scroll_into_view_if_needed()
    shot(page, "05-diem-danh")

    page.fill("#id_agenda-0-title", "Đánh giá kết quả tháng 10, triển khai nhiệm vụ tháng 11")
    page.fill("#id_agenda-0-opinions-0-name", "Lê Minh Cường")
    page.fill("#id_agenda-0-opinions-0-summary", "Đề nghị đẩy nhanh tiến độ thu đảng phí.")
    page.fill("#id_meeting-conclusion", "Chi bộ thống nhất các nhiệm vụ tháng 11.")
    for index, value in enumerate(["95", "2", "100"]):
        page.fill(f"#id_targets_reviewed-{index}-actual_value", value)
        page.fill(f"#id_targets_reviewed-{index}-actual_text", value)
    page.locator("#id_targets_reviewed-0-actual_value").scroll_into_view_if_needed()
    shot(page, "06-chi-tieu")
    page.click(".ws-actions button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cuộc họp.")

    meeting = Meeting.objects.get(organisation=cell)
    assert (meeting.convened, meeting.present) == (4, 3)
    assert Target.objects.filter(reviewed_at=meeting).count() == 3

    page.goto(f"{base}/workspace/cuoc-hop/{meeting.pk}/bao-cao/")
    shot(page, "07-tao-ban-tin")
    page.click("button:has-text('Tạo bản nháp')")
    page.set_input_files("#id_new_photos-0-image", photos[0])
    page.fill("#id_new_photos-0-caption", "Đồng chí Bí thư Chi bộ phát biểu")
    page.set_input_files("#id_new_photos-1-image", photos[1])
    page.fill("#id_new_photos-1-caption", "Quang cảnh buổi sinh hoạt")
    shot(page, "08-bien-tap-ban-tin")
    page.click("button[name=then][value=preview]")
    expect(page.locator(".ws-preview .article-title")).to_have_text(
        f"Sinh hoạt chi bộ tháng 11/{year}"
    )
    expect(page.locator(".ws-preview figure")).to_have_count(2)
    shot(page, "09-xem-truoc")
    page.click("button:has-text('Xuất bản ngay')")
    expect(page.locator(".alert-success")).to_contain_text("Đã xuất bản bản tin.")
    shot(page, "10-da-xuat-ban")

    report = Report.objects.published().get(meeting=meeting)
    assert report.photos.count() == 2
    page.goto(f"{base}{report.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(f"Sinh hoạt chi bộ tháng 11/{year}")
    expect(page.locator("body")).to_contain_text("Quang cảnh buổi sinh hoạt")
    expect(page.locator("body")).not_to_contain_text("Đi công tác")
    expect(page.locator("body")).not_to_contain_text("Đề nghị đẩy nhanh tiến độ")
    shot(page, "11-trang-tin-cong-khai")

    page.goto(f"{base}/workspace/cuoc-hop/{meeting.pk}/lich-su/")
    expect(page.locator("h1")).to_have_text("Lịch sử thay đổi")
    shot(page, "12-lich-su")
