"""The scheduled publication time is typed day-first on the 24-hour clock, as every date of the
workspace (issue 12, item 9)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from branchapp.models import BlockType, MeetingKind, Report

from .test_workspace_reports import (  # noqa: F401 (fixtures)
    editor_data,
    meeting,
    report,
    secretary,
)

pytestmark = pytest.mark.django_db


def test_a_publication_time_typed_day_first_is_the_4th_of_october(client, report, meeting):  # noqa: F811
    page = client.get(reverse("workspace:report_preview", args=[meeting.pk]))
    assertContains(page, 'placeholder="dd/mm/yyyy HH:MM"')
    assert 'type="datetime-local"' not in page.content.decode()
    publish = reverse("workspace:report_publish", args=[meeting.pk])
    client.post(publish, {"action": "schedule", "publish_at": "4/10/2999 08:00"})
    report = Report.objects.get(pk=report.pk)
    when = timezone.localtime(report.published_at)
    assert (when.date(), when.time()) == (datetime.date(2999, 10, 4), datetime.time(8, 0))


def test_an_unreadable_publication_time_says_how_to_type_it(client, report, meeting):  # noqa: F811
    publish = reverse("workspace:report_publish", args=[meeting.pk])
    response = client.post(
        publish, {"action": "schedule", "publish_at": "10/25/2999 8pm"}, follow=True
    )
    assertContains(
        response, "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 04/10/2025 08:00."
    )


def test_a_targets_table_added_to_a_january_year_end_review_shows_the_reviewed_year(
    client,
    report,  # noqa: F811
    meeting,  # noqa: F811
):
    meeting.date = datetime.date(2026, 1, 13)
    meeting.title = "Hội nghị kiểm điểm, đánh giá, xếp loại năm 2025"
    meeting.save()
    meeting.kinds.create(kind=MeetingKind.REVIEW_CONFERENCE)
    url = reverse("workspace:report_edit", args=[meeting.pk])
    client.post(url, editor_data(client, meeting, add="targets"))
    block = report.blocks.get(type=BlockType.TARGETS)
    assert block.targets_year == 2025
