"""Dates that cannot be misread, in a browser whose language is English (issue 12, items 9
and 10): typed 04/10/2025 is 4 October 2025, the calendar picker fills dd/mm/yyyy, the date
is echoed in words, the periods follow the date, a title naming another month is flagged, and
picking another chair replaces the earlier chair's name and title."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from branchapp.models import Meeting, ParticipantRole, Position, PositionTitle
from branchapp.scoping import SECRETARIAT_ROLE
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import CellFactory, MemberFactory, OrganisationFactory, user_with_role

PASSWORD = "mat-khau-thu-123"


@pytest.fixture
def english_page(browser):
    """A page of a browser set to English: its own date box would read 4/10 as 10 April."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def browser(playwright):
    # Launched from the run's one Playwright (tests/browser/conftest.py): a second sync
    # Playwright in the same run would fail once another module has started the first.
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--lang=en-US"]
    )
    yield browser
    browser.close()


@pytest.fixture
def cell():
    committee = OrganisationFactory(name="Đảng bộ Viện Kinh tế")
    cell = CellFactory(name="Chi bộ Phòng Tài vụ", parent=committee)
    for name, title, text, job in (
        ("Phạm Thu Hà", PositionTitle.SECRETARY, "Bí thư Chi bộ", "Kế toán trưởng"),
        ("Đỗ Quang Minh", PositionTitle.DEPUTY_SECRETARY, "Phó Bí thư Chi bộ", "Chuyên viên"),
    ):
        member = MemberFactory(full_name=name, organisation=cell, job_title=job)
        Position.objects.create(
            member=member,
            organisation=cell,
            title=title,
            title_text=text,
            start_date=datetime.date(2020, 1, 1),
        )
    user_with_role(SECRETARIAT_ROLE, committee, username="thuky")
    return cell


def sign_in(page, base):
    page.goto(f"{base}/tai-khoan/dang-nhap/?next=/workspace/")
    page.fill("#id_username", "thuky")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{base}/workspace/")


@pytest.mark.django_db(transaction=True)
def test_dates_in_an_english_browser(english_page, live_server, cell):
    page = english_page
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/workspace/cuoc-hop/them/?to-chuc={cell.pk}")
    assert page.evaluate("navigator.language") == "en-US"

    # Typed day-first, shown back as dd/mm/yyyy, echoed in words while typing.
    page.fill("#id_meeting-title", "Sinh hoạt chi bộ tháng 10/2025")
    date = page.locator("#id_meeting-date")
    date.fill("")
    date.type("4/10/2025")
    expect(page.locator("#id_meeting-date-echo")).to_have_text("Saturday, 04/10/2025")
    date.press("Tab")
    expect(date).to_have_value("04/10/2025")
    # The periods follow the date: September reviewed, October planned.
    expect(page.locator("#id_meeting-review_from")).to_have_value("01/09/2025")
    expect(page.locator("#id_meeting-review_to")).to_have_value("30/09/2025")
    expect(page.locator("#id_meeting-plan_to")).to_have_value("31/10/2025")
    expect(page.locator(".js-title-date-warning")).to_be_hidden()

    # A title naming another month is flagged at once.
    page.fill("#id_meeting-title", "Sinh hoạt chi bộ tháng 11/2025")
    warning = page.locator(".js-title-date-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("tháng 11/2025")
    expect(warning).to_contain_text("04/10/2025")
    page.fill("#id_meeting-title", "Sinh hoạt chi bộ tháng 10/2025")
    expect(warning).to_be_hidden()

    # The calendar picker: opened on the box, Monday first, a day clicked fills dd/mm/yyyy.
    page.click("#id_meeting-review_from")
    calendar = page.locator(".air-datepicker.-active-")
    expect(calendar).to_be_visible()
    expect(calendar.locator(".air-datepicker-nav--title")).to_contain_text("September")
    expect(calendar.locator(".air-datepicker-body--day-name").first).to_have_text("Mon")
    calendar.locator(".air-datepicker-cell.-day-:not(.-other-month-)[data-date='15']").click()
    expect(page.locator("#id_meeting-review_from")).to_have_value("15/09/2025")
    expect(page.locator("#id_meeting-review_from-echo")).to_have_text("Monday, 15/09/2025")
    expect(calendar).to_be_hidden()

    # Chair A, then chair B: B's name and title, not A's.
    row = page.locator("#id_chairs-1-member")
    hanoi, minh = "Phạm Thu Hà", "Đỗ Quang Minh"
    row.select_option(label=hanoi)
    expect(page.locator("#id_chairs-1-name")).to_have_value(hanoi)
    expect(page.locator("#id_chairs-1-position")).to_have_value("Bí thư Chi bộ, Kế toán trưởng")
    row.select_option(label=minh)
    expect(page.locator("#id_chairs-1-name")).to_have_value(minh)
    expect(page.locator("#id_chairs-1-position")).to_have_value("Phó Bí thư Chi bộ, Chuyên viên")
    # Clearing the pick leaves what is there.
    page.locator("#id_chairs-0-member").select_option(index=0)
    expect(page.locator("#id_chairs-0-name")).to_have_value(hanoi)

    page.fill("#id_meeting-place", "Phòng họp tầng 2")
    page.fill("#id_meeting-start_time", "14:00")
    page.click(".ws-actions button[type=submit]")
    expect(page).to_have_url(re.compile(r"/workspace/cuoc-hop/\d+/sua/$"))

    meeting = Meeting.objects.get()
    assert meeting.date == datetime.date(2025, 10, 4)
    assert meeting.review_from == datetime.date(2025, 9, 15)
    assert meeting.plan_from == datetime.date(2025, 10, 1)
    chairs = {p.name: p.position for p in meeting.people.filter(role=ParticipantRole.CHAIR)}
    assert chairs[minh] == "Phó Bí thư Chi bộ, Chuyên viên"
    expect(page.locator("#id_meeting-date")).to_have_value("04/10/2025")
    expect(page.locator("#id_meeting-date-echo")).to_have_text("Saturday, 04/10/2025")
