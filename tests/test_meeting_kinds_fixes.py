"""Fixes revealed by recording each kind of meeting through the workspace alone
(tests/browser/test_meeting_kinds.py): each checked here on its own."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from branchapp.models import Award, BlockType, Document, ReportBlock
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.services.reports import report_create_from_meeting
from tests.factories import CellFactory, MeetingFactory, MemberFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_an_awards_block_in_the_body_prints_each_decision(client):
    """The generated draft of a badge ceremony lists its awards in the body (and so not in the
    facts section): the decision typed with each award must be printed there too."""
    cell = CellFactory(name="Chi bộ Khoa Lý luận cơ sở", parent__name="Đảng bộ Trường Chính trị")
    member = MemberFactory(full_name="Lê Minh Hiếu", organisation=cell)
    meeting = MeetingFactory(
        organisation=cell, title="Lễ trao Huy hiệu Đảng đợt 7/11", date=datetime.date(2025, 11, 7)
    )
    Award.objects.create(
        form="Huy hiệu Đảng",
        badge_years=30,
        recipient_member=member,
        organisation=cell.parent,
        meeting=meeting,
        issuer="Tỉnh ủy Đồng Tháp",
        decision=Document.objects.create(
            number="1520-QĐ/TU", date=datetime.date(2025, 10, 20), issuer="Tỉnh ủy Đồng Tháp"
        ),
    )
    Award.objects.create(
        form="Giấy khen",
        recipient_name="Võ Thị Thu",
        organisation=cell.parent,
        meeting=meeting,
        issuer="Đảng ủy Trường Chính trị",
    )
    secretary = user_with_role(SECRETARIAT_ROLE, cell.parent)
    report = report_create_from_meeting(meeting=meeting, user=secretary)
    if not report.blocks.filter(type=BlockType.AWARDS).exists():
        ReportBlock.objects.create(report=report, order=99, type=BlockType.AWARDS)

    client.force_login(secretary)
    preview = client.get(reverse("workspace:report_preview", args=[meeting.pk]))
    assertContains(preview, "Huy hiệu Đảng 30 năm")
    assertContains(preview, "số 1520-QĐ/TU ngày 20/10/2025 của Tỉnh ủy Đồng Tháp")
    # Without a decision, who awarded it, as before.
    assertContains(preview, "do Đảng ủy Trường Chính trị trao tặng")
