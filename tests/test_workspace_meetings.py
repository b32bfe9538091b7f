import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from branchapp.models import (
    Assessment,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MemberCategory,
    MemberEvent,
    MemberEventType,
    MinutesAddendum,
    Position,
    PositionTitle,
)
from branchapp.scoping import SECRETARIAT_ROLE

from .factories import (
    CellFactory,
    MemberFactory,
    OrganisationFactory,
    TargetFactory,
    user_with_role,
)
from .postdata import post_data

pytestmark = pytest.mark.django_db

YEAR = datetime.date.today().year
DAY = datetime.date(YEAR, 11, 3)


@pytest.fixture
def cell():
    return CellFactory(
        name="Chi bộ Phòng Đào tạo", parent=OrganisationFactory(name="Đảng bộ Trường")
    )


@pytest.fixture
def members(cell):
    secretary = MemberFactory(
        full_name="Nguyễn Văn An", organisation=cell, job_title="Trưởng phòng"
    )
    Position.objects.create(
        member=secretary,
        organisation=cell,
        title=PositionTitle.SECRETARY,
        title_text="Bí thư Chi bộ",
        start_date=datetime.date(2020, 1, 1),
    )
    full = MemberFactory(full_name="Trần Thị Bình", organisation=cell)
    probationary = MemberFactory(
        full_name="Lê Minh Cường",
        organisation=cell,
        admission_date=datetime.date(YEAR, 3, 1),
        confirmation_date=None,
    )
    return secretary, full, probationary


@pytest.fixture
def secretary_user(cell):
    return user_with_role(SECRETARIAT_ROLE, cell.parent, first_name="Thư", last_name="Ký")


def entry_data(client, url, **overrides):
    """The form as the browser would post it after loading the page, with `overrides`."""
    response = client.get(url)
    assert response.status_code == 200
    forms = []
    for part in response.context["entry"]:
        forms += [part] if hasattr(part, "fields") else [part.management_form, *part.forms]
    return post_data(forms, **overrides)


def errors_of(response):
    entry = response.context["entry"]
    return [
        (getattr(p, "prefix", ""), p.errors, getattr(p, "non_form_errors", list)())
        for p in entry
        if (any(p.errors) if isinstance(p.errors, list) else p.errors)
        or getattr(p, "non_form_errors", list)()
    ]


def create_meeting(client, cell, **overrides):
    url = reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}"
    data = entry_data(client, url)
    data.update(
        {
            "meeting-title": f"Sinh hoạt chi bộ tháng 11/{YEAR}",
            "meeting-date": f"03/11/{YEAR}",
            "meeting-place": "Phòng họp A",
            "meeting-kinds": ["monthly"],
        }
    )
    data.update(overrides)
    return client.post(url, data)


def test_new_meeting_lists_every_member_with_category_and_chair_prefilled(
    client, cell, members, secretary_user
):
    client.force_login(secretary_user)
    response = client.get(reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}")
    entry = response.context["entry"]
    rows = {row["name"]: row for row in entry.attendance.rows}
    assert set(rows) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường"}
    assert rows["Lê Minh Cường"]["category"] == MemberCategory.PROBATIONARY
    assert entry.chairs.forms[0].initial["position"] == "Bí thư Chi bộ, Trưởng phòng"
    assertContains(response, 'data-title="Bí thư Chi bộ, Trưởng phòng"')


