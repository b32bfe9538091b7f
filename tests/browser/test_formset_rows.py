"""Rows added in the page: five agenda items and opinions under the new fifth item, entered in
one go and saved once (static/js/formset-rows.js)."""

import datetime

import pytest
from playwright.sync_api import expect

from branchapp.models import AgendaItem, Meeting
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import CellFactory, MemberFactory, OrganisationFactory, user_with_role

PASSWORD = "mat-khau-thu-123"
TITLES = [
    "Thông tin thời sự, quán triệt chủ trương mới",
    "Đánh giá kết quả thực hiện nhiệm vụ tháng 10",
    "Triển khai nhiệm vụ tháng 11",
    "Công tác phát triển đảng viên",
    "Tự phê bình và phê bình",
]


@pytest.mark.django_db(transaction=True)
def test_five_agenda_items_and_an_opinion_under_the_new_one_saved_at_once(page, live_server):
    year = datetime.date.today().year
    cell = CellFactory(
        name="Chi bộ Phòng Đào tạo", parent=OrganisationFactory(name="Đảng bộ Trường")
    )
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        MemberFactory(full_name=name, organisation=cell)
    user = user_with_role(SECRETARIAT_ROLE, cell.parent, username="thuky")
    user.set_password(PASSWORD)
    user.save()
    base = live_server.url

    page.goto(f"{base}/tai-khoan/dang-nhap/?next=/workspace/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{base}/workspace/cuoc-hop/them/?to-chuc={cell.pk}")
    page.fill("#id_meeting-title", f"Sinh hoạt chi bộ tháng 11/{year}")

    # One empty item to start with; the note for pages without the script is hidden.
    items = page.locator(".ws-agenda-item")
    expect(items).to_have_count(1)
    expect(page.locator("[data-formset-nojs]")).to_be_hidden()
    add_item = page.get_by_role("button", name="Thêm nội dung")
    for _ in range(4):
        add_item.click()
    expect(items).to_have_count(5)
    expect(page.locator("input[name=agenda-TOTAL_FORMS]")).to_have_value("5")
    expect(items.nth(4).locator("h2")).to_have_text("Nội dung 5")
    for index, title in enumerate(TITLES):
        page.fill(f"#id_agenda-{index}-title", title)

    # The fifth item brought its own opinions: one row, and one more added.
    fifth = items.nth(4)
    page.fill("#id_agenda-4-opinions-0-name", "Trần Thị Bình")
    page.fill(
        "#id_agenda-4-opinions-0-summary", "Nghiêm túc nhận khuyết điểm, có kế hoạch khắc phục."
    )
    fifth.get_by_role("button", name="Thêm dòng").click()
    expect(page.locator("input[name=agenda-4-opinions-TOTAL_FORMS]")).to_have_value("2")
    page.select_option("#id_agenda-4-opinions-1-member", label="Nguyễn Văn An")
    page.fill("#id_agenda-4-opinions-1-summary", "Ghi nhận tinh thần tự phê bình.")
    page.fill("#id_agenda-4-opinion_count", "3")

    # A guest row added elsewhere on the page works the same way.
    page.locator("[data-prefix=guests]").get_by_role("button", name="Thêm dòng").click()
    page.fill("#id_guests-0-name", "Lê Văn Hải")
    page.fill("#id_guests-1-name", "Phạm Thu Dung")

    page.click(".ws-actions button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cuộc họp.")

    meeting = Meeting.objects.get(organisation=cell)
    assert list(meeting.agenda.values_list("title", flat=True)) == TITLES
    fifth_item = AgendaItem.objects.get(meeting=meeting, title=TITLES[4])
    assert fifth_item.opinion_count == 3
    assert list(fifth_item.opinions.values_list("name", "summary")) == [
        ("Trần Thị Bình", "Nghiêm túc nhận khuyết điểm, có kế hoạch khắc phục."),
        ("Nguyễn Văn An", "Ghi nhận tinh thần tự phê bình."),
    ]
    assert list(meeting.people.filter(role="guest").values_list("name", flat=True)) == [
        "Lê Văn Hải",
        "Phạm Thu Dung",
    ]
    # Reloaded after the save: everything kept, and one empty item for the next one.
    expect(items).to_have_count(6)
    expect(page.locator("#id_agenda-4-title")).to_have_value(TITLES[4])
