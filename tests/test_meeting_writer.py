"""The one meeting writer (services.meetings.meeting_save): called with plain data, behind the
admin, and behind the import."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from branchapp import models as m
from branchapp.admin.meetings import MeetingAdmin
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.services.meetings import (
    MeetingConflict,
    MeetingData,
    MinutesLocked,
    RollRow,
    meeting_save,
)

from .factories import CellFactory, MeetingFactory, MemberFactory, TargetFactory, UserFactory
from .postdata import post_data
from .test_admin import admin_url, build_world, role_user
from .test_interchange import COMMITTEE, rich_json_on_disk, run_import
from .test_workspace_meetings import entry_data

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 12, 3)


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True, username="root")


@pytest.fixture
def cell():
    cell = CellFactory(name="Chi bộ Khoa Lý luận chính trị")
    m.OrganisationName.objects.create(
        organisation=cell, name="Chi bộ Khoa Mác - Lênin", valid_to=datetime.date(2024, 12, 31)
    )
    return cell


@pytest.fixture
def people(cell):
    secretary = MemberFactory(full_name="Nguyễn Văn An", organisation=cell)
    m.Position.objects.create(
        member=secretary,
        organisation=cell,
        title=m.PositionTitle.SECRETARY,
        title_text="Bí thư Chi bộ",
        start_date=datetime.date(2020, 1, 1),
    )
    other = MemberFactory(full_name="Trần Thị Bình", organisation=cell)
    return secretary, other


# --- Plain data ------------------------------------------------------------------------------


def first_meeting(cell, people, user=None) -> m.Meeting:
    secretary, other = people
    return meeting_save(
        meeting=m.Meeting(organisation=cell),
        user=user,
        data=MeetingData(
            fields={"title": "Sinh hoạt chi bộ tháng 12/2024", "date": DAY, "place": "Phòng A"},
            kinds=[m.MeetingKind.MONTHLY],
            people=[
                {"role": m.ParticipantRole.CHAIR, "member": secretary, "name": secretary.full_name},
                {"role": m.ParticipantRole.GUEST, "name": "Phạm Văn Tư", "position": "Khách mời"},
            ],
            roll=[
                RollRow(secretary, m.MemberCategory.FULL, m.AttendanceStatus.PRESENT),
                RollRow(other, m.MemberCategory.FULL, m.AttendanceStatus.EXCUSED, "Đi công tác"),
            ],
            agenda=[
                {
                    "title": "Học tập Nghị quyết",
                    "opinions": [
                        {"member": other, "name": other.full_name, "summary": "Nhất trí."}
                    ],
                }
            ],
        ),
    )


def test_a_meeting_written_from_plain_data_keeps_the_names_and_figures_of_the_day(cell, people):
    user = UserFactory()
    meeting = first_meeting(cell, people, user)

    meeting.refresh_from_db()
    assert meeting.organisation_name == "Chi bộ Khoa Mác - Lênin"  # the name on 3/12/2024
    assert (meeting.version, meeting.created_by) == (1, user)
    assert meeting.kind_values == [m.MeetingKind.MONTHLY]
    assert (meeting.convened, meeting.present, meeting.present_full) == (2, 1, 1)
    chair = meeting.people.get(role=m.ParticipantRole.CHAIR)
    assert (chair.name, chair.position) == ("Nguyễn Văn An", "Bí thư Chi bộ")
    assert meeting.attendance.get(status=m.AttendanceStatus.EXCUSED).reason == "Đi công tác"
    assert [o.summary for o in meeting.agenda.get().opinions.all()] == ["Nhất trí."]


def test_rows_with_an_id_are_updated_and_rows_left_out_are_removed(cell, people):
    meeting = first_meeting(cell, people)
    chair = meeting.people.get(role=m.ParticipantRole.CHAIR)

    meeting_save(
        meeting=meeting,
        data=MeetingData(
            fields={"date": datetime.date(2025, 1, 3)},
            people=[
                {
                    "id": chair.pk,
                    "role": m.ParticipantRole.CHAIR,
                    "member": chair.member,
                    "name": chair.name,
                    "position": "Bí thư",
                }
            ],
        ),
    )

    meeting.refresh_from_db()
    assert meeting.version == 2
    assert meeting.organisation_name == "Chi bộ Khoa Lý luận chính trị"  # renamed by then
    assert list(meeting.people.values_list("pk", "position")) == [(chair.pk, "Bí thư")]
    assert meeting.attendance.count() == 2  # the roll was not given: it stays as it was


def test_a_save_from_an_older_version_is_a_conflict_naming_the_change(cell, people):
    meeting = first_meeting(cell, people)
    opened_at = datetime.datetime.now(datetime.UTC)
    meeting_save(meeting=meeting, data=MeetingData(fields={"place": "Hội trường B"}), version=1)

    stale = m.Meeting.objects.get(pk=meeting.pk)
    with pytest.raises(MeetingConflict) as conflict:
        meeting_save(
            meeting=stale,
            data=MeetingData(fields={"place": "Phòng C"}),
            version=1,
            opened_at=opened_at,
        )

    assert conflict.value.current_version == 2
    [changes], _parts = conflict.value.changes
    assert [(c.old, c.new) for c in changes.changes] == [("Phòng A", "Hội trường B")]
    assert m.Meeting.objects.get(pk=meeting.pk).place == "Hội trường B"


def test_approved_minutes_refuse_changes_to_the_minutes_only(cell, people):
    meeting = first_meeting(cell, people)
    m.Meeting.objects.filter(pk=meeting.pk).update(
        minutes_approved_at=datetime.datetime(2024, 12, 10, tzinfo=datetime.UTC)
    )

    with pytest.raises(MinutesLocked):
        meeting_save(
            meeting=m.Meeting.objects.get(pk=meeting.pk),
            data=MeetingData(fields={"conclusion": "Sửa sau khi thông qua"}),
        )
    with pytest.raises(MinutesLocked):
        meeting_save(meeting=m.Meeting.objects.get(pk=meeting.pk), data=MeetingData(kinds=[]))
    meeting_save(
        meeting=m.Meeting.objects.get(pk=meeting.pk),
        data=MeetingData(fields={"theme": "Chuyên đề năm 2024"}),
    )

    meeting.refresh_from_db()
    assert (meeting.conclusion, meeting.theme) == ("", "Chuyên đề năm 2024")
    assert meeting.kind_values == [m.MeetingKind.MONTHLY]


def test_given_figures_are_kept_and_computed_targets_follow_the_roll(cell, people):
    target = TargetFactory(
        organisation=cell.parent,
        year=DAY.year,
        indicator=m.Indicator.ATTENDANCE_RATE,
        actual_value=None,
        planned_min=90,
    )
    meeting = first_meeting(cell, people)

    target.refresh_from_db()
    assert target.actual_value == 50  # one of the two members on the roll came

    meeting_save(
        meeting=meeting,
        data=MeetingData(counts={"convened": 20, "present": 18, "away_elsewhere": 1}),
    )
    meeting.refresh_from_db()
    assert (meeting.convened, meeting.present, meeting.away_elsewhere) == (20, 18, 1)


# --- Behind the admin ------------------------------------------------------------------------


def change_data(response, **overrides):
    """The admin change form (the meeting and its inlines) as the browser would post it."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    return post_data(forms, **overrides)


