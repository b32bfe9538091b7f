"""Attendance two ways, quorum and majorities from the dated rules, votes, the strike-off warning
and large committees, through the workspace pages."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from branchapp.models import (
    AttendanceMode,
    MajorityRule,
    Meeting,
    MemberEvent,
    MemberEventType,
    Vote,
)
from branchapp.scoping import SECRETARIAT_ROLE

from .factories import (
    CellFactory,
    MemberFactory,
    OrganisationFactory,
    default_majority_rules,
    user_with_role,
)
from .test_workspace_meetings import entry_data, errors_of

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year
DAY = datetime.date(YEAR, 10, 3)


@pytest.fixture(autouse=True)
def rules():
    default_majority_rules()  # seeded by the migration; gone after a transactional test


@pytest.fixture
def cell():
    return CellFactory(
        name="Chi bộ Khoa Lý luận", parent=OrganisationFactory(name="Đảng bộ Trường Chính trị")
    )


@pytest.fixture
def user(cell):
    return user_with_role(SECRETARIAT_ROLE, cell.parent)


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def new_url(cell):
    return reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}"


def counts_only(**counts):
    values = {
        "meeting-title": f"Sinh hoạt chi bộ tháng 10/{YEAR}",
        "meeting-date": DAY.strftime("%d/%m/%Y"),
        "meeting-kinds": ["monthly"],
        "counts-attendance_mode": "counts",
    }
    values.update({f"counts-{name}": str(value) for name, value in counts.items()})
    return values


# A monthly meeting of a cell of 30 as its report gives it: "28 đảng viên có mặt".
TWENTY_EIGHT = {
    "convened": 30,
    "present": 28,
    "present_full": 25,
    "present_probationary": 2,
    "present_temporary": 1,
    "excused": 2,
    "unexcused": 0,
    "exempt": 1,
    "away_elsewhere": 1,
}


def test_counts_only_meeting_saves_its_counts_and_the_minutes_print_them(logged_in, cell):
    url = new_url(cell)
    response = logged_in.post(url, entry_data(logged_in, url, **counts_only(**TWENTY_EIGHT)))
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get()
    assert meeting.attendance_mode == AttendanceMode.COUNTS
    assert {name: getattr(meeting, name) for name in TWENTY_EIGHT} == TWENTY_EIGHT
    assert not meeting.attendance.exists()

    minutes = logged_in.get(reverse("yearend:minutes", args=[meeting.pk])).content.decode()
    assert "Tổng số đảng viên được triệu tập: 30 đồng chí." in minutes
    assert "Có mặt: 28 đồng chí (chính thức: 25; dự bị: 02; sinh hoạt tạm thời: 01)." in minutes
    assert "Vắng có lý do: 02 đồng chí." in minutes
    assert "Đảng viên sinh hoạt tạm thời nơi khác: 01 đồng chí." in minutes
    # The quorum: 25 full members present of the 25 counted under 9.3.2 (none absent
    # without reason), more than half needed.
    assert "Số lượng: 25/25 đảng viên chính thức có mặt, cần ít nhất 13" in minutes

    edit = logged_in.get(reverse("workspace:meeting_edit", args=[meeting.pk]))
    assert edit.context["entry"].attendance_counts["attendance_mode"].value() == "counts"
    assertContains(edit, "Đủ số lượng: 25/25 đảng viên chính thức có mặt, cần ít nhất 13")


def test_inconsistent_counts_say_which_numbers_disagree_and_save_nothing(logged_in, cell):
    url = new_url(cell)
    wrong = {**TWENTY_EIGHT, "present_full": 24, "excused": 1}
    response = logged_in.post(url, entry_data(logged_in, url, **counts_only(**wrong)))
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assertContains(
        response,
        "Số có mặt (28) phải bằng đảng viên chính thức có mặt (24) + đảng viên dự bị có mặt (2)"
        " + đảng viên sinh hoạt tạm thời có mặt (1) = 27.",
    )

    wrong = {**TWENTY_EIGHT, "excused": 1}
    response = logged_in.post(url, entry_data(logged_in, url, **counts_only(**wrong)))
    assert not Meeting.objects.exists()
    assertContains(
        response,
        "Số được triệu tập (30) phải bằng số có mặt (28) + vắng có lý do (1) + vắng không lý do"
        " (0) = 29.",
    )


def test_a_member_attending_elsewhere_is_off_the_roll_and_counted_away(logged_in, cell):
    present = MemberFactory(full_name="Nguyễn Thị Hoa", organisation=cell)
    away = MemberFactory(full_name="Phạm Quốc Toàn", organisation=cell)
    MemberEvent.objects.create(
        member=away,
        organisation=cell,
        type=MemberEventType.TEMPORARY_OUT,
        date=datetime.date(YEAR, 9, 1),
        end_date=datetime.date(YEAR, 12, 31),
    )
    url = new_url(cell)
    roll = logged_in.get(url).context["entry"].attendance.rows
    assert [row["name"] for row in roll] == ["Nguyễn Thị Hoa"]
    data = entry_data(
        logged_in,
        url,
        **{
            "meeting-title": f"Sinh hoạt chi bộ tháng 10/{YEAR}",
            "meeting-date": DAY.strftime("%d/%m/%Y"),
            "meeting-kinds": ["monthly"],
        },
    )
    assert f"roll-{away.pk}-status" not in data
    response = logged_in.post(url, data)
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get()
    assert list(meeting.attendance.values_list("member", flat=True)) == [present.pk]
    assert (meeting.convened, meeting.present, meeting.away_elsewhere) == (1, 1, 1)


def roll_meeting(client, cell, statuses):
    """A meeting saved through the page with the roll's statuses {member: status}."""
    url = new_url(cell)
    overrides = {
        "meeting-title": f"Sinh hoạt chi bộ tháng 10/{YEAR}",
        "meeting-date": DAY.strftime("%d/%m/%Y"),
        "meeting-kinds": ["monthly"],
    }
    for member, status in statuses.items():
        overrides[f"roll-{member.pk}-status"] = status
        if status == "excused":
            overrides[f"roll-{member.pk}-reason"] = "Ốm"
    response = client.post(url, entry_data(client, url, **overrides))
    assert response.status_code == 302, errors_of(response)
    return Meeting.objects.get()


