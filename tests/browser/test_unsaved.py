"""Leaving a workspace form with unsaved changes asks first; submitting it does not."""

import datetime

import pytest
from playwright.sync_api import expect

from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import CellFactory, MemberFactory, OrganisationFactory, user_with_role

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
