"""Targets (issue 12, item 7): term targets entered and shown, ranks better when lower, strict
bounds ("trên 95%": 95 is not achieved)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.models import (
    Assessment,
    BlockType,
    Comparison,
    Meeting,
    ReportBlock,
    Target,
    ValueKind,
    assess,
)
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.services.reports import term_table_years

from .factories import MeetingFactory, OrganisationFactory, ReportFactory, user_with_role
from .postdata import post_data

pytestmark = pytest.mark.django_db


# The assessment ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparison", "planned", "actual", "expected"),
    [
        # "xếp thứ 20/27" against a plan of 15th is not achieved; 12th exceeds it.
        (Comparison.AT_LEAST, 15, 20, Assessment.NOT_ACHIEVED),
        (Comparison.AT_LEAST, 15, 15, Assessment.ACHIEVED),
        (Comparison.AT_LEAST, 15, 12, Assessment.EXCEEDED),
        (Comparison.AT_MOST, 15, 20, Assessment.NOT_ACHIEVED),
        (Comparison.AT_MOST, 15, 12, Assessment.EXCEEDED),
        # "better than 15th": 15th itself is not.
        (Comparison.ABOVE, 15, 15, Assessment.NOT_ACHIEVED),
        (Comparison.BELOW, 15, 14, Assessment.ACHIEVED),
    ],
)
def test_a_rank_is_better_when_lower(comparison, planned, actual, expected):
    assert assess(comparison, planned, None, actual, kind=ValueKind.RANK) == expected


@pytest.mark.parametrize(
    ("comparison", "planned", "actual", "expected"),
    [
        # "Trên 95%": 95 is NOT achieved.
        (Comparison.ABOVE, Decimal(95), Decimal(95), Assessment.NOT_ACHIEVED),
        (Comparison.ABOVE, Decimal(95), Decimal("95.5"), Assessment.ACHIEVED),
        # "Dưới 2%": 2 is not achieved, 1.5 is.
        (Comparison.BELOW, Decimal(2), Decimal(2), Assessment.NOT_ACHIEVED),
        (Comparison.BELOW, Decimal(2), Decimal("1.5"), Assessment.ACHIEVED),
        # The inclusive bounds keep their meaning.
        (Comparison.AT_LEAST, Decimal(95), Decimal(95), Assessment.ACHIEVED),
        (Comparison.AT_MOST, Decimal(2), Decimal(2), Assessment.ACHIEVED),
    ],
)
def test_strict_bounds_exclude_the_bound(comparison, planned, actual, expected):
    assert assess(comparison, planned, None, actual, kind=ValueKind.PERCENT) == expected


# Through the workspace ----------------------------------------------------------------------


@pytest.fixture
def committee():
    return OrganisationFactory(name="Đảng bộ Trường Chính trị tỉnh Đồng Tháp")


@pytest.fixture
def secretary(client, committee):
    user = user_with_role(SECRETARIAT_ROLE, committee)
    client.force_login(user)
    return user


def page_data(client, url, **overrides):
    response = client.get(url)
    assert response.status_code == 200
    forms = []
    for part in response.context["entry"]:
        forms += [part] if hasattr(part, "fields") else [part.management_form, *part.forms]
    return post_data(forms, **overrides)


def congress_data(client, committee, **targets):
    url = reverse("workspace:meeting_create") + f"?to-chuc={committee.pk}&loai=congress"
    data = page_data(
        client,
        url,
        **{
            "meeting-title": "Đại hội Đảng bộ Trường nhiệm kỳ 2020-2025",
            "meeting-date": "15/06/2020",
            "meeting-kinds": ["congress"],
        },
    )
    data.update(targets)
    return url, data


def test_a_term_target_is_entered_on_the_meeting_page(client, committee, secretary):
    url, data = congress_data(
        client,
        committee,
        **{
            "targets_adopted-0-term": "2020 – 2025",
            "targets_adopted-0-title": "Kết nạp ít nhất 10 đảng viên mới",
            "targets_adopted-0-planned_text": "10 đảng viên",
            "targets_adopted-0-value_kind": ValueKind.COUNT,
            "targets_adopted-0-comparison": Comparison.AT_LEAST,
            "targets_adopted-0-planned_min": "10",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.year, target.term, target.organisation) == (None, "2020-2025", committee)
    assert target.adopted_at == Meeting.objects.get()


def test_a_target_without_year_or_term_is_refused(client, committee, secretary):
    url, data = congress_data(
        client, committee, **{"targets_adopted-0-title": "Xây dựng Đảng bộ vững mạnh"}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assertContains(response, "Ghi năm (ví dụ 2025) hoặc nhiệm kỳ (ví dụ 2020-2025) của chỉ tiêu.")


def test_a_term_that_is_not_two_years_is_refused(client, committee, secretary):
    url, data = congress_data(
        client,
        committee,
        **{"targets_adopted-0-term": "nhiệm kỳ mới", "targets_adopted-0-title": "Chỉ tiêu"},
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Target.objects.exists()
    assertContains(response, "Ghi nhiệm kỳ bằng năm đầu và năm cuối, ví dụ 2020-2025.")


def test_a_rank_and_a_strict_bound_are_assessed_when_reviewed(client, committee, secretary):
    for order, (title, kind, comparison, planned) in enumerate(
        [
            ("Xếp hạng thi đua trong khối", ValueKind.RANK, Comparison.AT_LEAST, 15),
            ("Đảng viên HTTNV trở lên", ValueKind.PERCENT, Comparison.ABOVE, 95),
        ]
    ):
        Target.objects.create(
            organisation=committee,
            year=2021,
            order=order,
            title=title,
            value_kind=kind,
            comparison=comparison,
            planned_min=planned,
        )
    url = reverse("workspace:meeting_create") + f"?to-chuc={committee.pk}&thang=2021-12"
    data = page_data(
        client,
        url,
        **{
            "meeting-title": "Tổng kết năm 2021",
            "meeting-date": "28/12/2021",
            "meeting-kinds": ["review_conference"],
        },
    )
    index = {
        Target.objects.get(pk=value).title: key.split("-")[1]
        for key, value in data.items()
        if key.startswith("targets_reviewed-") and key.endswith("-id")
    }
    rank, share = index["Xếp hạng thi đua trong khối"], index["Đảng viên HTTNV trở lên"]
    data.update(
        {
            f"targets_reviewed-{rank}-actual_value": "20",
            f"targets_reviewed-{rank}-actual_text": "xếp thứ 20/27",
            f"targets_reviewed-{share}-actual_value": "95",
            f"targets_reviewed-{share}-actual_text": "95%",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    targets = {t.title: t for t in Target.objects.all()}
    assert targets["Xếp hạng thi đua trong khối"].assessment == Assessment.NOT_ACHIEVED
    assert targets["Đảng viên HTTNV trở lên"].assessment == Assessment.NOT_ACHIEVED


# On the public pages ------------------------------------------------------------------------


@pytest.fixture
def congress_with_targets(committee):
    congress = MeetingFactory(
        organisation=committee,
        title="Đại hội Đảng bộ Trường nhiệm kỳ 2020-2025",
        date=datetime.date(2020, 6, 15),
    )
    Target.objects.create(
        organisation=committee,
        term="2020-2025",
        title="Kết nạp ít nhất 10 đảng viên mới",
        value_kind=ValueKind.COUNT,
        planned_min=10,
        adopted_at=congress,
    )
    Target.objects.create(
        organisation=committee,
        year=2020,
        title="Hoàn thành kế hoạch đào tạo năm 2020",
        value_kind=ValueKind.PERCENT,
        comparison=Comparison.ABOVE,
        planned_min=95,
        adopted_at=congress,
    )
    return congress


def test_term_targets_are_shown_under_their_term_on_the_organisation_page(
    client, committee, congress_with_targets
):
    url = reverse("news:organisation-targets", kwargs={"slug": committee.slug, "year": 2022})
    assert client.get(url).status_code == 404  # nothing public before the report is published
    ReportFactory(meeting=congress_with_targets)
    response = client.get(url)
    assertContains(response, "Chỉ tiêu nhiệm kỳ 2020-2025")
    assertContains(response, "Kết nạp ít nhất 10 đảng viên mới")
    assertNotContains(response, "Hoàn thành kế hoạch đào tạo năm 2020")
    # Every year of the term is offered.
    assert {2020, 2021, 2025} <= set(response.context["target_years"])
    assert 2026 not in response.context["target_years"]
    year_page = client.get(url.replace("2022", "2020"))
    assertContains(year_page, "Hoàn thành kế hoạch đào tạo năm 2020")
    # A strict bound typed only as a number is written with its word.
    assertContains(year_page, "trên 95%")


def test_the_article_shows_the_term_targets_its_meeting_adopted(
    client, committee, congress_with_targets
):
    report = ReportFactory(meeting=congress_with_targets)
    ReportBlock.objects.create(report=report, order=1, type=BlockType.TARGETS, targets_year=2020)
    response = client.get(report.get_absolute_url())
    assertContains(response, "Chỉ tiêu nhiệm kỳ 2020-2025")
    assertContains(response, "Kết nạp ít nhất 10 đảng viên mới")
    assertContains(response, "Hoàn thành kế hoạch đào tạo năm 2020")


def test_the_draft_of_a_congress_report_has_a_table_for_its_term_targets(
    congress_with_targets,
):
    Target.objects.filter(year__isnull=False).delete()
    assert term_table_years(congress_with_targets) == {2020}
    congress_with_targets.date = datetime.date(2019, 12, 20)  # held before its term began
    assert term_table_years(congress_with_targets) == {2020}
