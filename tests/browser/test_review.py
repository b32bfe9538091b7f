"""The review step in the browser (issue 16): a cell secretary submits a report, the
committee's office returns it with a comment, the secretary corrects and submits it again, the
office publishes it."""

import pytest
from playwright.sync_api import expect

from branchapp.models import ReportPublishing, ReviewState
from branchapp.scoping import CELL_SECRETARY_ROLE, SECRETARIAT_ROLE
from branchapp.services.reports import report_create_from_meeting
from tests.factories import CellFactory, MeetingFactory, OrganisationFactory, user_with_role

PASSWORD = "mat-khau-thu-123"
COMMENT = "Đề nghị ghi rõ tên đồng chí chủ trì trong tiêu đề."


def _sign_in(page, base, username):
    page.goto(f"{base}/tai-khoan/dang-nhap/?next=/workspace/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổng quan")


@pytest.mark.django_db(transaction=True)
def test_submit_return_with_comment_resubmit_publish(browser, live_server):
    committee = OrganisationFactory(
        name="Đảng bộ Trường Chính trị", report_publishing=ReportPublishing.REVIEW
    )
    cell = CellFactory(name="Chi bộ Phòng Đào tạo", parent=committee)
    meeting = MeetingFactory(organisation=cell, title="Sinh hoạt chi bộ tháng 11")
    secretary = user_with_role(CELL_SECRETARY_ROLE, cell, username="bithu", first_name="Lan")
    user_with_role(SECRETARIAT_ROLE, committee, username="vanphong", first_name="Hòa")
    report = report_create_from_meeting(meeting=meeting, user=secretary)
    base = live_server.url
    editor_url = f"{base}/workspace/cuoc-hop/{meeting.pk}/bao-cao/"

    contexts = [browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})]
    contexts.append(browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}))
    try:
        cell_page, office_page = (context.new_page() for context in contexts)
        for page in (cell_page, office_page):
            page.set_default_timeout(15_000)

        # The cell secretary submits: no publish button for her.
        _sign_in(cell_page, base, "bithu")
        cell_page.goto(editor_url)
        cell_page.get_by_role("link", name="Xem trước và gửi duyệt").click()
        expect(cell_page.locator(".ws-publish-now")).to_have_count(0)
        cell_page.get_by_role("button", name="Gửi duyệt").click()
        expect(cell_page.locator(".alert-success")).to_contain_text("Báo cáo đã được gửi duyệt")
        expect(cell_page.locator(".ws-review-state")).to_contain_text(
            "Đang chờ Văn phòng cấp ủy duyệt."
        )

        # The office finds it on the dashboard and returns it with a comment.
        _sign_in(office_page, base, "vanphong")
        waiting = office_page.locator(".ws-waiting-review li", has_text="Sinh hoạt chi bộ tháng 11")
        waiting.get_by_role("link", name="Duyệt").click()
        expect(office_page.locator(".ws-publish-now")).to_be_visible()
        office_page.get_by_role("button", name="Trả lại kèm ý kiến này").click()
        # An empty comment is refused by the browser or the server; nothing is returned.
        report.refresh_from_db()
        assert report.review_state == ReviewState.SUBMITTED
        office_page.fill("textarea[name=comment]", COMMENT)
        office_page.get_by_role("button", name="Trả lại kèm ý kiến này").click()
        expect(office_page.locator(".alert-success")).to_contain_text("Báo cáo đã được trả lại")

        # The secretary sees the comment on her dashboard, corrects and submits again.
        cell_page.goto(f"{base}/workspace/")
        returned = cell_page.locator(".ws-returned li", has_text="Sinh hoạt chi bộ tháng 11")
        expect(returned).to_contain_text(COMMENT)
        returned.get_by_role("link", name="Sửa").click()
        expect(cell_page.locator(".ws-review-comment")).to_contain_text(COMMENT)
        cell_page.fill("#id_report-headline", "Đồng chí Lan chủ trì sinh hoạt chi bộ tháng 11")
        cell_page.click(".ws-actions button.btn-primary")
        expect(cell_page.locator(".alert-success").first).to_be_visible()
        cell_page.get_by_role("link", name="Xem trước và gửi duyệt").click()
        cell_page.get_by_role("button", name="Gửi duyệt lại").click()
        expect(cell_page.locator(".ws-review-state")).to_contain_text("Đang chờ")

        # The office reads the corrected version and publishes it.
        office_page.goto(f"{base}/workspace/")
        office_page.locator(".ws-waiting-review li").get_by_role("link", name="Duyệt").click()
        expect(office_page.locator("#article-title")).to_have_text(
            "Đồng chí Lan chủ trì sinh hoạt chi bộ tháng 11"
        )
        office_page.locator(".ws-publish-now").click()
        expect(office_page.locator(".ws-published")).to_be_visible()
        expect(office_page.locator(".ws-public-link")).to_be_visible()
        office_page.locator("details summary", has_text="Lịch sử duyệt").click()
        expect(office_page.locator(".ws-review-steps li")).to_have_count(4)
        report.refresh_from_db()
        assert report.is_public and report.review_state == ReviewState.NONE
    finally:
        for context in contexts:
            context.close()
