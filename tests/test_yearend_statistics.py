"""Year-end statistics computed from crafted records, the staff page and the public summary."""

import datetime
import re

import pytest
from django.utils import timezone

from branchapp.models import (
    Attendance,
    AttendanceStatus,
    Award,
    InspectionCase,
    MeetingKind,
    MemberEvent,
    MemberEventType,
    MemberRating,
    OrganisationRating,
    RatingLevel,
    RatingTally,
    Report,
    ReportStatus,
    Target,
    ValueKind,
)
from branchapp.selectors.statistics import year_statistics

from .factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
Y = 2021


def event(member, org, type_, day, **kw):
    return MemberEvent.objects.create(member=member, organisation=org, type=type_, date=day, **kw)


@pytest.fixture
def data():
    committee = OrganisationFactory(name="Đảng bộ Mẫu")
    a = CellFactory(parent=committee, name="Chi bộ A")
    b = CellFactory(parent=committee, name="Chi bộ B")
    # Cell A: two full members all year, one admitted in 2021 (probationary at the end).
    full1 = MemberFactory(organisation=a, full_name="Nguyễn Văn An")
    MemberFactory(organisation=a, full_name="Trần Thị Bình")
    newcomer = MemberFactory(
        organisation=a, full_name="Lê Văn Cường", admission_date=None, confirmation_date=None
    )
    event(newcomer, a, MemberEventType.ADMISSION, datetime.date(Y, 5, 19))
    # Cell B: one confirmed in 2021, one exempted in 2021, one who died, one transferred out.
    confirmed = MemberFactory(
        organisation=b,
        full_name="Phạm Thị Dung",
        admission_date=datetime.date(2020, 3, 1),
        confirmation_date=None,
    )
    event(confirmed, b, MemberEventType.ADMISSION, datetime.date(2020, 3, 1))
    event(confirmed, b, MemberEventType.CONFIRMATION, datetime.date(Y, 3, 1))
    exempt = MemberFactory(organisation=b, full_name="Hoàng Văn Em")
    event(exempt, b, MemberEventType.EXEMPTION, datetime.date(Y, 7, 1))
    died = MemberFactory(organisation=b, full_name="Võ Văn Giang")
    event(died, b, MemberEventType.DECEASED, datetime.date(Y, 8, 1))
    left = MemberFactory(organisation=b, full_name="Đỗ Thị Hoa")
    event(left, b, MemberEventType.TRANSFER_OUT, datetime.date(Y, 9, 1))
    MemberEvent.objects.create(
        organisation=a, type=MemberEventType.STRUCK_OFF, count=1, date=datetime.date(Y, 10, 1)
    )
    MemberEvent.objects.create(
        organisation=a, type=MemberEventType.TRANSFER_IN, count=2, date=datetime.date(Y, 11, 1)
    )

    # Meetings: cell A met monthly in Jan–Mar with a roll, cell B in January with counts only.
    for month in (1, 2, 3):
        meeting = MeetingFactory(organisation=a, date=datetime.date(Y, month, 3))
        meeting.kinds.create(kind=MeetingKind.MONTHLY)
        Attendance.objects.create(meeting=meeting, member=full1, status=AttendanceStatus.PRESENT)
        Attendance.objects.create(
            meeting=meeting, name="Trần Thị Bình", status=AttendanceStatus.UNEXCUSED
        )
    thematic = MeetingFactory(organisation=a, date=datetime.date(Y, 4, 20))
    thematic.kinds.create(kind=MeetingKind.THEMATIC)
    b_meeting = MeetingFactory(organisation=b, date=datetime.date(Y, 1, 5), present=3, convened=4)
    b_meeting.kinds.create(kind=MeetingKind.MONTHLY)
    plenary = MeetingFactory(organisation=committee, date=datetime.date(Y, 12, 31))
    plenary.kinds.create(kind=MeetingKind.PERIODIC)

    MemberRating.objects.create(
        member=full1, organisation=committee, year=Y, level=RatingLevel.EXCELLENT
    )
    MemberRating.objects.create(
        member=confirmed, organisation=committee, year=Y, level=RatingLevel.GOOD
    )
    OrganisationRating.objects.create(organisation=a, year=Y, level=RatingLevel.GOOD)
    OrganisationRating.objects.create(organisation=b, year=Y, level=RatingLevel.COMPLETED)
    Target.objects.create(
        organisation=committee,
        year=Y,
        title="Kết nạp 01 đảng viên",
        value_kind=ValueKind.COUNT,
        planned_min=1,
        actual_value=2,
    )
    Target.objects.create(
        organisation=committee,
        year=Y,
        title="Đề tài",
        value_kind=ValueKind.COUNT,
        planned_min=1,
        actual_value=1,
    )
    Award.objects.create(
        form="Giấy khen", organisation=committee, year=Y, recipient_name="Nguyễn Văn An"
    )
    Award.objects.create(form="Giấy khen", organisation=a, year=Y, count=2)
    Award.objects.create(
        form="Huy hiệu Đảng",
        badge_years=30,
        organisation=committee,
        meeting=plenary,
        recipient_name="Trần Thị Bình",
    )
    Award.objects.create(form="Giấy khen", organisation=committee, year=2020)
    InspectionCase.objects.create(
        organisation=committee, year=Y, kind="inspection", subject_member=full1
    )
    InspectionCase.objects.create(organisation=a, year=Y, kind="supervision", subject_count=3)
    return committee, a, b, plenary


