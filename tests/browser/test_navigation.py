"""From the dashboard to the screen that resolves a reminder, and the year-end menu (issue 16)."""

import datetime

import pytest
from playwright.sync_api import expect

from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.selectors.dashboard import add_months, month_start
from tests.factories import CellFactory, MemberFactory, OrganisationFactory, user_with_role

PASSWORD = "mat-khau-thu-123"


@pytest.fixture
def secretary():
    committee = OrganisationFactory(name="Đảng bộ Trường Chính trị")
    cell = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    MemberFactory(full_name="Nguyễn Văn An", organisation=cell)
    user_with_role(SECRETARIAT_ROLE, committee, username="thuky")
    return cell


def _log_in(page, base):
    page.goto(f"{base}/workspace/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổng quan")


@pytest.mark.django_db(transaction=True)
def test_a_reminder_leads_to_a_prefilled_meeting_form(page, live_server, secretary):
    cell = secretary
    base = live_server.url
    _log_in(page, base)
    # No meeting recorded: the oldest month shown is missing; its button records it.
    oldest = add_months(month_start(datetime.date.today()), -3)
    item = page.locator(".ws-missing li", has_text=f"{oldest.month}/{oldest.year}").first
    item.get_by_role("link", name="Ghi cuộc họp này").click()
    expect(page.locator("#id_meeting-date")).to_have_value(
        oldest.replace(day=3).strftime("%d/%m/%Y")
    )
    expect(page.locator("input[name=to-chuc]")).to_have_value(str(cell.pk))
    expect(page.locator("main")).to_contain_text("Chi bộ Phòng Đào tạo")
    expect(page.locator("#id_meeting-title")).to_have_value(
        f"Sinh hoạt chi bộ tháng {oldest.month}/{oldest.year}"
    )


@pytest.mark.django_db(transaction=True)
def test_the_menu_opens_a_year_end_screen_without_script(browser, live_server, secretary):
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        _log_in(page, live_server.url)
        page.locator(".ws-menu summary").click()
        page.select_option("#ws-menu-org", label="Chi bộ Phòng Đào tạo")
        page.fill("#ws-menu-year", "2025")
        page.locator(".ws-menu-form button[value=statistics]").click()
        expect(page).to_have_url(f"{live_server.url}/workspace/nam/{secretary.pk}/2025/thong-ke/")
    finally:
        context.close()