def test_a_meeting_below_quorum_is_flagged_not_blocked(logged_in, cell):
    members = [MemberFactory(organisation=cell) for _ in range(5)]
    statuses = {m: "unexcused" for m in members[:3]} | {m: "present" for m in members[3:]}
    meeting = roll_meeting(logged_in, cell, statuses)  # saved all the same
    assert (meeting.present, meeting.unexcused) == (2, 3)

    detail = logged_in.get(reverse("workspace:meeting_detail", args=[meeting.pk]))
    assertContains(detail, "Không đủ số lượng: 2/5 đảng viên chính thức có mặt, cần ít nhất 3")
    listing = logged_in.get(reverse("workspace:meeting_list"))
    assertContains(listing, "không đủ số lượng")
    edit = logged_in.get(reverse("workspace:meeting_edit", args=[meeting.pk]))
    assertContains(edit, "Hội nghị này không đủ số lượng theo quy định.")
    minutes = logged_in.get(reverse("yearend:minutes", args=[meeting.pk]))
    assertContains(minutes, "hội nghị không đủ số lượng theo quy định")


def test_a_congress_needs_more_than_two_thirds_of_its_full_members(logged_in, cell):
    url = new_url(cell)
    congress = {
        **counts_only(convened=30, present=20, present_full=20, present_probationary=0),
        "meeting-kinds": ["congress"],
        "meeting-title": f"Đại hội Chi bộ nhiệm kỳ {YEAR}-{YEAR + 5}",
    }
    response = logged_in.post(url, entry_data(logged_in, url, **congress))
    assert response.status_code == 302, errors_of(response)
    detail = logged_in.get(reverse("workspace:meeting_detail", args=[Meeting.objects.get().pk]))
    assertContains(detail, "Không đủ số lượng: 20/30 đảng viên chính thức có mặt, cần trên 20")


def vote_rows(*rows):
    data = {}
    for i, (subject, about, in_favour, against, out_of) in enumerate(rows):
        data.update(
            {
                f"votes-{i}-subject": subject,
                f"votes-{i}-about": about,
                f"votes-{i}-in_favour": str(in_favour),
                f"votes-{i}-against": str(against),
                f"votes-{i}-abstaining": "0",
                f"votes-{i}-out_of": "" if out_of is None else str(out_of),
            }
        )
    data["votes-TOTAL_FORMS"] = str(len(rows))
    return data


def test_votes_are_checked_against_their_majority(logged_in, cell):
    url = new_url(cell)
    data = entry_data(
        logged_in,
        url,
        **counts_only(convened=20, present=20, present_full=20, present_probationary=0),
        **vote_rows(
            ("resolution", "Nghị quyết tháng 10", 12, 8, None),
            ("admission", "Kết nạp quần chúng Lê Thị Mai", 13, 7, None),
        ),
    )
    response = logged_in.post(url, data)
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get()
    # "Out of" left empty: the number the rule counts from (20 full members).
    assert list(meeting.votes.values_list("about", "out_of")) == [
        ("Nghị quyết tháng 10", 20),
        ("Kết nạp quần chúng Lê Thị Mai", 20),
    ]
    detail = logged_in.get(reverse("workspace:meeting_detail", args=[meeting.pk]))
    assertContains(detail, "đạt: 12/20 tán thành, cần trên 10")
    assertContains(detail, "không đạt: 13/20 tán thành, cần ít nhất 14")
    minutes = logged_in.get(reverse("yearend:minutes", args=[meeting.pk]))
    assertContains(minutes, "12/20 tán thành, cần trên 10: đạt")
    assertContains(minutes, "13/20 tán thành, cần ít nhất 14: không đạt")