def test_minutes_approved_while_the_admin_page_was_open_are_not_changed(
    client, superuser, monkeypatch
):
    meeting = build_world()["meeting"]
    client.force_login(superuser)
    url = admin_url(m.Meeting, "change", meeting.pk)
    data = change_data(client.get(url), conclusion="Sửa sau khi thông qua")
    m.Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_at=timezone.now())
    read_meeting = MeetingAdmin.get_object

    def read_just_before_the_approval(self, request, object_id, from_field=None):
        obj = read_meeting(self, request, object_id, from_field)
        if request.method == "POST":
            obj.minutes_approved_at = None
        return obj

    monkeypatch.setattr(MeetingAdmin, "get_object", read_just_before_the_approval)
    response = client.post(url, data, follow=True)

    assertContains(response, "Biên bản vừa được thông qua; hãy ghi sửa đổi dưới dạng đính chính.")
    meeting.refresh_from_db()
    assert meeting.minutes_locked and meeting.conclusion == ""


def test_admin_save_keeps_the_name_of_the_day_and_warns_an_open_workspace_form(client, superuser):
    cell = CellFactory(name="Chi bộ Khoa Lý luận chính trị")
    m.OrganisationName.objects.create(
        organisation=cell, name="Chi bộ Khoa Mác - Lênin", valid_to=datetime.date(2024, 12, 31)
    )
    meeting = MeetingFactory(organisation=cell, date=datetime.date(2025, 3, 3), place="Phòng A")
    m.MeetingKindTag.objects.create(meeting=meeting, kind="monthly")
    secretary = role_user(SECRETARIAT_ROLE, cell.parent)
    client.force_login(secretary)
    workspace_url = reverse("workspace:meeting_edit", args=[meeting.pk])
    opened = entry_data(client, workspace_url, **{"meeting-place": "Hội trường B"})

    client.force_login(superuser)
    url = admin_url(m.Meeting, "change", meeting.pk)
    response = client.post(url, change_data(client.get(url), date="03/12/2024"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.organisation_name == "Chi bộ Khoa Mác - Lênin"  # its name on 3/12/2024
    assert meeting.version == 2

    client.force_login(secretary)
    response = client.post(workspace_url, opened)
    assertContains(response, "Người khác đã lưu cuộc họp này trong lúc bạn đang sửa")
    meeting.refresh_from_db()
    assert meeting.place == "Phòng A"


def roll_meeting(cell, statuses, **counts):
    meeting = MeetingFactory(organisation=cell, date=datetime.date(2021, 11, 3), **counts)
    m.MeetingKindTag.objects.create(meeting=meeting, kind="monthly")
    for order, status in enumerate(statuses):
        member = MemberFactory(organisation=cell)
        reason = "Đi công tác" if status == "excused" else ""
        m.Attendance.objects.create(
            meeting=meeting, member=member, status=status, reason=reason, order=order
        )
    return meeting


def test_admin_roll_change_moves_the_counts_and_computed_targets(client, superuser):
    cell = CellFactory()
    meeting = roll_meeting(
        cell,
        ["present", "present"],
        convened=2,
        present=2,
        present_full=2,
        present_probationary=0,
        present_temporary=0,
        exempt=0,
    )
    target = TargetFactory(
        organisation=cell, year=2021, indicator=m.Indicator.ATTENDANCE_RATE, actual_value=None
    )
    client.force_login(superuser)
    url = admin_url(m.Meeting, "change", meeting.pk)
    data = change_data(client.get(url), **{"attendance-1-status": "unexcused"})
    assert client.post(url, data).status_code == 302

    meeting.refresh_from_db()
    assert (meeting.convened, meeting.present, meeting.present_full) == (2, 1, 1)
    target.refresh_from_db()
    assert target.actual_value == 50


def test_admin_keeps_counts_given_beside_a_partial_roll(client, superuser):
    meeting = roll_meeting(CellFactory(), ["excused"], convened=20, present=18)
    client.force_login(superuser)
    url = admin_url(m.Meeting, "change", meeting.pk)
    data = change_data(client.get(url), **{"attendance-0-reason": "Ốm"})
    assert client.post(url, data).status_code == 302

    meeting.refresh_from_db()
    assert (meeting.convened, meeting.present) == (20, 18)
    assert meeting.attendance.get().reason == "Ốm"


# --- Behind the import -----------------------------------------------------------------------


def test_import_refreshes_computed_targets_and_moves_the_version_on(tmp_path):
    committee = m.Organisation.objects.create(name=COMMITTEE)
    target = m.Target.objects.create(
        organisation=committee,
        year=2021,
        title="Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ",
        indicator=m.Indicator.MEMBERS_EXCELLENT_SHARE,
        value_kind=m.ValueKind.PERCENT,
        planned_min=20,
    )
    path = rich_json_on_disk(tmp_path / "in")
    run_import(path)

    target.refresh_from_db()
    assert target.actual_value == 100  # the one member the file rates is rated excellent
    meeting = m.Meeting.objects.get(organisation=committee)
    assert (meeting.version, meeting.convened, meeting.present) == (1, 20, 18)

    run_import(path)
    meeting.refresh_from_db()
    assert meeting.version == 2  # a meeting form opened before the re-import is told
