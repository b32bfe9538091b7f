"""Dashboard reminders that resolve something (issue 16): a meeting without a report, a report
not published days after its meeting, last year's member ratings missing, each with the button
that leads to the screen resolving it."""

import datetime
import re
from html import unescape

import pytest
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.models import MemberRating, RatingLevel, Report, ReportStatus
from branchapp.scoping import SECRETARIAT_ROLE, VIEWER_ROLE

from .factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ReportFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def tree():
    committee = OrganisationFactory(name="Đảng bộ Trường")
    cell = CellFactory(name="Chi bộ Đào tạo", parent=committee)
    return committee, cell


def _section(response, css_class):
    match = re.search(
        rf'<ul class="[^"]*{css_class}[^"]*">(.*?)</ul>', response.content.decode(), re.S
    )
    return match[1] if match else ""


def test_a_meeting_without_a_report_gets_its_draft_in_one_click(client, tree):
    committee, cell = tree
    meeting = MeetingFactory(
        organisation=cell,
        title="Sinh hoạt chi bộ tháng trước",
        date=TODAY - datetime.timedelta(days=10),
    )
    MeetingFactory(
        organisation=cell, title="Cuộc họp năm ngoái", date=TODAY - datetime.timedelta(days=200)
    )
    other = MeetingFactory(organisation=CellFactory(), date=TODAY - datetime.timedelta(days=10))
    client.force_login(user_with_role(SECRETARIAT_ROLE, committee))
    response = client.get(reverse("workspace:dashboard"))
    assertContains(response, "Cuộc họp chưa có bài viết")
    section = _section(response, "ws-without-report")
    assert "Sinh hoạt chi bộ tháng trước" in section
    assert "Cuộc họp năm ngoái" not in section  # older than three months
    assert reverse("workspace:report_edit", args=[other.pk]) not in section  # not in scope
    action = reverse("workspace:report_edit", args=[meeting.pk])
    assert f'action="{action}"' in section
    # The button writes the draft from the record and opens the editor.
    response = client.post(action, follow=True)
    assert response.redirect_chain[-1][0] == action
    assertContains(response, "Đã tạo bản nháp từ hồ sơ cuộc họp")
    assert Report.objects.filter(meeting=meeting, status=ReportStatus.DRAFT).exists()
    assert "Sinh hoạt chi bộ tháng trước" not in _section(
        client.get(reverse("workspace:dashboard")), "ws-without-report"
    )


@override_settings(REPORT_PUBLISH_REMINDER_DAYS=7)
def test_a_report_not_published_days_after_its_meeting(client, tree):
    committee, cell = tree
    late = ReportFactory(
        meeting=MeetingFactory(organisation=cell, date=TODAY - datetime.timedelta(days=9)),
        headline="Bài viết còn nằm trong bản nháp",
        status=ReportStatus.DRAFT,
        published_at=None,
    )
    ReportFactory(
        meeting=MeetingFactory(organisation=cell, date=TODAY - datetime.timedelta(days=2)),
        headline="Bài viết mới họp hôm kia",
        status=ReportStatus.DRAFT,
        published_at=None,
    )
    ReportFactory(
        meeting=MeetingFactory(organisation=cell, date=TODAY - datetime.timedelta(days=20)),
        headline="Bài đã xuất bản",
    )
    client.force_login(user_with_role(SECRETARIAT_ROLE, committee))
    response = client.get(reverse("workspace:dashboard"))
    assertContains(response, "Bài chưa xuất bản sau cuộc họp 7 ngày")
    section = _section(response, "ws-unpublished")
    assert "Bài viết còn nằm trong bản nháp" in section and "họp cách đây 9 ngày" in section
    assert "Bài viết mới họp hôm kia" not in section and "Bài đã xuất bản" not in section
    preview = reverse("workspace:report_preview", args=[late.meeting_id])
    assert f'href="{preview}"' in section
    page = client.get(preview)
    assertContains(page, "ws-publish-now")
    client.post(
        reverse("workspace:report_publish", args=[late.meeting_id]),
        {"action": "now", "version": page.context["version"]},
    )
    assert not _section(client.get(reverse("workspace:dashboard")), "ws-unpublished")


def test_last_years_ratings_missing_lead_to_the_rating_grid(client, tree):
    committee, cell = tree
    year = TODAY.year - 1
    rated = MemberFactory(organisation=cell, full_name="Lê Văn Đã Xếp")
    MemberFactory(organisation=cell, full_name="Trần Thị Chưa Xếp")
    MemberFactory(  # admitted this year: nothing to rate for last year
        organisation=cell,
        full_name="Mới Kết Nạp",
        admission_date=datetime.date(TODAY.year, 1, 2),
        confirmation_date=None,
    )
    MemberRating.objects.create(member=rated, organisation=cell, year=year, level=RatingLevel.GOOD)
    client.force_login(user_with_role(SECRETARIAT_ROLE, committee))
    response = client.get(reverse("workspace:dashboard"))
    assertContains(response, f"Còn thiếu xếp loại đảng viên năm {year}")
    section = _section(response, "ws-ratings-missing")
    assert "Chi bộ Đào tạo" in section and "1/2 đảng viên chưa xếp loại" in section
    link = unescape(re.search(r'href="([^"]+)"', section)[1])
    assert link == reverse("yearend:ratings_members", args=[cell.pk, year])
    grid = client.get(link)
    assert grid.status_code == 200
    assertContains(grid, "Trần Thị Chưa Xếp")

    MemberRating.objects.create(
        member=cell.members.get(full_name="Trần Thị Chưa Xếp"),
        organisation=cell,
        year=year,
        level=RatingLevel.COMPLETED,
    )
    assertNotContains(client.get(reverse("workspace:dashboard")), "Còn thiếu xếp loại")


def test_a_viewer_sees_the_reminders_without_buttons_it_cannot_use(client, tree):
    committee, cell = tree
    meeting = MeetingFactory(organisation=cell, date=TODAY - datetime.timedelta(days=10))
    client.force_login(user_with_role(VIEWER_ROLE, committee))
    section = _section(client.get(reverse("workspace:dashboard")), "ws-without-report")
    assert reverse("workspace:meeting_detail", args=[meeting.pk]) in section
    assert "<form" not in section
