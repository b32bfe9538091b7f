"""Issue 12 items 2, 9 and 10 through the workspace's meeting page: dates typed day-first and
echoed in words, the periods and term filled in from the kinds and the date (and the year whose
targets are reviewed), a title naming another month, and member pickers replacing the earlier
member's name and title."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.models import (
    Document,
    Meeting,
    MeetingKind,
    ParticipantRole,
    Position,
    PositionTitle,
)
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.selectors.periods import period_defaults, title_date_mismatch

from .factories import (
    CellFactory,
    MemberFactory,
    OrganisationFactory,
    TargetFactory,
    user_with_role,
)
from .test_workspace_meetings import entry_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell():
    return CellFactory(name="Chi bộ Phòng Tài vụ", parent=OrganisationFactory(name="Đảng bộ Viện"))


@pytest.fixture
def secretary(cell):
    member = MemberFactory(full_name="Phạm Thu Hà", organisation=cell, job_title="Kế toán trưởng")
    Position.objects.create(
        member=member,
        organisation=cell,
        title=PositionTitle.SECRETARY,
        title_text="Bí thư Chi bộ",
        start_date=datetime.date(2020, 1, 1),
    )
    return member


@pytest.fixture
def deputy(cell):
    member = MemberFactory(full_name="Đỗ Quang Minh", organisation=cell, job_title="Chuyên viên")
    Position.objects.create(
        member=member,
        organisation=cell,
        title=PositionTitle.DEPUTY_SECRETARY,
        title_text="Phó Bí thư Chi bộ",
        start_date=datetime.date(2020, 1, 1),
    )
    return member


@pytest.fixture
def user(cell):
    return user_with_role(SECRETARIAT_ROLE, cell.parent)


def new_url(cell, month=None, kind=None):
    url = reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}"
    if month:
        url += f"&thang={month}"
    if kind:
        url += f"&loai={kind}"
    return url


def save_new(client, cell, month="2025-10", kind=None, **overrides):
    url = new_url(cell, month, kind)
    data = entry_data(client, url)
    data.update({"meeting-place": "Phòng họp tầng 2", **overrides})
    return client.post(url, data)


# -- dates typed day-first ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["4/10/2025", "04/10/2025", "4-10-2025", "4.10.2025"])
def test_a_date_typed_day_first_is_the_4th_of_october_and_shown_back_as_04_10_2025(
    client, cell, secretary, user, typed
):
    client.force_login(user)
    response = save_new(
        client,
        cell,
        **{
            "meeting-title": "Sinh hoạt chi bộ tháng 10/2025",
            "meeting-date": typed,
            "documents-0-kind": "Hướng dẫn",
            "documents-0-number": "12-HD/ĐU",
            "documents-0-date": typed,
        },
    )
    assert response.status_code == 302, response.context and response.context["entry"].form.errors
    meeting = Meeting.objects.get()
    assert meeting.date == datetime.date(2025, 10, 4)
    assert Document.objects.get(meeting=meeting).date == datetime.date(2025, 10, 4)
    page = client.get(response.url)
    assertContains(page, 'name="meeting-date" value="04/10/2025"')
    assertContains(page, 'name="documents-0-date" value="04/10/2025"')
    assertContains(page, "Thứ Bảy, 04/10/2025")
    assertNotContains(page, 'type="date"')


def test_dates_and_times_are_text_boxes_in_day_first_and_24_hour_form(client, cell, user):
    client.force_login(user)
    page = client.get(new_url(cell, "2025-10"))
    html = page.content.decode()
    assert 'type="date"' not in html and 'type="time"' not in html
    assertContains(page, 'placeholder="dd/mm/yyyy"')
    assertContains(page, 'placeholder="HH:MM"')
    # The calendar picker is served by the app itself, not from another site.
    assert "/static/vendor/air-datepicker/air-datepicker.js" in html
    assert "/static/js/dates.js" in html
    assert "Thứ Sáu, 03/10/2025" in html  # the new meeting's date in words


def test_times_on_the_24_hour_clock_are_stored_and_shown_as_hh_mm(client, cell, user):
    client.force_login(user)
    response = save_new(
        client,
        cell,
        **{"meeting-start_time": "7h30", "meeting-end_time": "14:05"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.start_time, meeting.end_time) == (datetime.time(7, 30), datetime.time(14, 5))
    assertContains(client.get(response.url), 'value="07:30"')


def test_an_unreadable_date_says_how_to_type_it_and_nothing_is_stored(client, cell, user):
    client.force_login(user)
    response = save_new(client, cell, **{"meeting-date": "10/25/2025", "meeting-start_time": "2pm"})
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assertContains(response, "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 04/10/2025.")
    assertContains(response, "Nhập giờ theo dạng giờ:phút, đồng hồ 24 giờ, ví dụ 14:00.")
    assertContains(response, 'value="10/25/2025"')  # what was typed stays to be corrected


# -- periods and term --------------------------------------------------------------------------


def test_a_monthly_meeting_reviews_last_month_and_plans_this_one(client, cell, user):
    client.force_login(user)
    page = client.get(new_url(cell, "2025-10"))
    form = page.context["entry"].form
    assert form["review_from"].value() == datetime.date(2025, 9, 1)
    assert form["review_to"].value() == datetime.date(2025, 9, 30)
    assert form["plan_from"].value() == datetime.date(2025, 10, 1)
    assert form["plan_to"].value() == datetime.date(2025, 10, 31)
    assert form["term"].value() in ("", None)
    assertContains(page, 'name="meeting-review_from" value="01/09/2025"')
    # Saved as shown.
    response = save_new(client, cell, "2025-10")
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.review_from, meeting.review_to) == (
        datetime.date(2025, 9, 1),
        datetime.date(2025, 9, 30),
    )
    assert (meeting.plan_from, meeting.plan_to) == (
        datetime.date(2025, 10, 1),
        datetime.date(2025, 10, 31),
    )


def test_a_january_meeting_reviews_december_of_the_year_before(client, cell, user):
    client.force_login(user)
    form = client.get(new_url(cell, "2026-01")).context["entry"].form
    assert form["review_from"].value() == datetime.date(2025, 12, 1)
    assert form["plan_to"].value() == datetime.date(2026, 1, 31)


def test_periods_typed_by_the_secretary_are_kept(client, cell, user):
    client.force_login(user)
    response = save_new(
        client,
        cell,
        "2025-10",
        **{
            "meeting-title": "Kiểm điểm quý III, triển khai nhiệm vụ quý IV năm 2025",
            "meeting-review_from": "01/07/2025",
            "meeting-review_to": "30/09/2025",
            "meeting-plan_from": "01/10/2025",
            "meeting-plan_to": "31/12/2025",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.review_from, meeting.plan_to) == (
        datetime.date(2025, 7, 1),
        datetime.date(2025, 12, 31),
    )


def test_a_january_year_end_review_offers_the_reviewed_years_targets(client, cell, user):
    reviewed = TargetFactory(organisation=cell, year=2025, title="Kết nạp 02 đảng viên")
    TargetFactory(organisation=cell, year=2026, title="Chỉ tiêu năm mới")
    client.force_login(user)
    url = new_url(cell, "2026-01", MeetingKind.REVIEW_CONFERENCE)
    page = client.get(url)
    entry = page.context["entry"]
    assert entry.form["review_from"].value() == datetime.date(2025, 1, 1)
    assert entry.form["review_to"].value() == datetime.date(2025, 12, 31)
    assert entry.form["plan_from"].value() == datetime.date(2026, 1, 1)
    assert [f.instance for f in entry.targets_reviewed.forms] == [reviewed]
    assertContains(page, "Kết nạp 02 đảng viên")
    assertNotContains(page, "Chỉ tiêu năm mới")
    # Held on 13 January and saved: its page still offers the reviewed year's targets.
    data = entry_data(client, url)
    data.update(
        {
            "meeting-title": "Hội nghị kiểm điểm, đánh giá năm 2025",
            "meeting-date": "13/01/2026",
            "targets_reviewed-0-reviewed": "on",
            "targets_reviewed-0-actual_text": "Kết nạp 03 đảng viên",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    reviewed.refresh_from_db()
    meeting = Meeting.objects.get()
    assert reviewed.reviewed_at == meeting
    assert reviewed.actual_text == "Kết nạp 03 đảng viên"
    edit = client.get(response.url)
    assert [f.instance for f in edit.context["entry"].targets_reviewed.forms] == [reviewed]


def test_a_year_end_review_saved_without_periods_still_offers_the_reviewed_year(client, cell, user):
    """A meeting recorded before the periods were on the page (or imported without them)."""
    reviewed = TargetFactory(organisation=cell, year=2025, title="Chỉ tiêu năm cũ")
    TargetFactory(organisation=cell, year=2026, title="Chỉ tiêu năm mới")
    meeting = Meeting.objects.create(
        organisation=cell, title="Hội nghị tổng kết", date=datetime.date(2026, 1, 13)
    )
    meeting.kinds.create(kind=MeetingKind.REVIEW_CONFERENCE)
    client.force_login(user)
    page = client.get(reverse("workspace:meeting_edit", args=[meeting.pk]))
    assert [f.instance for f in page.context["entry"].targets_reviewed.forms] == [reviewed]


def test_a_congress_gets_its_term(client, cell, user):
    client.force_login(user)
    form = client.get(new_url(cell, "2025-04", MeetingKind.CONGRESS)).context["entry"].form
    assert form["term"].value() == "2025-2030"
    response = save_new(
        client,
        cell,
        "2025-04",
        MeetingKind.CONGRESS,
        **{"meeting-title": "Đại hội Chi bộ Phòng Tài vụ nhiệm kỳ 2025 - 2030"},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().term == "2025-2030"


def test_the_title_says_which_months_are_reviewed_and_planned():
    day = datetime.date(2025, 10, 4)
    periods = period_defaults(
        [MeetingKind.MONTHLY], day, "Kiểm điểm tháng 9, triển khai nhiệm vụ tháng 10"
    )
    assert (periods.review_from, periods.plan_to) == (
        datetime.date(2025, 9, 1),
        datetime.date(2025, 10, 31),
    )
    periods = period_defaults(
        [MeetingKind.MONTHLY], datetime.date(2025, 10, 28), "Kiểm điểm tháng 10 năm 2025"
    )
    assert (periods.review_from, periods.plan_from) == (
        datetime.date(2025, 10, 1),
        datetime.date(2025, 11, 1),
    )
    # Typed without accents too, and a December year-end review reviews its own year.
    periods = period_defaults(
        [MeetingKind.RATING], datetime.date(2025, 12, 20), "Kiem diem nam 2025"
    )
    assert (periods.review_from, periods.plan_to) == (
        datetime.date(2025, 1, 1),
        datetime.date(2026, 12, 31),
    )


# -- a title naming another month -------------------------------------------------------------


def test_a_title_naming_another_month_than_the_date_warns_but_saves(client, cell, user):
    client.force_login(user)
    response = save_new(
        client,
        cell,
        **{"meeting-title": "Sinh hoạt chi bộ tháng 10/2025", "meeting-date": "04/09/2025"},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().date == datetime.date(2025, 9, 4)
    page = client.get(response.url)
    message = (
        "Tiêu đề ghi tháng 10/2025 nhưng ngày họp là 04/09/2025: xin kiểm tra lại ngày hoặc "
        "tiêu đề."
    )
    assert message in [str(m) for m in page.context["messages"]]
    assert page.context["entry"].title_warning == message
    # The same sentence for the page's script, which shows it as the title or date is typed.
    assertContains(page, 'data-message="Tiêu đề ghi %(named)s nhưng ngày họp là %(date)s')


def test_a_title_matching_its_date_gives_no_warning(client, cell, user):
    client.force_login(user)
    response = save_new(
        client,
        cell,
        **{
            "meeting-title": "Kiểm điểm tháng 9, triển khai nhiệm vụ tháng 10",
            "meeting-date": "04/10/2025",
        },
    )
    page = client.get(response.url)
    assert not [m for m in page.context["messages"] if m.level_tag == "warning"]
    assert page.context["entry"].title_warning == ""


def test_title_mismatch_rules():
    day = datetime.date(2025, 9, 4)
    assert title_date_mismatch("Sinh hoạt chi bộ tháng 10 năm 2025", day) == "tháng 10/2025"
    assert title_date_mismatch("Sinh hoạt chi bộ tháng 9/2024", day) == "tháng 9/2024"
    assert title_date_mismatch("Sinh hoạt chi bộ tháng 9", day) is None
    # A year-end review held in January names the year it reviews.
    january = datetime.date(2026, 1, 13)
    assert title_date_mismatch("Tổng kết năm 2025", january, years={2025, 2026}) is None
    assert title_date_mismatch("Tổng kết năm 2023", january, years={2025, 2026}) == "năm 2023"


# -- member pickers ----------------------------------------------------------------------------


def test_picking_another_chair_without_the_script_replaces_the_earlier_name_and_title(
    client, cell, secretary, deputy, user
):
    client.force_login(user)
    response = save_new(client, cell)  # the secretary is offered as chair
    meeting = Meeting.objects.get()
    chair = meeting.people.get(role=ParticipantRole.CHAIR)
    assert (chair.name, chair.position) == ("Phạm Thu Hà", "Bí thư Chi bộ, Kế toán trưởng")
    data = entry_data(client, response.url)
    data["chairs-0-member"] = str(deputy.pk)  # name and title boxes left as they were
    assert client.post(response.url, data).status_code == 302
    chair = meeting.people.get(role=ParticipantRole.CHAIR)
    assert chair.member == deputy
    assert (chair.name, chair.position) == ("Đỗ Quang Minh", "Phó Bí thư Chi bộ, Chuyên viên")


def test_a_name_typed_by_hand_stays_and_clearing_the_pick_keeps_what_was_typed(
    client, cell, secretary, deputy, user
):
    client.force_login(user)
    response = save_new(client, cell)
    meeting = Meeting.objects.get()
    data = entry_data(client, response.url)
    data.update({"chairs-0-member": str(deputy.pk), "chairs-0-position": "Phó Bí thư"})
    client.post(response.url, data)
    chair = meeting.people.get(role=ParticipantRole.CHAIR)
    assert (chair.name, chair.position) == ("Đỗ Quang Minh", "Phó Bí thư")
    data = entry_data(client, response.url)
    data.update({"chairs-0-member": "", "chairs-0-name": "Đỗ Quang Minh (khách mời)"})
    client.post(response.url, data)
    chair = meeting.people.get(role=ParticipantRole.CHAIR)
    assert chair.member is None
    assert (chair.name, chair.position) == ("Đỗ Quang Minh (khách mời)", "Phó Bí thư")


def test_picking_another_presenter_replaces_the_earlier_presenter(
    client, cell, secretary, deputy, user
):
    client.force_login(user)
    response = save_new(
        client,
        cell,
        **{
            "agenda-0-title": "Báo cáo kết quả tháng 9",
            "agenda-0-presenter_member": str(secretary.pk),
        },
    )
    meeting = Meeting.objects.get()
    item = meeting.agenda.get()
    assert (item.presenter_name, item.presenter_position) == (
        "Phạm Thu Hà",
        "Bí thư Chi bộ, Kế toán trưởng",
    )
    data = entry_data(client, response.url)
    data["agenda-0-presenter_member"] = str(deputy.pk)
    client.post(response.url, data)
    item.refresh_from_db()
    assert (item.presenter_name, item.presenter_position) == (
        "Đỗ Quang Minh",
        "Phó Bí thư Chi bộ, Chuyên viên",
    )