def test_meeting_saved_in_one_go_with_attendance_counts(client, cell, members, secretary_user):
    secretary, full, probationary = members
    TargetFactory(
        organisation=cell,
        year=YEAR,
        title="Tỷ lệ đảng viên HTTNV",
        planned_min=90,
        planned_text="90%",
        actual_value=None,
    )
    client.force_login(secretary_user)
    url = reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}"
    data = entry_data(client, url)
    data.update(
        {
            "meeting-title": f"Sinh hoạt chi bộ tháng 11/{YEAR}",
            "meeting-date": f"03/11/{YEAR}",
            f"roll-{full.pk}-status": "excused",
            f"roll-{full.pk}-reason": "Đi công tác",
            "agenda-0-title": "Đánh giá kết quả tháng 10",
            "agenda-0-opinions-0-member": str(full.pk),
            "agenda-0-opinions-0-summary": "Đề nghị đẩy nhanh tiến độ",
            "agenda-0-conclusion": "Thống nhất",
            "targets_reviewed-0-actual_value": "95",
            "targets_reviewed-0-actual_text": "95%",
            "awards-0-form": "Giấy khen",
            "awards-0-recipient_member": str(secretary.pk),
            "awards-0-count": "1",
            "events-0-type": MemberEventType.ADMISSION,
            "events-0-count": "1",
            "events-0-note": "Kết nạp 01 quần chúng ưu tú",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    meeting = Meeting.objects.get()
    assert meeting.created_by == secretary_user
    assert meeting.kind_values == [MeetingKind.MONTHLY]
    assert (meeting.convened, meeting.present, meeting.present_probationary) == (3, 2, 1)
    absent = Attendance.objects.get(meeting=meeting, status=AttendanceStatus.EXCUSED)
    assert (absent.name, absent.reason) == ("Trần Thị Bình", "Đi công tác")
    chair = meeting.people.get(role="chair")
    assert (chair.name, chair.position) == ("Nguyễn Văn An", "Bí thư Chi bộ, Trưởng phòng")
    opinion = meeting.agenda.get().opinions.get()
    assert opinion.name == "Trần Thị Bình"
    target = meeting.targets_reviewed.get()
    assert target.assessment == Assessment.EXCEEDED
    assert meeting.awards.get().recipient_name == "Nguyễn Văn An"
    assert MemberEvent.objects.get(meeting=meeting).organisation == cell


def test_errors_keep_everything_and_save_nothing(client, cell, members, secretary_user):
    client.force_login(secretary_user)
    url = reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}"
    data = entry_data(client, url)
    data.update(
        {
            "meeting-title": f"Sinh hoạt chi bộ tháng 11/{YEAR}",
            "meeting-date": f"03/11/{YEAR}",
            "meeting-place": "Hội trường B",
            f"roll-{members[1].pk}-status": "excused",  # no reason given
            "agenda-0-title": "Học tập Nghị quyết",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assertContains(response, "Hội trường B")
    assertContains(response, "Học tập Nghị quyết")
    assertContains(response, "Ghi rõ lý do vắng mặt.")


def test_conflicting_save_is_refused_with_the_other_changes(client, cell, members, secretary_user):
    client.force_login(secretary_user)
    create_meeting(client, cell)
    meeting = Meeting.objects.get()
    url = reverse("workspace:meeting_edit", args=[meeting.pk])
    mine = entry_data(client, url)
    other = user_with_role(SECRETARIAT_ROLE, cell.parent, first_name="Hoa", last_name="Lê")
    client.force_login(other)
    theirs = entry_data(client, url, **{"meeting-place": "Phòng họp tầng 3"})
    assert client.post(url, theirs).status_code == 302

    client.force_login(secretary_user)
    mine["meeting-conclusion"] = "Kết luận của tôi"
    response = client.post(url, mine)
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.place == "Phòng họp tầng 3"
    assert meeting.conclusion == ""
    assertContains(response, "Phòng họp tầng 3")
    assertContains(response, "Kết luận của tôi")
    assertContains(response, "Hoa Lê")
    assertContains(response, "“Phòng họp A” → “Phòng họp tầng 3”")
    page = response.content.decode()
    conflict = page[page.index("ws-conflict") : page.index("</div>", page.index("ws-conflict"))]
    assert "Số đảng viên được triệu tập" not in conflict  # the figures did not change
    # Saving again, knowingly, keeps this user's version.
    again = {
        **mine,
        "meeting-version": str(meeting.version),
        "meeting-loaded_at": response.context["entry"].form.data["meeting-loaded_at"],
    }
    assert client.post(url, again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.conclusion == "Kết luận của tôi"


def test_approved_minutes_are_locked_and_corrected_by_addendum(
    client, cell, members, secretary_user
):
    client.force_login(secretary_user)
    create_meeting(client, cell)
    meeting = Meeting.objects.get()
    url = reverse("workspace:meeting_edit", args=[meeting.pk])
    stale = entry_data(client, url)
    client.post(reverse("workspace:meeting_approve", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes_locked
    assert client.get(url).status_code == 302
    stale["meeting-conclusion"] = "Sửa lén"
    client.post(url, stale)
    meeting.refresh_from_db()
    assert meeting.conclusion == ""
    client.post(
        reverse("workspace:meeting_addendum", args=[meeting.pk]), {"text": "Bổ sung: vắng 1"}
    )
    assert MinutesAddendum.objects.get(meeting=meeting).created_by == secretary_user
    response = client.get(reverse("workspace:meeting_detail", args=[meeting.pk]))
    assertContains(response, "Bổ sung: vắng 1")


def test_copy_last_month_meeting(client, cell, members, secretary_user):
    client.force_login(secretary_user)
    create_meeting(client, cell, **{"agenda-0-title": "Thông tin thời sự"})
    source = Meeting.objects.get()
    response = client.get(reverse("workspace:meeting_create") + f"?sao-chep={source.pk}")
    entry = response.context["entry"]
    assert entry.form.initial["title"] == f"Sinh hoạt chi bộ tháng 12/{YEAR}"
    assert entry.form.initial["date"] == datetime.date(YEAR, 12, 3)
    assert entry.form.initial["place"] == "Phòng họp A"
    assert entry.agenda.forms[0].initial["title"] == "Thông tin thời sự"
    data = entry_data(client, reverse("workspace:meeting_create") + f"?sao-chep={source.pk}")
    client.post(reverse("workspace:meeting_create") + f"?sao-chep={source.pk}", data)
    copy = Meeting.objects.exclude(pk=source.pk).get()
    assert copy.agenda.get().title == "Thông tin thời sự"
    assert copy.people.get(role="chair").name == "Nguyễn Văn An"


def test_history_page_shows_field_changes(client, cell, members, secretary_user):
    client.force_login(secretary_user)
    create_meeting(client, cell)
    meeting = Meeting.objects.get()
    url = reverse("workspace:meeting_edit", args=[meeting.pk])
    client.post(url, entry_data(client, url, **{"meeting-place": "Hội trường lớn"}))
    response = client.get(reverse("workspace:meeting_history", args=[meeting.pk]))
    assertContains(response, "Lịch sử thay đổi")
    assertContains(response, "Phòng họp A")
    assertContains(response, "Hội trường lớn")
    entries = response.context["entries"]
    place_change = next(e for e in entries if any(c.new == "Hội trường lớn" for c in e.changes))
    assert place_change.user == "Thư Ký"


def test_exempt_member_counted_only_when_present(cell, members):
    from branchapp.services.meetings import attendance_counts

    counts = attendance_counts(
        [
            (MemberCategory.FULL, "present"),
            (MemberCategory.PROBATIONARY, "unexcused"),
            (MemberCategory.EXEMPT, "exempt"),
            (MemberCategory.TEMPORARY, "present"),
        ]
    )
    assert counts == {
        "convened": 3,
        "present": 2,
        "present_full": 1,
        "present_probationary": 0,
        "present_temporary": 1,
        "exempt": 1,
        "excused": 0,
        "unexcused": 1,
    }
    member = members[1]
    MemberEvent.objects.create(
        member=member,
        organisation=cell,
        type=MemberEventType.EXEMPTION,
        date=datetime.date(YEAR, 1, 1),
    )
    assert member.category_on(DAY) == MemberCategory.EXEMPT


def test_meeting_pages_do_not_query_per_member(client, cell, members, secretary_user):
    """A cell of 40 members costs the entry form and the record no more queries than one of 3."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretary_user)
    assert create_meeting(client, cell).status_code == 302
    meeting = Meeting.objects.get(organisation=cell)
    pages = {
        "new": reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}",
        "edit": reverse("workspace:meeting_edit", kwargs={"pk": meeting.pk}),
        "record": reverse("workspace:meeting_detail", kwargs={"pk": meeting.pk}),
    }

    def queries():
        counts = {}
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[name] = len(captured)
        return counts

    small = queries()
    for number in range(37):
        member = MemberFactory(full_name=f"Đảng viên số {number}", organisation=cell)
        Attendance.objects.create(
            meeting=meeting,
            member=member,
            name=member.full_name,
            category=MemberCategory.FULL,
            status=AttendanceStatus.PRESENT,
        )
    assert queries() == small


# Double submits and rows of other organisations (issue 13) ---------------------------------


def new_meeting_form(client, cell, **overrides):
    """The new-meeting form as loaded, filled in, with its one-time token."""
    url = reverse("workspace:meeting_create") + f"?to-chuc={cell.pk}"
    data = entry_data(client, url)
    data.update(
        {
            "once": client.get(url).context["once"],
            "meeting-title": f"Sinh hoạt chi bộ tháng 11/{YEAR}",
            "meeting-date": f"03/11/{YEAR}",
            "meeting-kinds": ["monthly"],
            **overrides,
        }
    )
    return url, data


def test_posting_the_new_meeting_form_twice_creates_one_meeting(
    client, cell, members, secretary_user
):
    client.force_login(secretary_user)
    url, data = new_meeting_form(client, cell)
    first = client.post(url, data)
    assert first.status_code == 302
    meeting = Meeting.objects.get()
    second = client.post(url, data)  # a double click, or the reload of the POST
    assert second.status_code == 302
    assert second["Location"] == reverse("workspace:meeting_edit", args=[meeting.pk])
    assert Meeting.objects.count() == 1
    # A form loaded afresh is another meeting.
    _url, other = new_meeting_form(client, cell, **{"meeting-title": "Sinh hoạt chuyên đề"})
    assert client.post(url, other).status_code == 302
    assert Meeting.objects.count() == 2


def test_a_refused_post_leaves_the_form_free_to_create_once(client, cell, members, secretary_user):
    client.force_login(secretary_user)
    url, data = new_meeting_form(client, cell)
    refused = client.post(url, {**data, "meeting-title": ""})
    assert refused.status_code == 200
    assert refused.context["once"] == data["once"]  # the form shown again keeps its token
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.count() == 1


def test_a_second_post_finds_the_meeting_the_first_saved_on_another_server(
    client, cell, members, secretary_user
):
    """The session is saved after the response; the cache tells a POST running alongside."""
    from django.core.cache import cache

    from branchapp.http import once

    client.force_login(secretary_user)
    url, data = new_meeting_form(client, cell)
    key = f"once:meeting:{secretary_user.pk}:{data['once']}"
    first = Meeting.objects.create(organisation=cell, title="Đã lưu", date=DAY)
    cache.set(key, str(first.pk))
    response = client.post(url, data)
    assert response["Location"] == reverse("workspace:meeting_edit", args=[first.pk])
    assert Meeting.objects.count() == 1
    # Still being saved by the first POST after the wait: no second meeting either.
    cache.set(key, once.PENDING)
    once_wait, once.WAIT_SECONDS = once.WAIT_SECONDS, 0
    try:
        response = client.post(url, data)
    finally:
        once.WAIT_SECONDS = once_wait
    assert response["Location"] == reverse("workspace:meeting_list")
    assert Meeting.objects.count() == 1


def test_a_reviewed_target_of_another_organisation_is_a_form_error(
    client, cell, members, secretary_user
):
    client.force_login(secretary_user)
    TargetFactory(organisation=cell, year=YEAR, title="Chỉ tiêu của chi bộ")
    foreign = TargetFactory(organisation=CellFactory(), year=YEAR, title="Chỉ tiêu chi bộ khác")
    url, data = new_meeting_form(
        client,
        cell,
        **{
            "targets_reviewed-0-id": str(foreign.pk),
            "targets_reviewed-0-reviewed": "on",
            "targets_reviewed-0-actual_text": "Đạt 100%",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assertContains(response, "không thuộc trang này")
    assert Meeting.objects.count() == 0
    # A row added by hand (the count of rows raised) is refused the same way.
    response = client.post(
        url,
        {
            **data,
            "targets_reviewed-TOTAL_FORMS": "2",
            "targets_reviewed-1-id": str(foreign.pk),
            "targets_reviewed-0-id": str(TargetFactory(organisation=cell, year=YEAR).pk),
        },
    )
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    foreign.refresh_from_db()
    assert (foreign.reviewed_at, foreign.actual_text) == (None, "")


def test_targets_shown_for_another_year_are_still_reviewed_after_the_date_changes(
    client, cell, members, secretary_user
):
    """The page lists this year's targets; the meeting is dated last December."""
    client.force_login(secretary_user)
    target = TargetFactory(organisation=cell, year=YEAR, title="Chỉ tiêu năm nay")
    url, data = new_meeting_form(
        client,
        cell,
        **{
            "meeting-date": f"28/12/{YEAR - 1}",
            "targets_reviewed-0-id": str(target.pk),
            "targets_reviewed-0-actual_text": "Đạt",
        },
    )
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.actual_text == "Đạt"
