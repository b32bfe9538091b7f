"""Ratings under the rules in force for the year: rule choice, caps, points, the grid pages."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from branchapp.models import (
    Indicator,
    MemberEvent,
    MemberEventType,
    MemberRating,
    OrganisationRating,
    RatingLevel,
    RatingRuleSet,
    Target,
    ValueKind,
)
from branchapp.selectors import ratings
from branchapp.services.ratings import member_ratings_save, organisation_ratings_save

from .factories import CellFactory, MemberFactory, OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_rule_set_chosen_by_the_rating_date():
    assert ratings.rule_set_for(2021).name.startswith("Quy định 132-QĐ/TW")
    assert ratings.rule_set_for(2022).name.startswith("Quy định 132-QĐ/TW")
    assert ratings.rule_set_for(2024).name.startswith("Quy định 124-QĐ/TW")
    # 31/12/2025 falls under 366-QĐ/TW, in force since 30/8/2025.
    assert ratings.rule_set_for(2025).name.startswith("Quy định 366-QĐ/TW")
    assert ratings.rule_set_for(2018) is None


def test_administrators_add_a_rule_set_without_code():
    RatingRuleSet.objects.create(
        name="Quy định mới 2027",
        valid_from=datetime.date(2027, 1, 1),
        uses_points=True,
        excellent_min_points=95,
        good_min_points=75,
        completed_min_points=50,
    )
    assert ratings.rule_set_for(2026).name.startswith("Quy định 366-QĐ/TW")
    assert ratings.rule_set_for(2027).name == "Quy định mới 2027"
    assert ratings.level_for_points(ratings.rule_set_for(2027), 92) == RatingLevel.GOOD


def test_points_map_to_levels_under_the_100_point_scheme():
    rules = ratings.rule_set_for(2025)
    assert ratings.level_for_points(rules, Decimal("90")) == RatingLevel.EXCELLENT
    assert ratings.level_for_points(rules, Decimal("89.99")) == RatingLevel.GOOD
    assert ratings.level_for_points(rules, 70) == RatingLevel.GOOD
    assert ratings.level_for_points(rules, 50) == RatingLevel.COMPLETED
    assert ratings.level_for_points(rules, Decimal("49.5")) == RatingLevel.NOT_COMPLETED
    assert ratings.level_for_points(ratings.rule_set_for(2021), 95) is None


@pytest.fixture
def committee():
    committee = OrganisationFactory(name="Đảng bộ Trường")
    for n in range(2):
        CellFactory(parent=committee, name=f"Chi bộ {n + 1}")
    return committee


def members_of(committee, n):
    cells = list(committee.children.all())
    return [MemberFactory(organisation=cells[i % len(cells)]) for i in range(n)]


def entries_for(members, excellent, good):
    levels = [RatingLevel.EXCELLENT] * excellent + [RatingLevel.GOOD] * good
    return {m.pk: (level, None) for m, level in zip(members, levels, strict=True)}


def test_cap_counts_excellent_against_those_rated_good_or_above(committee):
    members = members_of(committee, 20)
    grid = ratings.member_grid(committee, 2021)
    # The article's result: 4 excellent of 20 rated good or above is within the cap.
    assert ratings.member_warnings(grid, entries_for(members, 4, 16)) == []
    warnings = ratings.member_warnings(grid, entries_for(members, 5, 15))
    assert len(warnings) == 1
    assert warnings[0].rule.startswith("Quy định 132-QĐ/TW")
    assert warnings[0].message == (
        f"In {committee.name}, 5 members are rated excellent out of 20 rated good or excellent. "
        "The rule allows at most 20% of those 20, that is 4. Rate at most 4 as excellent, or "
        "save with a reason."
    )


def test_members_cap_is_counted_in_the_grassroots_organisation(committee):
    # A cell's own grid is counted with the saved ratings of the rest of the committee.
    members = members_of(committee, 10)
    cell = members[0].organisation
    for member in members:
        if member.organisation != cell:
            MemberRating.objects.create(
                member=member, organisation=committee, year=2021, level=RatingLevel.GOOD
            )
    grid = ratings.member_grid(cell, 2021)
    own = [m for m in members if m.organisation == cell]
    entries = {m.pk: (RatingLevel.GOOD, None) for m in own}
    entries[own[0].pk] = (RatingLevel.EXCELLENT, None)
    # 1 excellent of 10 good or excellent in the committee: within 20%, although 1 of 5 in
    # the cell alone would also be; 2 of 5 in the cell is within the committee's 2 of 10.
    entries[own[1].pk] = (RatingLevel.EXCELLENT, None)
    assert ratings.member_warnings(grid, entries) == []
    entries[own[2].pk] = (RatingLevel.EXCELLENT, None)
    [warning] = ratings.member_warnings(grid, entries)
    assert "3 members are rated excellent out of 10" in warning.message
    assert "that is 2" in warning.message


def test_organisations_cap_applies_only_to_grassroots_organisations(committee):
    # The cells of one grassroots committee are not capped (the competent committee applies
    # the cap to grassroots organisations); a committee above them is.
    cells = list(committee.children.all())
    grid = ratings.organisation_grid(committee, 2021)
    entries = {cells[0].pk: (RatingLevel.EXCELLENT, None), cells[1].pk: (RatingLevel.GOOD, None)}
    assert ratings.organisation_warnings(grid, entries) == []
    upper = OrganisationFactory()
    schools = [OrganisationFactory(parent=upper) for _ in range(3)]
    grid = ratings.organisation_grid(upper, 2021)
    entries = {school.pk: (RatingLevel.EXCELLENT, None) for school in schools}
    [warning] = ratings.organisation_warnings(grid, entries)
    assert "3 grassroots organisations are rated excellent out of 3" in warning.message
    assert "that is 0" in warning.message


def test_grid_lists_probationary_and_exempt_members_apart(committee):
    cell = committee.children.first()
    full = MemberFactory(organisation=cell, full_name="Trần Văn Chính")
    probationary = MemberFactory(
        organisation=cell,
        full_name="Lê Thị Dự",
        admission_date=datetime.date(2021, 6, 1),
        confirmation_date=None,
    )
    exempt = MemberFactory(organisation=cell, full_name="Phạm Văn Miễn")
    MemberEvent.objects.create(
        member=exempt,
        organisation=cell,
        type=MemberEventType.EXEMPTION,
        date=datetime.date(2020, 3, 1),
    )
    MemberFactory(
        organisation=cell,
        full_name="Ngô Văn Mới",
        admission_date=datetime.date(2022, 1, 5),
        confirmation_date=None,
    )  # admitted after the year: not rated for 2021
    grid = ratings.member_grid(committee, 2021)
    sections = {name: [row.label for row in rows] for name, rows in grid.sections}
    assert sections == {
        "full": [full.full_name],
        "probationary": [probationary.full_name],
        "exempt": [exempt.full_name],
    }
    assert grid.counts["to_rate"] == 2


def test_points_only_give_the_level_and_a_level_above_the_points_warns(committee):
    a, b, c = members_of(committee, 3)
    grid = ratings.member_grid(committee, 2025)
    entries = {
        a.pk: ("", Decimal("92")),
        b.pk: (RatingLevel.EXCELLENT, Decimal("85")),
        c.pk: (RatingLevel.GOOD, None),
    }
    warnings = ratings.member_warnings(grid, entries)
    messages = [w.message for w in warnings]
    assert (
        f"{b.full_name}: 85 points give “well completed duties (HTTNV)”, rated “excellently completed duties (HTXSNV)”."
        in messages
    )
    assert "1 rated without points, although this rule set uses a 100-point scale." in messages
    member_ratings_save(grid=grid, entries=entries, reason="Hội nghị thống nhất")
    assert MemberRating.objects.get(member=a).level == RatingLevel.EXCELLENT
    assert "Hội nghị thống nhất" in MemberRating.objects.get(member=b).note
    assert MemberRating.objects.get(member=a).note == ""


def test_excellent_cell_needs_targets_exceeded_under_366(committee):
    cell1, cell2 = committee.children.all()
    Target.objects.create(
        organisation=cell1,
        year=2025,
        title="A",
        value_kind=ValueKind.COUNT,
        planned_min=1,
        actual_value=2,
    )
    Target.objects.create(
        organisation=cell2,
        year=2025,
        title="B",
        value_kind=ValueKind.COUNT,
        planned_min=1,
        actual_value=1,
    )
    grid = ratings.organisation_grid(committee, 2025)
    entries = {
        cell1.pk: (RatingLevel.EXCELLENT, Decimal("95")),
        cell2.pk: (RatingLevel.EXCELLENT, Decimal("93")),
    }
    warnings = ratings.organisation_warnings(grid, entries)
    assert [w.message for w in warnings] == [
        f"{cell2.name} rated excellent, but 0 of its 1 targets of 2025 were exceeded; at "
        "least 30% are required."
    ]


def test_saving_plain_data_records_the_ratings_and_refreshes_the_indicator(committee):
    members = members_of(committee, 5)
    target = Target.objects.create(
        organisation=committee,
        year=2021,
        title="20% xuất sắc",
        value_kind=ValueKind.PERCENT,
        planned_min=20,
        indicator=Indicator.MEMBERS_EXCELLENT_SHARE,
    )
    grid = ratings.member_grid(committee, 2021)
    with pytest.raises(TypeError):
        member_ratings_save(grid, entries_for(members, 1, 4))  # keyword-only
    warnings = member_ratings_save(grid=grid, entries=entries_for(members, 1, 4))
    assert warnings == []
    saved = {r.member_id: r.level for r in MemberRating.objects.filter(year=2021)}
    assert saved == {
        m.pk: level
        for m, (level, _p) in zip(members, entries_for(members, 1, 4).values(), strict=True)
    }
    assert all(r.organisation == committee for r in MemberRating.objects.all())
    target.refresh_from_db()
    assert target.actual_value == Decimal("20.00")

    # A blank level deletes the rating; members outside the grid are ignored.
    outsider = MemberFactory(organisation=OrganisationFactory())
    grid = ratings.member_grid(committee, 2021)
    member_ratings_save(
        grid=grid, entries={members[0].pk: ("", None), outsider.pk: (RatingLevel.GOOD, None)}
    )
    assert not MemberRating.objects.filter(member__in=[members[0], outsider]).exists()
    target.refresh_from_db()
    assert target.actual_value == Decimal("0.00")


def test_saving_cell_ratings_with_a_reason_notes_the_broken_rule(committee):
    cell1, cell2 = committee.children.all()
    grid = ratings.organisation_grid(committee, 2025)
    entries = {cell1.pk: (RatingLevel.EXCELLENT, Decimal("95")), cell2.pk: ("", Decimal("60"))}
    warnings = organisation_ratings_save(grid=grid, entries=entries, reason="Đảng ủy quyết định")
    assert [w.keys for w in warnings] == [[cell1.pk]]
    first = OrganisationRating.objects.get(organisation=cell1, year=2025)
    assert "Đảng ủy quyết định" in first.note
    second = OrganisationRating.objects.get(organisation=cell2, year=2025)
    assert (second.level, second.note) == (RatingLevel.COMPLETED, "")


# The pages ----------------------------------------------------------------------------------


@pytest.fixture
def secretary(committee):
    user = user_with_role("Văn phòng", committee)
    return user


def post_levels(client, url, members, levels, reason=""):
    data = {f"level_{m.pk}": level for m, level in zip(members, levels, strict=True)}
    data["reason"] = reason
    return client.post(url, data)


def test_grid_page_warns_but_never_blocks_the_save(client, committee, secretary):
    members = members_of(committee, 6)
    target = Target.objects.create(
        organisation=committee,
        year=2021,
        title="20% xuất sắc",
        value_kind=ValueKind.PERCENT,
        planned_min=20,
        indicator=Indicator.MEMBERS_EXCELLENT_SHARE,
    )
    client.force_login(secretary)
    url = f"/workspace/nam/{committee.pk}/2021/danh-gia/dang-vien/"
    page = client.get(url)
    assert page.status_code == 200
    assert all(m.full_name in page.content.decode() for m in members)

    levels = [RatingLevel.EXCELLENT] * 2 + [RatingLevel.GOOD] * 4
    # Without a reason the ratings are saved all the same, and the warning is shown.
    saved = post_levels(client, url, members, levels)
    assert saved.status_code == 302
    assert MemberRating.objects.filter(year=2021).count() == 6
    body = client.get(url).content.decode()
    assert "2 đảng viên xếp loại hoàn thành xuất sắc nhiệm vụ" in body
    assert "tối đa 20% của 6 người đó, tức là 1" in body

    saved = post_levels(client, url, members, levels, reason="Chi bộ đề nghị, Đảng ủy đồng ý")
    assert saved.status_code == 302
    assert MemberRating.objects.filter(year=2021).count() == 6
    note = MemberRating.objects.filter(level=RatingLevel.EXCELLENT).first().note
    assert "Chi bộ đề nghị, Đảng ủy đồng ý" in note and "tối đa 20%" in note
    # The indicator target follows the saved ratings.
    target.refresh_from_db()
    assert target.actual_value == Decimal("33.33")


def test_cell_grid_page_saves(client, committee, secretary):
    client.force_login(secretary)
    cells = list(committee.children.all())
    response = client.post(
        f"/workspace/nam/{committee.pk}/2021/danh-gia/chi-bo/",
        {f"level_{cells[0].pk}": RatingLevel.GOOD, f"level_{cells[1].pk}": RatingLevel.GOOD},
    )
    assert response.status_code == 302
    assert OrganisationRating.objects.filter(year=2021, level=RatingLevel.GOOD).count() == 2


def test_rating_pages_are_scoped_and_need_permissions(client, committee, secretary):
    other = OrganisationFactory()
    client.force_login(secretary)
    assert client.get(f"/workspace/nam/{other.pk}/2021/danh-gia/").status_code == 404
    viewer = user_with_role("Xem", committee)
    client.force_login(viewer)
    url = f"/workspace/nam/{committee.pk}/2021/danh-gia/dang-vien/"
    assert client.get(url).status_code == 200
    member = members_of(committee, 1)[0]
    assert client.post(url, {f"level_{member.pk}": "good"}).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
