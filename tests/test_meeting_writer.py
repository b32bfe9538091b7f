"""The meeting writer (services.meetings.meeting_save) called with plain data, without forms."""

import datetime

import pytest

from branchapp import models as m
from branchapp.services.meetings import (
    MeetingConflict,
    MeetingData,
    MinutesLocked,
    RollRow,
    meeting_save,
)

from .factories import CellFactory, MemberFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 12, 3)


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
        member=secretary, organisation=cell, title=m.PositionTitle.SECRETARY,
        title_text="Bí thư Chi bộ", start_date=datetime.date(2020, 1, 1),
    )
    other = MemberFactory(full_name="Trần Thị Bình", organisation=cell)
    return secretary, other


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
            agenda=[{
                "title": "Học tập Nghị quyết",
                "opinions": [{"member": other, "name": other.full_name, "summary": "Nhất trí."}],
            }],
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
            people=[{
                "id": chair.pk, "role": m.ParticipantRole.CHAIR, "member": chair.member,
                "name": chair.name, "position": "Bí thư",
            }],
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
            meeting=stale, data=MeetingData(fields={"place": "Phòng C"}), version=1,
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
        organisation=cell.parent, year=DAY.year, indicator=m.Indicator.ATTENDANCE_RATE,
        actual_value=None, planned_min=90,
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
