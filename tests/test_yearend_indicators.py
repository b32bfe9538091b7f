"""Indicators computed for an organisation and a year, and the targets bound to them."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from branchapp.models import (
    Assessment,
    Attendance,
    AttendanceStatus,
    Indicator,
    InspectionCase,
    MeetingKind,
    MemberEvent,
    MemberEventType,
    MemberRating,
    OrganisationRating,
    RatingLevel,
    RatingTally,
    Target,
    ValueKind,
)
from branchapp.selectors.indicators import compute_indicator, months_due
from branchapp.services.targets import target_refresh_indicator, targets_refresh_for

from .factories import CellFactory, MeetingFactory, MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

Y = 2021


def value(indicator, org, year=Y):
    return compute_indicator(indicator, org, year).value


@pytest.fixture
def tree():
    committee = OrganisationFactory(name="Đảng bộ Trường")
    a = CellFactory(parent=committee, name="Chi bộ A")
    b = CellFactory(parent=committee, name="Chi bộ B")
    other = CellFactory(name="Chi bộ nơi khác")
    return committee, a, b, other


def rate(member, level, year=Y):
    return MemberRating.objects.create(
        member=member, organisation=member.organisation, year=year, level=level
    )


def monthly(cell, day, kind=MeetingKind.MONTHLY, **kwargs):
    meeting = MeetingFactory(organisation=cell, date=day, **kwargs)
    meeting.kinds.create(kind=kind)
    return meeting


def test_member_rating_shares(tree):
    committee, a, b, other = tree
    for level in (RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.COMPLETED):
        rate(MemberFactory(organisation=a), level)
    rate(MemberFactory(organisation=b), RatingLevel.GOOD)
    rate(MemberFactory(organisation=b), RatingLevel.NOT_COMPLETED)
    rate(MemberFactory(organisation=other), RatingLevel.EXCELLENT)  # another committee
    rate(MemberFactory(organisation=a), RatingLevel.EXCELLENT, year=2020)  # another year

    good = compute_indicator(Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE, committee, Y)
    assert (good.value, good.numerator, good.denominator) == (Decimal("60.00"), 3, 5)
    assert value(Indicator.MEMBERS_EXCELLENT_SHARE, committee) == Decimal("20.00")
    # A cell's figures are its own members only: 2 of 3 good or above.
    assert value(Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE, a) == Decimal("66.67")
    assert value(Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE, committee, 2019) is None


def test_member_shares_fall_back_to_a_reported_tally(tree):
    committee, *_ = tree
    RatingTally.objects.create(
        organisation=committee,
        year=Y,
        scope=RatingTally.Scope.MEMBERS,
        rated=40,
        excellent=8,
        good=30,
        completed=2,
        not_completed=0,
    )
    assert value(Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE, committee) == Decimal("95.00")
    assert value(Indicator.MEMBERS_EXCELLENT_SHARE, committee) == Decimal("20.00")


def test_cells_rated(tree):
    committee, a, b, other = tree
    c = CellFactory(parent=committee)
    OrganisationRating.objects.create(organisation=a, year=Y, level=RatingLevel.GOOD)
    OrganisationRating.objects.create(organisation=b, year=Y, level=RatingLevel.EXCELLENT)
    OrganisationRating.objects.create(organisation=c, year=Y, level=RatingLevel.COMPLETED)
    # The committee's own rating and other committees' cells are not its cells.
    OrganisationRating.objects.create(organisation=committee, year=Y, level=RatingLevel.EXCELLENT)
    OrganisationRating.objects.create(organisation=other, year=Y, level=RatingLevel.EXCELLENT)
    assert value(Indicator.CELLS_GOOD_OR_ABOVE, committee) == 2
    assert value(Indicator.CELLS_EXCELLENT, committee) == 1
    assert value(Indicator.CELLS_EXCELLENT, committee, 2020) is None


def test_admissions_and_confirmations_include_count_only_events(tree):
    committee, a, b, other = tree
    MemberEvent.objects.create(
        organisation=a, type=MemberEventType.ADMISSION, count=2, date=datetime.date(Y, 5, 19)
    )
    MemberEvent.objects.create(
        organisation=b,
        member=MemberFactory(organisation=b),
        type=MemberEventType.ADMISSION,
        date=datetime.date(Y, 9, 2),
    )
    MemberEvent.objects.create(
        organisation=a, type=MemberEventType.ADMISSION, date=datetime.date(2020, 12, 31)
    )
    MemberEvent.objects.create(
        organisation=other, type=MemberEventType.ADMISSION, date=datetime.date(Y, 3, 3)
    )
    # Undated, but announced at a meeting of the year.
    MemberEvent.objects.create(
        organisation=committee,
        type=MemberEventType.CONFIRMATION,
        meeting=MeetingFactory(organisation=committee, date=datetime.date(Y, 12, 31)),
    )
    assert value(Indicator.MEMBERS_ADMITTED, committee) == 3
    assert value(Indicator.MEMBERS_ADMITTED, a) == 2
    assert value(Indicator.MEMBERS_CONFIRMED, committee) == 1


def test_inspection_and_supervision_count_subjects(tree):
    committee, a, b, other = tree
    InspectionCase.objects.create(organisation=committee, year=Y, kind="inspection")
    InspectionCase.objects.create(organisation=a, year=Y, kind="inspection", subject_count=2)
    InspectionCase.objects.create(organisation=committee, year=Y, kind="supervision")
    InspectionCase.objects.create(organisation=committee, year=2020, kind="supervision")
    InspectionCase.objects.create(organisation=other, year=Y, kind="supervision")
    assert value(Indicator.INSPECTION_CASES, committee) == 3
    assert value(Indicator.SUPERVISION_CASES, committee) == 1
    assert value(Indicator.SUPERVISION_CASES, a) == 0


def test_meetings_held_against_due(tree):
    committee, a, b, other = tree
    monthly(a, datetime.date(Y, 1, 3))
    monthly(a, datetime.date(Y, 2, 3))
    monthly(a, datetime.date(Y, 2, 20))  # a second one in February counts once
    monthly(b, datetime.date(Y, 3, 3))
    monthly(b, datetime.date(Y, 4, 3), kind=MeetingKind.THEMATIC)  # not the monthly meeting
    monthly(committee, datetime.date(Y, 5, 3))  # the committee itself is not a cell
    result = compute_indicator(Indicator.MEETINGS_HELD_SHARE, committee, Y)
    assert (result.numerator, result.denominator) == (3, 24)
    assert result.value == Decimal("12.50")


def test_months_due_follow_the_cell_and_today():
    cell = CellFactory(valid_from=datetime.date(Y, 10, 15))
    assert months_due(cell, Y, today=datetime.date(2022, 1, 1)) == [10, 11, 12]
    closed = CellFactory(valid_to=datetime.date(Y, 2, 1))
    assert months_due(closed, Y, today=datetime.date(2022, 1, 1)) == [1, 2]
    assert months_due(CellFactory(), Y, today=datetime.date(Y, 3, 10)) == [1, 2, 3]


def test_attendance_rate_from_rolls_and_counts(tree):
    committee, a, b, other = tree
    roll = monthly(a, datetime.date(Y, 1, 3))
    Attendance.objects.create(meeting=roll, name="Một", status=AttendanceStatus.PRESENT)
    Attendance.objects.create(
        meeting=roll, name="Hai", status=AttendanceStatus.EXCUSED, reason="Ốm"
    )
    Attendance.objects.create(meeting=roll, name="Ba", status=AttendanceStatus.EXEMPT)
    monthly(b, datetime.date(Y, 1, 3), present=4, convened=5)
    monthly(b, datetime.date(Y, 2, 3))  # nothing recorded: left out
    result = compute_indicator(Indicator.ATTENDANCE_RATE, committee, Y)
    assert (result.numerator, result.denominator) == (5, 7)
    assert result.value == Decimal("71.43")


def test_target_takes_its_result_from_the_data(tree):
    committee, a, b, other = tree
    members = [MemberFactory(organisation=a) for _ in range(5)]
    rate(members[0], RatingLevel.EXCELLENT)
    for m in members[1:4]:
        rate(m, RatingLevel.GOOD)
    rate(members[4], RatingLevel.COMPLETED)
    target = Target.objects.create(
        organisation=committee,
        year=Y,
        title="90% đảng viên HTTNV trở lên",
        value_kind=ValueKind.PERCENT,
        planned_min=90,
        indicator=Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE,
    )
    target_refresh_indicator(target)
    target.refresh_from_db()
    assert target.actual_value == Decimal("80")
    assert target.actual_text == "80% (4/5)"
    assert target.assessment == Assessment.NOT_ACHIEVED

    # The data changes: the last member is re-rated good, and the targets are refreshed.
    MemberRating.objects.filter(member=members[4]).update(level=RatingLevel.GOOD)
    # A cell's change refreshes its committee's target.
    assert targets_refresh_for(organisation=a, year=Y) == 1
    target.refresh_from_db()
    assert target.actual_value == Decimal("100")
    assert target.actual_text == "100% (5/5)"
    assert target.assessment == Assessment.EXCEEDED


def test_refresh_keeps_a_result_written_by_hand_and_a_manual_assessment(tree):
    committee, a, *_ = tree
    MemberEvent.objects.create(
        organisation=a, type=MemberEventType.ADMISSION, count=1, date=datetime.date(Y, 6, 1)
    )
    written = Target.objects.create(
        organisation=committee,
        year=Y,
        title="Kết nạp 01 đảng viên",
        value_kind=ValueKind.COUNT,
        planned_min=1,
        indicator=Indicator.MEMBERS_ADMITTED,
        actual_text="kết nạp 01 quần chúng",
    )
    manual = Target.objects.create(
        organisation=committee,
        year=Y,
        title="Kết nạp",
        value_kind=ValueKind.COUNT,
        planned_min=3,
        indicator=Indicator.MEMBERS_ADMITTED,
        assessment=Assessment.ACHIEVED,
        assessment_manual=True,
    )
    unbound = Target.objects.create(
        organisation=committee,
        year=Y,
        title="Đề tài",
        value_kind=ValueKind.COUNT,
        planned_min=1,
        actual_value=2,
    )
    call_command("refresh_indicators", year=Y, stdout=open("/dev/null", "w"))
    for t in (written, manual, unbound):
        t.refresh_from_db()
    assert (written.actual_value, written.actual_text) == (1, "kết nạp 01 quần chúng")
    assert written.assessment == Assessment.ACHIEVED
    assert manual.actual_value == 1 and manual.assessment == Assessment.ACHIEVED
    assert unbound.actual_value == 2 and unbound.assessment == Assessment.EXCEEDED
