"""The report editor in the browser: blocks moved and a photo placed without a reload."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from branchapp.models import BlockType, Report, ReportBlock
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import CellFactory, MeetingFactory, OrganisationFactory, user_with_role

PASSWORD = "mat-khau-thu-123"


@pytest.mark.django_db(transaction=True)
def test_a_photo_placed_at_a_chosen_position_without_reloads(page, live_server, tmp_path):
    committee = OrganisationFactory(name="Đảng bộ Trường Chính trị")
    cell = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    meeting = MeetingFactory(organisation=cell, title="Sinh hoạt chi bộ tháng 11")
    user = user_with_role(SECRETARIAT_ROLE, committee, username="thuky")
    report = Report.objects.create(meeting=meeting, headline="Sinh hoạt chi bộ tháng 11")
    one, two, three = (
        ReportBlock.objects.create(report=report, order=n, type=BlockType.PARAGRAPH, text=t)
        for n, t in enumerate(["Đoạn một", "Đoạn hai", "Đoạn ba"], start=1)
    )
    photo = tmp_path / "anh.jpg"
    Image.new("RGB", (400, 300), (180, 20, 20)).save(photo, "JPEG")
    base = live_server.url
    assert user.check_password(PASSWORD)

    page.goto(f"{base}/tai-khoan/dang-nhap/?next=/workspace/cuoc-hop/{meeting.pk}/bao-cao/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator(".js-block")).to_have_count(3)

    navigations = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and navigations.append(1))
    # "Đoạn ba" up twice: it opens the body, on the page only.
    page.click(f"button[name=move][value='up:{three.pk}']")
    page.click(f"button[name=move][value='up:{three.pk}']")
    expect(page.locator(".js-block").first).to_have_attribute("data-block-id", str(three.pk))
    expect(page.locator(".js-block-number").first).to_have_text("1")
    expect(page.locator(f"button[name=move][value='up:{three.pk}']")).to_be_disabled()
    option = page.locator(f"#id_new_photos-0-place_after option[value='{one.pk}']")
    expect(option).to_have_text("2. Đoạn văn: Đoạn một")  # renumbered with the blocks
    page.set_input_files("#id_new_photos-0-image", str(photo))
    page.fill("#id_new_photos-0-caption", "Bí thư phát biểu")
    page.select_option("#id_new_photos-0-place_after", str(one.pk))
    assert navigations == []
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1

    page.click(".ws-actions button.btn-primary")
    expect(page.locator(".alert-success")).to_be_visible()
    assert len(navigations) == 1  # the save, and nothing before it
    stored = list(report.blocks.select_related("photo").order_by("order"))
    assert [b.text or b.photo.caption for b in stored] == [
        "Đoạn ba",
        "Đoạn một",
        "Bí thư phát biểu",
        "Đoạn hai",
    ]
    expect(page.locator(".js-block-number")).to_have_text(["1", "2", "3", "4"])
