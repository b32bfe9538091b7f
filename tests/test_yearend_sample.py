"""The sample's 2021 indicator targets come out exactly as the article gives them."""

from decimal import Decimal

import pytest

from branchapp.models import Assessment, Indicator, Organisation, Target
from branchapp.sample import COMMITTEE_NAME, load_sample
from branchapp.selectors.indicators import compute_indicator
from branchapp.services.targets import targets_refresh_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    load_sample()
    return Organisation.objects.get(name=COMMITTEE_NAME)


def test_sample_indicators_match_the_article(committee):
    def value(indicator):
        return compute_indicator(indicator, committee, 2021).value

    # "100% đảng viên xếp loại hoàn thành tốt nhiệm vụ. 20% hoàn thành xuất sắc nhiệm vụ."
    assert value(Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE) == Decimal("100")
    assert value(Indicator.MEMBERS_EXCELLENT_SHARE) == Decimal("20")
    # "04 chi bộ hoàn thành tốt nhiệm vụ và 01 chi bộ hoàn thành xuất sắc nhiệm vụ."
    assert value(Indicator.CELLS_GOOD_OR_ABOVE) == 4
    assert value(Indicator.CELLS_EXCELLENT) == 1
    # "chuyển Đảng chính thức cho 01 đảng viên và kết nạp 01 quần chúng ưu tú"
    assert value(Indicator.MEMBERS_ADMITTED) == 1
    assert value(Indicator.MEMBERS_CONFIRMED) == 1
    # Two inspections (a member; Party finance) and two supervisions (a cell; a member).
    assert value(Indicator.INSPECTION_CASES) == 2
    assert value(Indicator.SUPERVISION_CASES) == 2


def test_sample_indicator_targets_are_exceeded_as_in_the_article(committee):
    targets = Target.objects.filter(organisation=committee, year=2021).order_by("order")
    first, second = targets[0], targets[1]
    assert first.indicator == Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE
    assert second.indicator == Indicator.CELLS_GOOD_OR_ABOVE
    # Wipe the values loaded from the article: the data alone must give them back.
    Target.objects.filter(pk__in=[first.pk, second.pk]).update(
        actual_value=None, assessment=Assessment.PENDING
    )
    assert targets_refresh_for(organisation=committee, year=2021) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.actual_value == Decimal("100")
    assert second.actual_value == Decimal("4")
    assert first.assessment == second.assessment == Assessment.EXCEEDED
    # The results as the article words them are kept.
    assert first.actual_text.startswith("100% đảng viên xếp loại hoàn thành tốt nhiệm vụ")
    assert second.actual_text.startswith("04 chi bộ hoàn thành tốt nhiệm vụ")
    # The other five targets keep their manual values and assessments.
    assert [t.assessment for t in targets[2:]] == [
        Assessment.ACHIEVED,
        Assessment.EXCEEDED,
        Assessment.EXCEEDED,
        Assessment.EXCEEDED,
        Assessment.EXCEEDED,
    ]


def test_sample_rating_pages_raise_no_warning(client, committee):
    from branchapp.models import MemberRating, OrganisationRating
    from branchapp.selectors import ratings

    from .factories import user_with_role

    members = ratings.member_grid(committee, 2021)
    entries = {row.key: (row.level, row.points) for row in members.rows}
    assert ratings.member_warnings(members, entries) == []
    cells = ratings.organisation_grid(committee, 2021)
    entries = {row.key: (row.level, row.points) for row in cells.rows}
    assert ratings.organisation_warnings(cells, entries) == []
    # Each cell's own grid counts the cap in the school's committee, too.
    for cell in committee.children.all():
        grid = ratings.member_grid(cell, 2021)
        entries = {row.key: (row.level, row.points) for row in grid.rows}
        assert ratings.member_warnings(grid, entries) == []

    client.force_login(user_with_role("Văn phòng", committee))
    base = f"/workspace/nam/{committee.pk}/2021/danh-gia/"
    for path in ("", "dang-vien/", "chi-bo/"):
        body = client.get(base + path, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        assert "alert-warning" not in body, path
    cell_page = client.get(base + "chi-bo/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<th scope="col">Chi bộ</th>' in cell_page
    assert MemberRating.objects.filter(year=2021).count() == 20
    assert OrganisationRating.objects.filter(year=2021).count() == 4
