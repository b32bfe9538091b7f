"""Issue 12's seams between the parts built in parallel: the minutes' subtitle, the addendum
form's warning, the public cache and members' names, the meeting list's queries, term targets
reviewed, the interchange's references and the year-end documents."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document as Docx

from branchapp import page_dependencies
from branchapp.models import (
    MeetingKind,
    MeetingKindTag,
    MemberEvent,
    MemberEventType,
    ReportStatus,
)
from branchapp.scoping import SECRETARIAT_ROLE

from .factories import CellFactory, MeetingFactory, MemberFactory, ReportFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell():
    return CellFactory(name="Chi bộ Khu phố 5", parent__name="Đảng bộ phường Tân Định")


@pytest.fixture
def secretary(client, cell):
    user = user_with_role(SECRETARIAT_ROLE, cell.parent)
    client.force_login(user)
    return user


def monthly(cell, **fields):
    meeting = MeetingFactory(organisation=cell, **fields)
    MeetingKindTag.objects.create(meeting=meeting, kind=MeetingKind.MONTHLY)
    return meeting


def docx_paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Docx(io.BytesIO(content)).paragraphs]


# -- 7. the minutes' subtitle ---------------------------------------------------------------


def test_the_minutes_subtitle_names_the_month_reviewed(client, cell, secretary):
    """Held on 3 October to review September: “Sinh hoạt chi bộ định kỳ tháng 9 năm 2025”."""
    meeting = monthly(
        cell,
        title="Sinh hoạt chi bộ định kỳ tháng 9/2025",
        date=datetime.date(2025, 10, 3),
        review_from=datetime.date(2025, 9, 1),
        review_to=datetime.date(2025, 9, 30),
        plan_from=datetime.date(2025, 10, 1),
        plan_to=datetime.date(2025, 10, 31),
    )
    response = client.get(reverse("yearend:minutes_docx", args=[meeting.pk]))
    assert response.status_code == 200
    paragraphs = docx_paragraphs(response.content)
    assert "Sinh hoạt chi bộ định kỳ tháng 9 năm 2025" in paragraphs
    assert "Sinh hoạt chi bộ định kỳ tháng 10 năm 2025" not in paragraphs
    page = client.get(reverse("yearend:minutes", args=[meeting.pk])).content.decode()
    assert "tháng 9 năm 2025" in page

    # Without a reviewed period (or with one longer than a month), the date names the month.
    meeting.review_from = meeting.review_to = None
    meeting.save()
    paragraphs = docx_paragraphs(
        client.get(reverse("yearend:minutes_docx", args=[meeting.pk])).content
    )
    assert "Sinh hoạt chi bộ định kỳ tháng 10 năm 2025" in paragraphs
    meeting.review_from = datetime.date(2025, 7, 1)
    meeting.review_to = datetime.date(2025, 9, 30)
    meeting.save()
    paragraphs = docx_paragraphs(
        client.get(reverse("yearend:minutes_docx", args=[meeting.pk])).content
    )
    assert "Sinh hoạt chi bộ định kỳ tháng 10 năm 2025" in paragraphs


# -- 8. the addendum form warns before unsaved changes are lost --------------------------------


def test_the_addendum_form_warns_before_leaving_with_unsaved_text(client, cell, secretary):
    meeting = monthly(cell, minutes_approved_at=datetime.datetime(2025, 10, 4, tzinfo=datetime.UTC))
    html = client.get(reverse("workspace:meeting_detail", args=[meeting.pk])).content.decode()
    start = html.index(
        'action="{}"'.format(reverse("workspace:meeting_addendum", args=[meeting.pk]))
    )
    form_tag = html[html.rindex("<form", 0, start) : html.index(">", start)]
    assert "data-unsaved-warning" in form_tag
    assert "js/unsaved" in html


# -- 9. a member's save moves an article only for a new name of someone it names -----------------


def test_only_a_new_name_of_a_member_on_a_published_article_moves_the_article(cell):
    admitted = MemberFactory(full_name="Lê Thị Kếtnạp", organisation=cell)
    other = MemberFactory(full_name="Phan Văn Khác", organisation=cell)
    meeting = monthly(cell, date=datetime.date(2025, 10, 3))
    MemberEvent.objects.create(
        member=admitted,
        organisation=cell,
        type=MemberEventType.ADMISSION,
        date=meeting.date,
        meeting=meeting,
    )
    report = ReportFactory(meeting=meeting)

    article = page_dependencies.report(report.pk)

    def moved(change) -> bool:
        before = page_dependencies.versions([article])
        change()
        return page_dependencies.versions([article]) != before

    def save(member, **fields):
        def change():
            for name, value in fields.items():
                setattr(member, name, value)
            member.save()

        return change

    # Personal data of the admitted member, or anything of a member on no article: unchanged.
    assert not moved(save(admitted, phone="0909000111"))
    assert not moved(save(admitted, birth_date=datetime.date(1999, 9, 9)))
    assert not moved(save(admitted, full_name="Lê Thị Kếtnạp"))  # the same name
    assert not moved(save(other, full_name="Phan Văn Khácmới"))
    # A corrected name of the member named on the article: the article is rendered again.
    assert moved(save(admitted, full_name="Lê Thị Kết Nạp"))
    # A report taken back to draft no longer shows them.
    report.status = ReportStatus.DRAFT
    report.save()
    assert not moved(save(admitted, full_name="Lê Thị Kết Nạp Hai"))


# -- 4. the meeting list: the quorum of every meeting in a fixed number of queries -------------


def meetings_with_quorums(cell, scale: int) -> None:
    """`scale` times: a counts-only meeting met, one below quorum, a roll meeting below
    quorum (2 of 5 full members), and a congress below its two thirds."""
    from branchapp.models import Attendance, AttendanceMode, AttendanceStatus, MemberCategory

    for n in range(scale):
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=n)
        counts = {"attendance_mode": AttendanceMode.COUNTS}
        monthly(cell, date=day, convened=20, present=18, present_full=18, **counts)
        monthly(cell, date=day, convened=20, present=6, present_full=6, unexcused=14, **counts)
        roll = monthly(cell, date=day, convened=5, present=2, present_full=2, unexcused=3)
        for order, status in enumerate([AttendanceStatus.PRESENT] * 2 + ["unexcused"] * 3):
            Attendance.objects.create(
                meeting=roll,
                name=f"Đảng viên {n}-{order}",
                category=MemberCategory.FULL,
                status=status,
                order=order,
            )
        congress = MeetingFactory(
            organisation=cell, date=day, convened=30, present=19, present_full=19, **counts
        )
        MeetingKindTag.objects.create(meeting=congress, kind=MeetingKind.CONGRESS)


@pytest.mark.parametrize("scale", [1, 6])
def test_the_meeting_list_flags_quorums_in_a_fixed_number_of_queries(
    client, cell, secretary, scale, django_assert_max_num_queries
):
    from .factories import default_majority_rules

    default_majority_rules()
    meetings_with_quorums(cell, scale)  # 4 or 24 meetings: one page of 25
    with django_assert_max_num_queries(14):
        response = client.get(reverse("workspace:meeting_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("ws-below-quorum") == 3 * scale
    assert "19/30" in html  # the congress: 19 of 30 full members convened, two thirds needed


# -- 3. term targets reviewed at a congress or a year-end review -------------------------------


def test_a_year_end_review_reviews_the_term_targets_covering_its_year(client, cell, secretary):
    from branchapp.models import Meeting

    from .factories import TargetFactory
    from .test_meeting_dates import entry_data, new_url

    yearly = TargetFactory(organisation=cell, year=2025, title="Kết nạp 02 đảng viên")
    term = TargetFactory(
        organisation=cell, year=None, term="2025-2030", title="Chi bộ đạt Hoàn thành tốt nhiệm vụ"
    )
    TargetFactory(organisation=cell, year=None, term="2020-2024", title="Chỉ tiêu nhiệm kỳ trước")
    # A monthly meeting reviews the month's work: no term targets.
    monthly_page = client.get(new_url(cell, "2025-10", MeetingKind.MONTHLY))
    assert term not in [f.instance for f in monthly_page.context["entry"].targets_reviewed.forms]

    url = new_url(cell, "2026-01", MeetingKind.REVIEW_CONFERENCE)
    page = client.get(url)
    offered = [f.instance for f in page.context["entry"].targets_reviewed.forms]
    assert offered == [yearly, term]
    html = page.content.decode()
    assert "Chi bộ đạt Hoàn thành tốt nhiệm vụ" in html
    assert "Chỉ tiêu nhiệm kỳ trước" not in html

    data = entry_data(client, url)
    data.update(
        {
            "meeting-title": "Hội nghị kiểm điểm, đánh giá năm 2025",
            "meeting-date": "13/01/2026",
            "targets_reviewed-1-reviewed": "on",
            "targets_reviewed-1-actual_value": "100",
            "targets_reviewed-1-actual_text": "Hoàn thành tốt nhiệm vụ",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    term.refresh_from_db()
    meeting = Meeting.objects.get()
    assert term.reviewed_at == meeting
    assert term.actual_text == "Hoàn thành tốt nhiệm vụ"
    detail = client.get(reverse("workspace:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Chi bộ đạt Hoàn thành tốt nhiệm vụ" in detail
    # Reopened, the page still offers (and shows reviewed) the term target.
    edit = client.get(response.url)
    assert term in [f.instance for f in edit.context["entry"].targets_reviewed.forms]


# -- 5. the interchange: every organisation named as the meeting's; no stale roll --------------


def test_export_names_other_organisations_by_code_when_names_collide_and_drops_a_stale_roll():
    from branchapp import models as m
    from branchapp.interchange.export import build_document, meetings_queryset
    from branchapp.interchange.format import ImageSink

    from .factories import OrganisationFactory, TargetFactory

    commune = OrganisationFactory(name="Đảng bộ xã An Phong", code="XA-AP")
    other_commune = OrganisationFactory(name="Đảng bộ xã Tân Hòa", code="XA-TH")
    ours = CellFactory(name="Chi bộ Ấp 1", code="AP-01", parent=commune)
    theirs = CellFactory(name="Chi bộ Ấp 1", code="TH-01", parent=other_commune)
    meeting = MeetingFactory(
        organisation=commune,
        title="Hội nghị tổng kết năm 2024",
        date=datetime.date(2025, 1, 10),
        attendance_mode=m.AttendanceMode.COUNTS,
        convened=20,
        present=18,
        excused=2,
    )
    meeting.other_organisations.add(theirs)
    # A roll left from before the meeting was switched to numbers only.
    m.Attendance.objects.create(meeting=meeting, name="Nguyễn Văn Cũ", status="unexcused")
    TargetFactory(organisation=ours, year=2024, title="Chỉ tiêu của Chi bộ Ấp 1", adopted_at=None)
    m.Target.objects.filter(title="Chỉ tiêu của Chi bộ Ấp 1").update(reviewed_at=meeting)
    m.OrganisationRating.objects.create(
        organisation=ours, year=2024, level=m.RatingLevel.GOOD, meeting=meeting
    )
    m.RatingTally.objects.create(
        meeting=meeting, organisation=ours, year=2024, scope=m.RatingTally.Scope.MEMBERS, rated=9
    )
    m.OrganisationFigures.objects.create(meeting=meeting, organisation=ours, year=2024, members=9)
    report = ReportFactory(meeting=meeting)
    m.ReportBlock.objects.create(
        report=report,
        order=1,
        type=m.BlockType.TARGETS,
        targets_year=2024,
        targets_organisation=ours,
    )

    data = build_document(list(meetings_queryset()), ImageSink("images", inline=True))
    (exported,) = data["meetings"]
    assert exported["other_organisations"] == ["TH-01"]
    assert [t["organisation"] for t in exported["targets"]] == ["AP-01"]
    rated = [r for r in exported["rating_results"] if "organisation_rated" in r]
    assert [r["organisation_rated"] for r in rated] == ["AP-01"]
    tallies = [r for r in exported["rating_results"] if "scope" in r]
    assert [r["organisation"] for r in tallies] == ["AP-01"]
    assert [s["organisation"] for s in exported["statistics"]] == ["AP-01"]
    blocks = [b for b in exported["body"] if b["type"] == "targets"]
    assert [b["organisation"] for b in blocks] == ["AP-01"]
    # Numbers only: the figures, no records from the stale roll.
    assert exported["attendance"]["present"] == 18
    assert exported["attendance"]["records"] == []
    assert exported["attendance"]["absent"] == []
    assert "Nguyễn Văn Cũ" not in str(data)
    # Names no other organisation of the file shares stay names.
    assert exported["organisation"] == "Đảng bộ xã An Phong"


# -- 6. the year-end targets documents: comparison words and term targets -------------------


def test_the_year_end_targets_documents_write_strict_bounds_ranks_and_term_targets(
    client, cell, secretary
):
    from decimal import Decimal

    from openpyxl import load_workbook

    from branchapp.models import Comparison, ValueKind

    from .factories import TargetFactory

    TargetFactory(
        organisation=cell,
        year=2025,
        order=1,
        title="Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ",
        comparison=Comparison.ABOVE,
        planned_min=Decimal("95"),
        actual_value=Decimal("96"),
    )
    TargetFactory(
        organisation=cell,
        year=2025,
        order=2,
        title="Xếp hạng thi đua của phường",
        value_kind=ValueKind.RANK,
        planned_min=Decimal("15"),
        actual_value=Decimal("20"),
    )
    TargetFactory(
        organisation=cell,
        year=None,
        term="2025-2030",
        title="Kết nạp 10 đảng viên trong nhiệm kỳ",
        value_kind=ValueKind.COUNT,
        planned_min=Decimal("10"),
        actual_value=None,
    )
    TargetFactory(organisation=cell, year=None, term="2020-2024", title="Chỉ tiêu nhiệm kỳ cũ")

    docx = client.get(reverse("yearend:targets_docx", args=[cell.pk, 2025]))
    assert docx.status_code == 200
    cells = [c.text for t in Docx(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells]
    xlsx = client.get(reverse("yearend:targets_xlsx", args=[cell.pk, 2025]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    for text in (cells, values):
        assert "trên 95%" in text
        assert "xếp thứ 15" in text
        assert "Chỉ tiêu nhiệm kỳ 2025-2030" in text
        assert "Kết nạp 10 đảng viên trong nhiệm kỳ" in text
        assert "Chỉ tiêu nhiệm kỳ cũ" not in text
    # A rank of 20th against a plan of 15th is not met (lower is better).
    row = cells.index("Xếp hạng thi đua của phường")
    assert "Không đạt" in cells[row : row + 5]
