"""A secretary's month, timed in the browser: sign in, record last month's meeting from the
dashboard's reminder, write its report with a photo placed in the text, publish it.

Counts the page loads (documents the browser loads in its tab, a form's redirect included
once) and the seconds it takes, and prints each load. The figures are in README.md
("A secretary's month, timed"); the target is fewer than 10 page loads.

    .venv/bin/python benchmarks/walkthrough.py            # SQLite test database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sochibo_walk .venv/bin/python benchmarks/walkthrough.py

It runs as a pytest module (pytest-django's live server and test database, the browser tests'
Chromium settings from tests/browser/conftest.py), so it leaves no data behind.
"""

import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

TARGET_LOADS = 10
PASSWORD = "mat-khau-thu-123"


def _last_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def month(tmp_path):
    from PIL import Image

    from branchapp.scoping import SECRETARIAT_ROLE
    from tests.factories import CellFactory, MemberFactory, OrganisationFactory, user_with_role

    committee = OrganisationFactory(name="Đảng bộ Trường Chính trị")
    cell = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường", "Phạm Thu Dung"):
        MemberFactory(full_name=name, organisation=cell)
    user_with_role(SECRETARIAT_ROLE, committee, username="thuky", first_name="Thư", last_name="Ký")
    photo = tmp_path / "quang-canh.jpg"
    Image.new("RGB", (1600, 1067), (40, 90, 160)).save(photo, "JPEG", quality=85)
    return cell, str(photo)


@pytest.mark.django_db(transaction=True)
def test_walkthrough(page, live_server, month):  # noqa: F811 (the imported fixture)
    from playwright.sync_api import expect

    from branchapp.models import Report

    cell, photo = month
    base = live_server.url
    month_start = _last_month(datetime.date.today())
    loads = []
    page.on("load", lambda: loads.append(page.url.removeprefix(base)))
    started = time.perf_counter()

    # 1-2. Sign in; the dashboard.
    page.goto(f"{base}/workspace/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổng quan")

    # 3. Last month's missing meeting: its reminder opens the form, prefilled.
    reminder = page.locator(
        ".ws-missing li", has_text=f"thường kỳ tháng {month_start.month}/{month_start.year}"
    )
    reminder.get_by_role("link", name="Ghi cuộc họp này").click()
    expect(page.locator("#id_meeting-date")).to_have_value(month_start.replace(day=3).isoformat())
    page.fill("#id_meeting-start_time", "14:00")
    page.fill("#id_meeting-place", "Phòng họp số 2")
    page.select_option("#id_chairs-0-member", label="Nguyễn Văn An")
    row = page.locator(".js-attendance-row", has_text="Trần Thị Bình")
    row.locator("input[value=excused]").check()
    row.locator(".js-reason").fill("Đi công tác")
    page.fill("#id_agenda-0-title", "Đánh giá kết quả tháng trước, triển khai nhiệm vụ tháng này")
    page.fill("#id_meeting-conclusion", "Chi bộ thống nhất các nhiệm vụ trong tháng.")
    # 4. Saved: the meeting page again.
    page.click(".ws-actions button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cuộc họp.")

    # 5. Back to the dashboard: the meeting has no report yet; 6. its button writes the draft.
    page.get_by_role("link", name="Tổng quan").first.click()
    item = page.locator(".ws-without-report li").first
    item.get_by_role("button", name="Viết bài").click()
    expect(page.locator("#id_report-headline")).to_be_visible()

    # 7. A photo placed after the opening paragraph, saved with a preview.
    page.set_input_files("#id_new_photos-0-image", photo)
    page.fill("#id_new_photos-0-caption", "Quang cảnh buổi sinh hoạt")
    page.locator("#id_new_photos-0-place_after option").nth(2).wait_for(state="attached")
    page.select_option("#id_new_photos-0-place_after", index=2)
    page.click("button[name=then][value=preview]")
    expect(page.locator(".ws-preview figure")).to_have_count(1)

    # 8. Published: the state and the public link.
    page.locator(".ws-publish-now").click()
    expect(page.locator(".ws-public-link")).to_be_visible()
    seconds = time.perf_counter() - started

    report = Report.objects.published().get(meeting__organisation=cell)
    assert report.photos.count() == 1
    print(f"\nA secretary's month: {len(loads)} page loads in {seconds:.1f} s")
    for number, url in enumerate(loads, start=1):
        print(f"  {number:2}. {url}")
    assert len(loads) < TARGET_LOADS


# The browser tests' Chromium, its settings and the live server's one-request-at-a-time
# server (applied on import) are the ones used here.
from tests.browser.conftest import browser, page  # noqa: E402, F401

if __name__ == "__main__":
    sys.exit(
        pytest.main(
            [
                __file__,
                "-p",
                "no:cacheprovider",
                "-q",
                "-s",
                "--rootdir",
                str(ROOT),
                "-o",
                "addopts=",
            ]
        )
    )
