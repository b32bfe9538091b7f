"""The review step: a cell secretary submits, the committee's office publishes or returns with a
comment, where the organisation wants a review (issue 16)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.models import (
    OrganisationKind,
    Report,
    ReportPublishing,
    ReportStatus,
    ReviewAction,
    ReviewState,
)
from branchapp.scoping import CELL_SECRETARY_ROLE, SECRETARIAT_ROLE

from .factories import CellFactory, MeetingFactory, OrganisationFactory, user_with_role
from .test_workspace_reports import editor_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return OrganisationFactory(
        name="Đảng bộ Trường Chính trị", report_publishing=ReportPublishing.REVIEW
    )


@pytest.fixture
def meeting(committee):
    cell = CellFactory(name="Chi bộ Khoa Lý luận", parent=committee)
    return MeetingFactory(organisation=cell, title="Sinh hoạt chi bộ tháng 11/2026")


@pytest.fixture
def cell_secretary(meeting):
    return user_with_role(CELL_SECRETARY_ROLE, meeting.organisation, first_name="Lan")


@pytest.fixture
def office(committee):
    return user_with_role(SECRETARIAT_ROLE, committee, first_name="Hòa", last_name="Trần")


@pytest.fixture
def report(client, meeting, cell_secretary):
    client.force_login(cell_secretary)
    client.post(reverse("workspace:report_edit", args=[meeting.pk]))
    return Report.objects.get(meeting=meeting)


def preview(client, meeting):
    return client.get(reverse("workspace:report_preview", args=[meeting.pk]))


def url(name, meeting):
    return reverse(f"workspace:{name}", args=[meeting.pk])


def test_cell_secretary_submits_instead_of_publishing(client, report, meeting):
    response = preview(client, meeting)
    assertContains(response, "Gửi duyệt")
    assertNotContains(response, "ws-publish-now")
    # Publishing directly is refused, even posted by hand.
    assert client.post(url("report_publish", meeting), {"action": "now"}).status_code == 403
    assert not Report.objects.published().exists()

    response = client.post(
        url("report_submit", meeting), {"version": response.context["version"]}, follow=True
    )
    assertContains(response, "Báo cáo đã được gửi duyệt")
    assertContains(response, "Đang chờ Văn phòng cấp ủy duyệt.")
    report.refresh_from_db()
    assert report.review_state == ReviewState.SUBMITTED
    assert report.status == ReportStatus.DRAFT
    assert list(report.reviews.values_list("action", flat=True)) == [ReviewAction.SUBMITTED]
    # A second click submits nothing more.
    client.post(url("report_submit", meeting), {"version": response.context["version"]})
    assert report.reviews.count() == 1


def test_office_sees_the_waiting_report_and_publishes_the_latest_version(
    client, report, meeting, cell_secretary, office
):
    client.post(
        url("report_submit", meeting), {"version": preview(client, meeting).context["version"]}
    )
    client.force_login(office)
    dashboard = client.get(reverse("workspace:dashboard"))
    assertContains(dashboard, "Báo cáo chờ duyệt")
    assertContains(dashboard, url("report_preview", meeting))
    page = preview(client, meeting)
    assertContains(page, "ws-publish-now")
    assertContains(page, "Trả lại kèm ý kiến này")
    seen = page.context["version"]

    # The secretary corrects the headline after submitting: the office's page is outdated.
    client.force_login(cell_secretary)
    client.post(
        url("report_edit", meeting),
        editor_data(client, meeting, **{"report-headline": "Tiêu đề đã sửa sau khi gửi"}),
    )
    client.force_login(office)
    response = client.post(
        url("report_publish", meeting), {"action": "now", "version": seen}, follow=True
    )
    assertContains(response, "Báo cáo đã được sửa sau khi bạn mở nó")
    assertContains(response, "Tiêu đề đã sửa sau khi gửi")  # the latest version shown
    assert not Report.objects.published().exists()

    response = client.post(
        url("report_publish", meeting),
        {"action": "now", "version": response.context["version"]},
        follow=True,
    )
    assertContains(response, "Đã xuất bản bản tin.")
    report.refresh_from_db()
    assert report.is_public and report.headline == "Tiêu đề đã sửa sau khi gửi"
    assert report.review_state == ReviewState.NONE
    assert [s.action for s in report.reviews.order_by("at", "id")] == [
        ReviewAction.SUBMITTED,
        ReviewAction.PUBLISHED,
    ]
    assert not client.get(reverse("workspace:dashboard")).context["waiting_review"]


def test_return_with_comment_then_resubmit(client, report, meeting, cell_secretary, office):
    client.post(
        url("report_submit", meeting), {"version": preview(client, meeting).context["version"]}
    )
    client.force_login(office)
    version = preview(client, meeting).context["version"]
    # No comment: refused, nothing changes.
    response = client.post(
        url("report_return", meeting), {"version": version, "comment": " "}, follow=True
    )
    assertContains(response, "Hãy ghi cần sửa gì trước khi trả lại báo cáo.")
    report.refresh_from_db()
    assert report.review_state == ReviewState.SUBMITTED

    comment = "Bổ sung ảnh và sửa tên đồng chí chủ trì."
    response = client.post(
        url("report_return", meeting), {"version": version, "comment": comment}, follow=True
    )
    assertContains(response, "Báo cáo đã được trả lại")
    report.refresh_from_db()
    assert report.review_state == ReviewState.RETURNED

    # The secretary finds it on the dashboard with the comment, and in the editor.
    client.force_login(cell_secretary)
    dashboard = client.get(reverse("workspace:dashboard"))
    assertContains(dashboard, "Báo cáo bị trả lại")
    assertContains(dashboard, comment)
    assertContains(dashboard, url("report_edit", meeting))
    editor = client.get(url("report_edit", meeting))
    assertContains(editor, "Bị trả lại để sửa.")
    assertContains(editor, comment)
    assertContains(editor, "Xem trước và gửi duyệt")

    page = preview(client, meeting)
    assertContains(page, "Gửi duyệt lại")
    client.post(url("report_submit", meeting), {"version": page.context["version"]})
    report.refresh_from_db()
    assert report.review_state == ReviewState.SUBMITTED
    assert not client.get(reverse("workspace:dashboard")).context["returned_reports"]
    assert [s.action for s in report.reviews.order_by("at", "id")] == [
        ReviewAction.SUBMITTED,
        ReviewAction.RETURNED,
        ReviewAction.SUBMITTED,
    ]
    assertContains(preview(client, meeting), "Lịch sử duyệt")


def test_cell_secretary_of_another_committee_cannot_return(client, report, meeting):
    stranger = user_with_role(SECRETARIAT_ROLE, OrganisationFactory())
    client.force_login(stranger)
    response = client.post(url("report_return", meeting), {"comment": "Sửa lại"})
    assert response.status_code == 404
    client.force_login(report.author_user)
    assert client.post(url("report_return", meeting), {"comment": "Tự duyệt"}).status_code == 403


def test_without_review_the_secretary_publishes_directly(client, committee, report, meeting):
    committee.report_publishing = ReportPublishing.INHERIT
    committee.save()
    page = preview(client, meeting)
    assertContains(page, "ws-publish-now")
    assertNotContains(page, "Gửi duyệt")
    assert client.post(url("report_submit", meeting)).status_code == 403
    client.post(url("report_publish", meeting), {"action": "now"})
    assert Report.objects.published().filter(pk=report.pk).exists()


def test_a_cell_may_publish_directly_under_a_reviewing_committee(client, report, meeting):
    cell = meeting.organisation
    assert cell.kind == OrganisationKind.BRANCH
    cell.report_publishing = ReportPublishing.DIRECT
    cell.save()
    client.post(url("report_publish", meeting), {"action": "now"})
    assert Report.objects.published().filter(pk=report.pk).exists()


def test_the_setting_is_in_the_admin(client, committee):
    admin_user = user_with_role("Quản trị", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.get(reverse("admin:branchapp_organisation_change", args=[committee.pk]))
    assertContains(response, "Xuất bản báo cáo")
    assertContains(response, "Văn phòng cấp ủy duyệt và xuất bản")


def test_the_office_sets_who_publishes_in_the_workspace(client, committee, meeting, office):
    cell = meeting.organisation
    other = OrganisationFactory(name="Đảng bộ khác")
    client.force_login(office)
    dashboard = client.get(reverse("workspace:dashboard"))
    assertContains(dashboard, reverse("workspace:publishing_settings"))
    page = client.get(reverse("workspace:publishing_settings"))
    assertContains(page, "Đảng bộ Trường Chính trị")
    assertContains(page, "Chi bộ Khoa Lý luận")
    assertNotContains(page, "Đảng bộ khác")
    assert page.content.decode().count("Văn phòng duyệt</span>") == 2  # the cell follows

    response = client.post(
        reverse("workspace:publishing_settings"),
        {
            f"org-{committee.pk}": ReportPublishing.REVIEW,
            f"org-{cell.pk}": ReportPublishing.DIRECT,
            f"org-{other.pk}": ReportPublishing.REVIEW,  # not the account's: ignored
        },
        follow=True,
    )
    assertContains(response, "Đã đổi cài đặt của 1 tổ chức.")
    cell.refresh_from_db()
    other.refresh_from_db()
    assert cell.report_publishing == ReportPublishing.DIRECT
    assert other.report_publishing == ReportPublishing.INHERIT
    assert response.content.decode().count("Văn phòng duyệt</span>") == 1

    response = client.post(
        reverse("workspace:publishing_settings"), {f"org-{cell.pk}": "anything"}, follow=True
    )
    cell.refresh_from_db()
    assert cell.report_publishing == ReportPublishing.DIRECT  # an odd value changes nothing


def test_a_cell_secretary_cannot_switch_the_review_off(client, meeting, cell_secretary):
    client.force_login(cell_secretary)
    assert client.get(reverse("workspace:publishing_settings")).status_code == 403
    response = client.post(
        reverse("workspace:publishing_settings"),
        {f"org-{meeting.organisation.pk}": ReportPublishing.DIRECT},
    )
    assert response.status_code == 403
    meeting.organisation.refresh_from_db()
    assert meeting.organisation.report_publishing == ReportPublishing.INHERIT
    assertNotContains(
        client.get(reverse("workspace:dashboard")), reverse("workspace:publishing_settings")
    )
