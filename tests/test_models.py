import datetime

import pytest
from django.db import IntegrityError, transaction

from branchapp.models import (
    Assessment,
    Comparison,
    MemberEvent,
    MemberEventType,
    MemberStatus,
    Organisation,
    OrganisationKind,
    ValueKind,
)
from branchapp.text import fold, name_sort_key, vn_slugify, vn_sorted

from .factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_slug_keeps_d_readable():
    assert vn_slugify("Đảng bộ Đồng Tháp") == "dang-bo-dong-thap"
    org = Organisation.objects.create(name="Đảng bộ Trường Chính trị tỉnh Đồng Tháp")
    assert org.slug == "dang-bo-truong-chinh-tri-tinh-dong-thap"
    again = Organisation.objects.create(name="Đảng bộ Trường Chính trị tỉnh Đồng Tháp")
    assert again.slug == "dang-bo-truong-chinh-tri-tinh-dong-thap-2"


def test_fold_ignores_case_and_accents():
    assert fold("ĐẢNG BỘ ĐỊNH KỲ") == fold("Đảng bộ định kỳ") == "dang bo dinh ky"


def test_members_sort_by_given_name():
    keys = sorted(["Nguyễn Phước Dũng", "Lê Minh Hiếu", "Trần Thị Ánh"], key=name_sort_key)
    assert keys == ["Trần Thị Ánh", "Nguyễn Phước Dũng", "Lê Minh Hiếu"]


def test_vietnamese_alphabetical_order_from_icu():
    # ICU's Vietnamese collation: the tone after the bare letter, Đ after every D.
    names = ["Đặng", "Dương", "Đinh", "Anh", "Ánh", "Bảo"]
    expected = ["Anh", "Ánh", "Bảo", "Dương", "Đặng", "Đinh"]
    assert vn_sorted(names) == expected
    assert sorted(names, key=name_sort_key) == expected
    # Letters of their own: A < Ă < Â, O < Ô < Ơ, U < Ư; Y after X; nothing after Z.
    assert vn_sorted(["Ư", "Ơ", "Â", "Zơ", "Ă", "Ô", "Ý", "A", "O", "U", "Xuân"]) == [
        "A", "Ă", "Â", "O", "Ô", "Ơ", "U", "Ư", "Xuân", "Ý", "Zơ"
    ]  # fmt: skip


def test_people_sort_by_given_name_then_family_and_middle_names():
    people = ["Đặng Văn Anh", "Vũ Thị Ánh", "Bùi Anh", "Lê Đức Bảo", "Đinh Bảo", "Hà Dương"]
    assert sorted(people, key=name_sort_key) == [
        "Bùi Anh", "Đặng Văn Anh", "Vũ Thị Ánh", "Đinh Bảo", "Lê Đức Bảo", "Hà Dương"
    ]  # fmt: skip
    # The stored key is hexadecimal text: SQL orders it as Python does.
    assert set(name_sort_key("Đặng Văn Anh")) <= set("0123456789abcdef")


def test_tree_paths_follow_moves():
    root = OrganisationFactory()
    other = OrganisationFactory()
    cell = CellFactory(parent=root)
    group = Organisation.objects.create(name="Tổ đảng 1", kind=OrganisationKind.GROUP, parent=cell)
    assert set(Organisation.objects.subtree(root)) == {root, cell, group}
    cell.parent = other
    cell.save()
    group.refresh_from_db()
    assert group.path.startswith(other.path)
    assert set(Organisation.objects.subtree(root)) == {root}


def test_meeting_keeps_name_of_the_day():
    org = OrganisationFactory(name="Đảng bộ mới")
    org.former_names.create(name="Đảng bộ cũ", valid_to=datetime.date(2025, 6, 30))
    old = MeetingFactory(organisation=org, date=datetime.date(2021, 12, 31))
    new = MeetingFactory(organisation=org, date=datetime.date(2025, 12, 3))
    assert old.organisation_name == "Đảng bộ cũ"
    assert new.organisation_name == "Đảng bộ mới"


def test_status_derived_from_events():
    member = MemberFactory(admission_date=None, confirmation_date=None)
    org = member.organisation
    MemberEvent.objects.create(
        member=member,
        organisation=org,
        type=MemberEventType.ADMISSION,
        date=datetime.date(2020, 3, 1),
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.PROBATIONARY
    MemberEvent.objects.create(
        member=member,
        organisation=org,
        type=MemberEventType.CONFIRMATION,
        date=datetime.date(2021, 3, 1),
    )
    assert member.status_on(datetime.date(2020, 12, 31)) == MemberStatus.PROBATIONARY
    assert member.status_on(datetime.date(2021, 12, 31)) == MemberStatus.FULL
    MemberEvent.objects.create(
        member=member,
        organisation=org,
        type=MemberEventType.EXEMPTION,
        date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2022, 6, 30),
    )
    assert member.status_on(datetime.date(2022, 3, 1)) == MemberStatus.EXEMPT
    assert member.status_on(datetime.date(2022, 7, 1)) == MemberStatus.FULL
    MemberEvent.objects.create(
        member=member,
        organisation=org,
        type=MemberEventType.DECEASED,
        date=datetime.date(2023, 1, 5),
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.DECEASED


def test_card_number_unique_when_present():
    MemberFactory(card_number=None)
    MemberFactory(card_number=None)
    MemberFactory(card_number="12345")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(card_number="12345")


@pytest.mark.parametrize(
    ("comparison", "planned", "actual", "expected"),
    [
        (Comparison.AT_LEAST, 90, 100, Assessment.EXCEEDED),
        (Comparison.AT_LEAST, 90, 90, Assessment.ACHIEVED),
        (Comparison.AT_LEAST, 90, 80, Assessment.NOT_ACHIEVED),
        (Comparison.AT_MOST, 2, 1, Assessment.EXCEEDED),
        (Comparison.AT_MOST, 2, 3, Assessment.NOT_ACHIEVED),
        (Comparison.EXACTLY, 1, 1, Assessment.ACHIEVED),
        (Comparison.AT_LEAST, 90, None, Assessment.PENDING),
    ],
)
def test_assessment_computed_from_numbers(comparison, planned, actual, expected):
    target = TargetFactory(comparison=comparison, planned_min=planned, actual_value=actual)
    assert target.assessment == expected


def test_rank_smaller_is_better():
    target = TargetFactory(
        value_kind=ValueKind.RANK, comparison=Comparison.AT_MOST, planned_min=15, actual_value=12
    )
    assert target.assessment == Assessment.EXCEEDED


def test_manual_assessment_is_kept():
    target = TargetFactory(
        value_kind=ValueKind.QUALITATIVE,
        planned_min=None,
        actual_value=None,
        assessment=Assessment.EXCEEDED,
        assessment_manual=True,
    )
    target.refresh_from_db()
    assert target.assessment == Assessment.EXCEEDED


def test_target_needs_year_or_term():
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(year=None, term="")