def test_more_votes_than_voters_is_refused(logged_in, cell):
    url = new_url(cell)
    data = entry_data(
        logged_in,
        url,
        **counts_only(convened=20, present=20, present_full=20, present_probationary=0),
        **vote_rows(("resolution", "Nghị quyết", 15, 8, 20)),
    )
    response = logged_in.post(url, data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assertContains(response, "23 phiếu (tán thành 15, không tán thành 8, không biểu quyết 0)")


def test_the_rule_in_force_on_the_meeting_date_is_used(logged_in, cell):
    # A later rule (made up for the test): resolutions need at least three quarters from 1/9.
    MajorityRule.objects.create(
        subject="resolution",
        numerator=3,
        denominator=4,
        strict=False,
        base="denominator",
        valid_from=datetime.date(YEAR, 9, 1),
    )
    url = new_url(cell)
    for day in (datetime.date(YEAR, 8, 5), DAY):
        data = entry_data(
            logged_in,
            url,
            **counts_only(convened=20, present=20, present_full=20, present_probationary=0),
            **vote_rows(("resolution", f"Nghị quyết {day:%m}", 12, 8, None)),
        )
        data["meeting-date"] = day.strftime("%d/%m/%Y")
        data["meeting-title"] = f"Sinh hoạt chi bộ tháng {day.month}/{YEAR}"
        response = logged_in.post(url, data)
        assert response.status_code == 302, errors_of(response)
    august, october = Meeting.objects.order_by("date")
    assertContains(
        logged_in.get(reverse("workspace:meeting_detail", args=[august.pk])),
        "đạt: 12/20 tán thành, cần trên 10",
    )
    assertContains(
        logged_in.get(reverse("workspace:meeting_detail", args=[october.pk])),
        "không đạt: 12/20 tán thành, cần ít nhất 15",
    )


def test_strike_off_warning_names_the_months(logged_in, cell):
    absent = MemberFactory(full_name="Đỗ Văn Vắng", organisation=cell)
    url = new_url(cell)
    for month in (2, 5, 9):
        data = entry_data(
            logged_in,
            url,
            **{
                "meeting-title": f"Sinh hoạt chi bộ tháng {month}/{YEAR}",
                "meeting-date": f"03/{month:02d}/{YEAR}",
                "meeting-kinds": ["monthly"],
                f"roll-{absent.pk}-status": "unexcused",
            },
        )
        assert logged_in.post(url, data).status_code == 302
    dashboard = logged_in.get(reverse("workspace:dashboard"))
    assertContains(
        dashboard,
        f"Đỗ Văn Vắng (Chi bộ Khoa Lý luận): vắng không lý do 3 tháng trong năm {YEAR}:",
    )
    assertContains(dashboard, "tháng 2, tháng 5, tháng 9")


def test_a_committee_of_300_members_saves_and_reloads_its_meeting(logged_in, cell):
    members = [MemberFactory(organisation=cell) for _ in range(300)]
    url = new_url(cell)
    overrides = {
        "meeting-title": f"Hội nghị Đảng bộ tháng 10/{YEAR}",
        "meeting-date": DAY.strftime("%d/%m/%Y"),
        "meeting-kinds": ["periodic"],
        f"roll-{members[7].pk}-status": "excused",
        f"roll-{members[7].pk}-reason": "Đi học",
        f"roll-{members[8].pk}-status": "unexcused",
    }
    data = entry_data(logged_in, url, **overrides)
    assert len(data) < 1000  # Django's DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = logged_in.post(url, data)
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get()
    assert meeting.attendance.count() == 300
    assert (meeting.convened, meeting.present, meeting.excused, meeting.unexcused) == (
        300,
        298,
        1,
        1,
    )
    edit = reverse("workspace:meeting_edit", args=[meeting.pk])
    again = entry_data(logged_in, edit, **{f"roll-{members[9].pk}-status": "unexcused"})
    response = logged_in.post(edit, again)
    assert response.status_code == 302, errors_of(response)
    meeting.refresh_from_db()
    assert (meeting.present, meeting.unexcused) == (297, 2)
    assert Vote.objects.count() == 0


def test_numbers_written_without_a_roll_open_as_numbers(logged_in, cell):
    """An imported meeting (or one from a report giving numbers) keeps its numbers: its page
    opens on them, not on a roll of today's members that would replace them on save."""
    from branchapp.services.meetings import MeetingData, meeting_save

    MemberFactory(organisation=cell)
    meeting = meeting_save(
        meeting=Meeting(organisation=cell, title="Sinh hoạt chi bộ tháng 9", date=DAY),
        data=MeetingData(counts={"convened": 20, "present": 18}, kinds=["monthly"]),
    )
    assert meeting.attendance_mode == AttendanceMode.COUNTS
    edit = reverse("workspace:meeting_edit", args=[meeting.pk])
    response = logged_in.post(edit, entry_data(logged_in, edit))
    assert response.status_code == 302, errors_of(response)
    meeting.refresh_from_db()
    assert (meeting.convened, meeting.present) == (20, 18)
    assert not meeting.attendance.exists()