def test_every_figure_of_the_year(data):
    committee, a, b, _plenary = data
    stats = year_statistics(committee, Y, today=datetime.date(2022, 6, 1))
    # Start: An, Bình (A); Dung probationary, Em, Giang, Hoa (B). Cường not yet admitted.
    assert stats.members_start == {
        "full": 5,
        "probationary": 1,
        "temporary": 0,
        "exempt": 0,
        "total": 6,
        "strength": 6,
    }
    # End: An, Bình full, Cường probationary; Dung full, Em exempt; Giang died, Hoa left.
    assert stats.members_end == {
        "full": 3,
        "probationary": 1,
        "temporary": 0,
        "exempt": 1,
        "total": 5,
        "strength": 5,
    }
    assert stats.events == {
        "admission": 1,
        "confirmation": 1,
        "transfer_in": 2,
        "transfer_out": 1,
        "exemption": 1,
        "removal": 1,
        "deceased": 1,
    }
    meetings = {f.kind: f for f in stats.meetings}
    assert (meetings["monthly"].held, meetings["monthly"].due) == (4, 24)
    assert meetings["monthly"].months_held == 4
    assert (
        meetings["thematic"].held,
        meetings["thematic"].due,
        meetings["thematic"].months_held,
    ) == (1, 8, 1)
    assert meetings["periodic"].held == 1 and meetings["periodic"].due is None
    attendance = {row.organisation.name: (row.present, row.expected) for row in stats.attendance}
    assert attendance == {"Chi bộ A": (3, 6), "Chi bộ B": (3, 4)}
    assert (stats.attendance_total.present, stats.attendance_total.expected) == (6, 10)
    assert str(stats.attendance_total.rate) == "60.00"
    assert stats.member_ratings["excellent"] == 1 and stats.member_ratings["good"] == 1
    assert stats.organisation_ratings["good"] == 1 and stats.organisation_ratings["completed"] == 1
    assert stats.target_tally == {"exceeded": 1, "achieved": 1, "not_achieved": 0, "pending": 0}
    assert [(x["label"], x["count"]) for x in stats.awards] == [
        ("Giấy khen", 3),
        ("Huy hiệu Đảng 30 năm", 1),
    ]
    assert stats.inspections == {
        "inspection": {"cases": 1, "subjects": 1},
        "supervision": {"cases": 1, "subjects": 3},
    }


@pytest.fixture
def secretary(data):
    user = user_with_role("Văn phòng", data[0])
    return user


