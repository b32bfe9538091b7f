"""Leaving a workspace form with unsaved changes asks first; submitting it does not."""

import datetime

import pytest
from playwright.sync_api import expect

from branchapp.models import BlockType, Report, ReportBlock
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    user_with_role,
)

PASSWORD = "mat-khau-thu-123"


@pytest.mark.django_db(transaction=True)
def test_leaving_a_changed_rating_grid_asks_and_saving_does_not(page, live_server):
    committee = OrganisationFactory(name="Đảng bộ Trường")
    cell = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    MemberFactory(full_name="Nguyễn Văn An", organisation=cell)
    user_with_role(SECRETARIAT_ROLE, committee, username="thuky")
    base = live_server.url
    year = datetime.date.today().year - 1
    url = f"{base}/workspace/nam/{committee.pk}/{year}/danh-gia/dang-vien/"

    page.goto(f"{base}/tai-khoan/dang-nhap/?next=/workspace/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổng quan")

    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)

    # Unchanged: leaving asks nothing.
    page.goto(url)
    page.click("h1")
    page.goto(f"{base}/workspace/")
    assert dialogs == []

    # Changed: leaving asks.
    page.goto(url)
    page.click("h1")
    page.locator("select[data-level]").first.select_option("good")
    page.evaluate("document.querySelector('a[href=\"/workspace/\"]').click()")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(url)

    # Submitting the changes asks nothing.
    page.click("form[data-rating-grid] button[type=submit]")
    expect(page.locator(".alert-success")).to_be_visible()
    assert dialogs == ["beforeunload"]


def _sign_in(page, base, next_url):
    page.goto(f"{base}/tai-khoan/dang-nhap/?next={next_url}")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def _leave(page, base):
    """Follow the menu's dashboard link as a user would (the dialog, if any, is dismissed)."""
    page.evaluate("document.querySelector('a[href=\"/workspace/\"]').click()")
    page.wait_for_timeout(500)


def _watch_dialogs(page) -> list:
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    return dialogs


@pytest.mark.django_db(transaction=True)
def test_leaving_a_changed_meeting_page_asks(page, live_server):
    committee = OrganisationFactory(name="Đảng bộ Trường")
    cell = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    MemberFactory(full_name="Nguyễn Văn An", organisation=cell)
    user_with_role(SECRETARIAT_ROLE, committee, username="thuky")
    base = live_server.url
    url = f"{base}/workspace/cuoc-hop/them/?to-chuc={cell.pk}"
    _sign_in(page, base, "/workspace/")
    expect(page.locator("h1")).to_have_text("Tổng quan")
    dialogs = _watch_dialogs(page)

    page.goto(url)
    page.click("h1")
    _leave(page, base)
    expect(page.locator("h1")).to_have_text("Tổng quan")
    assert dialogs == []

    page.goto(url)
    page.click("h1")
    page.fill("#id_meeting-place", "Phòng họp số 2")
    _leave(page, base)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(url)
    expect(page.locator("#id_meeting-place")).to_have_value("Phòng họp số 2")


@pytest.mark.django_db(transaction=True)
def test_leaving_a_changed_report_editor_asks_and_saving_does_not(page, live_server):
    committee = OrganisationFactory(name="Đảng bộ Trường")
    cell = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    meeting = MeetingFactory(organisation=cell, title="Sinh hoạt chi bộ tháng 11")
    user_with_role(SECRETARIAT_ROLE, committee, username="thuky")
    report = Report.objects.create(meeting=meeting, headline="Sinh hoạt chi bộ tháng 11")
    for order, text in enumerate(["Đoạn một", "Đoạn hai"], start=1):
        ReportBlock.objects.create(report=report, order=order, type=BlockType.PARAGRAPH, text=text)
    base = live_server.url
    url = f"{base}/workspace/cuoc-hop/{meeting.pk}/bao-cao/"
    _sign_in(page, base, f"/workspace/cuoc-hop/{meeting.pk}/bao-cao/")
    expect(page.locator("#id_report-headline")).to_be_visible()
    dialogs = _watch_dialogs(page)

    page.click("h1")
    _leave(page, base)
    expect(page.locator("h1")).to_have_text("Tổng quan")
    assert dialogs == []

    # A typed change asks.
    page.goto(url)
    page.click("h1")
    page.fill("#id_report-headline", "Chi bộ Phòng Đào tạo sinh hoạt tháng 11")
    _leave(page, base)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(url)

    # Saving asks nothing, and the saved page leaves freely.
    page.click(".ws-actions button.btn-primary")
    expect(page.locator(".alert-success").first).to_be_visible()
    assert dialogs == ["beforeunload"]
    _leave(page, base)
    expect(page.locator("h1")).to_have_text("Tổng quan")
    assert dialogs == ["beforeunload"]
    report.refresh_from_db()
    assert report.headline == "Chi bộ Phòng Đào tạo sinh hoạt tháng 11"

    # A block moved on the page (without a reload) is a change too.
    page.goto(url)
    page.click("h1")
    page.locator(".js-block").first.locator("button[value^='down:']").click()
    expect(page.locator(".js-block").first).to_contain_text("Đoạn hai")
    _leave(page, base)
    assert dialogs == ["beforeunload", "beforeunload"]
    expect(page).to_have_url(url)
