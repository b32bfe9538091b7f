"""A year-end conference recorded in the browser, through the workspace alone: the committee's
rating tallies (members, cells directly under) and its figures; a tally whose levels do not add
up is refused with a message, corrected, and saved."""

import pytest
from playwright.sync_api import expect

from branchapp.models import Meeting, OrganisationFigures, RatingTally
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import CellFactory, OrganisationFactory, user_with_role

PASSWORD = "mat-khau-thu-123"
YEAR = 2024


@pytest.fixture
def committee():
    school = OrganisationFactory(name="Đảng bộ Trường Chính trị tỉnh Đồng Tháp")
    for name in ("Chi bộ Phòng Đào tạo", "Chi bộ Khoa Lý luận", "Chi bộ Phòng Tổ chức"):
        CellFactory(name=name, parent=school)
    user_with_role(SECRETARIAT_ROLE, school, username="thuky", first_name="Thư", last_name="Ký")
    return school


def fill_tally(page, index, rated, exempt, not_rated, levels):
    for name, value in zip(
        ("rated", "exempt", "not_rated", "excellent", "good", "completed", "not_completed"),
        (rated, exempt, not_rated, *levels),
        strict=True,
    ):
        page.fill(f"#id_tallies-{index}-{name}", str(value))


@pytest.mark.django_db(transaction=True)
def test_year_end_conference_with_tallies_entered_in_the_workspace(page, live_server, committee):
    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/?next=/workspace/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổng quan")

    # A year-end conference in January: it reviews last year.
    page.goto(
        f"{base}/workspace/cuoc-hop/them/?to-chuc={committee.pk}"
        f"&loai=review_conference&thang={YEAR + 1}-01"
    )
    page.fill("#id_meeting-title", f"Hội nghị tổng kết công tác xây dựng Đảng năm {YEAR}")
    page.fill("#id_meeting-place", "Hội trường A")
    part = page.locator("#yearend details")
    expect(part).to_have_attribute("open", "")
    expect(page.locator("#id_tallies-0-scope")).to_have_value("members")
    expect(page.locator("#id_tallies-1-scope")).to_have_value("branches")
    expect(page.locator("#id_tallies-0-year")).to_have_value(str(YEAR))

    # 32 members: 30 rated (one level mistyped), 1 exempt, 1 not rated; 3 cells rated.
    fill_tally(page, 0, 30, 1, 1, (6, 20, 3, 0))
    fill_tally(page, 1, 3, 0, 0, (1, 2, 0, 0))
    page.fill("#id_figures-0-branches", "3")
    page.fill("#id_figures-0-members", "32")
    page.fill("#id_figures-0-probationary", "2")
    page.click(".ws-actions button[type=submit]")
    expect(page.locator("#yearend")).to_contain_text(
        "Bốn mức cộng lại được 29, nhưng có 30 được đánh giá"
    )
    assert not Meeting.objects.exists()

    page.fill("#id_tallies-0-not_completed", "1")
    page.click(".ws-actions button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cuộc họp.")

    meeting = Meeting.objects.get()
    tallies = {t.scope: t for t in RatingTally.objects.filter(meeting=meeting)}
    assert set(tallies) == {"members", "branches"}
    members = tallies["members"]
    assert (members.year, members.rated, members.excellent, members.not_completed) == (
        YEAR,
        30,
        6,
        1,
    )
    assert (tallies["branches"].rated, tallies["branches"].excellent) == (3, 1)
    figures = OrganisationFigures.objects.get(meeting=meeting)
    assert (figures.organisation, figures.year, figures.members, figures.probationary) == (
        committee,
        YEAR,
        32,
        2,
    )
    # The saved page shows them back.
    expect(page.locator("#id_tallies-0-excellent")).to_have_value("6")
    expect(page.locator("#id_figures-0-members")).to_have_value("32")


@pytest.mark.django_db(transaction=True)
def test_the_part_opens_when_a_year_end_kind_is_ticked(page, live_server, committee):
    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/?next=/workspace/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổng quan")
    page.goto(f"{base}/workspace/cuoc-hop/them/?to-chuc={committee.pk}&loai=monthly")
    part = page.locator("#yearend details")
    expect(part).not_to_have_attribute("open", "")
    page.check("input[name='meeting-kinds'][value='rating']")
    expect(part).to_have_attribute("open", "")