def test_staff_page_links_each_figure_to_its_records(client, data, secretary):
    committee = data[0]
    client.force_login(secretary)
    response = client.get(f"/workspace/nam/{committee.pk}/{Y}/thong-ke/")
    assert response.status_code == 200
    html = response.content.decode()
    base = f"/workspace/nam/{committee.pk}/{Y}/so/"
    assert f'href="{base}dang-vien/?on=31%2F12%2F{Y}&amp;category=exempt">1</a>' in html
    assert f'href="{base}bien-dong/?type=struck_off&amp;type=expelled">1</a>' in html
    assert f'href="{base}kiem-tra-giam-sat/?kind=supervision">1</a>' in html

    # Following a link lists exactly the records behind the figure.
    exempt = client.get(f"{base}dang-vien/", {"on": f"31/12/{Y}", "category": "exempt"})
    assert "Hoàng Văn Em" in exempt.content.decode()
    assert "Nguyễn Văn An" not in exempt.content.decode()
    admitted = client.get(f"{base}bien-dong/", {"type": "admission"}).content.decode()
    assert "Lê Văn Cường" in admitted and "Phạm Thị Dung" not in admitted


def test_statistics_page_queries_do_not_grow_with_members(
    client, data, secretary, django_assert_max_num_queries
):
    committee, a, *_ = data
    client.force_login(secretary)
    url = f"/workspace/nam/{committee.pk}/{Y}/thong-ke/"
    client.get(url)
    for _ in range(15):
        MemberFactory(organisation=a)
    with django_assert_max_num_queries(45):
        assert client.get(url).status_code == 200


def test_public_summary_shows_aggregates_only(client, data):
    committee, _a, _b, plenary = data
    url = f"/to-chuc/{committee.slug}/thong-ke/{Y}/"
    # Not before the organisation has published a report of that year.
    assert client.get(url).status_code == 404
    Report.objects.create(
        meeting=plenary,
        headline="Tổng kết năm",
        status=ReportStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Kết nạp đảng viên 1" in text
    assert "Cuộc kiểm tra 1" in text
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Hoàng Văn Em", "Lê Văn Cường"):
        assert name not in html
    assert "/workspace/" not in html


def _publish(meeting):
    Report.objects.create(
        meeting=meeting,
        headline="Tổng kết năm",
        status=ReportStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )


def test_public_summary_does_not_tell_one_members_rating(client):
    """The review's case: "0/1 rated good or above" on the public page is one person's rating.
    Members' ratings are tallied publicly only over 5 members rated or more."""
    cell = CellFactory(parent=OrganisationFactory(), name="Chi bộ Một Người")
    only = MemberFactory(organisation=cell, full_name="Nguyễn Văn Một")
    MemberRating.objects.create(
        member=only, organisation=cell, year=Y, level=RatingLevel.NOT_COMPLETED
    )
    _publish(MeetingFactory(organisation=cell, date=datetime.date(Y, 12, 20)))
    url = f"/to-chuc/{cell.slug}/thong-ke/{Y}/"
    html = client.get(url).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "0/1" not in text
    assert "không được công bố khi có dưới 5 đảng viên được xếp loại" in text

    # Four members rated: still withheld. Five: the tally is published.
    for _n in range(3):
        member = MemberFactory(organisation=cell)
        MemberRating.objects.create(
            member=member, organisation=cell, year=Y, level=RatingLevel.GOOD
        )
    text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
    assert "3/4" not in text and "không được công bố" in text
    member = MemberFactory(organisation=cell)
    MemberRating.objects.create(
        member=member, organisation=cell, year=Y, level=RatingLevel.EXCELLENT
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(url).content.decode()))
    assert "4/5" in text and "không được công bố" not in text


def test_public_summary_withholds_a_small_tally_entered_as_numbers(client):
    """A tally typed from a report (RatingTally, no rows per member) follows the same rule."""
    cell = CellFactory(parent=OrganisationFactory())
    meeting = MeetingFactory(organisation=cell, date=datetime.date(Y, 12, 20))
    RatingTally.objects.create(
        meeting=meeting, organisation=cell, year=Y, scope="members", rated=2, good=1, completed=1
    )
    _publish(meeting)
    text = re.sub(
        r"<[^>]+>", " ", client.get(f"/to-chuc/{cell.slug}/thong-ke/{Y}/").content.decode()
    )
    assert "1/2" not in text and "không được công bố" in text
