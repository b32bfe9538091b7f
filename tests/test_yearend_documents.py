"""Minutes as DOCX (opened with python-docx) and as a print view; statistics and targets files."""

import datetime
import io

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from docx import Document
from openpyxl import load_workbook

from branchapp.documents.minutes import minutes_for, vn_date_words
from branchapp.documents.yearend import statistics_tables, statistics_xlsx
from branchapp.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    MeetingKind,
    MeetingPerson,
    MemberCategory,
    Opinion,
    Organisation,
    ParticipantRole,
    PartOfDay,
    RatingLevel,
)
from branchapp.sample import COMMITTEE_NAME, load_sample
from branchapp.selectors.statistics import EVENT_LABELS, year_statistics

from .factories import CellFactory, MeetingFactory, OrganisationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    committee = OrganisationFactory(
        name="Đảng bộ Trường Chính trị tỉnh Đồng Tháp", place="Đồng Tháp"
    )
    cell = CellFactory(parent=committee, name="Chi bộ Khoa Xây dựng Đảng")
    meeting = MeetingFactory(
        organisation=cell,
        title="Sinh hoạt chi bộ tháng 12",
        date=datetime.date(2021, 12, 31),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        place="Hội trường A",
        conclusion="Thống nhất kế hoạch năm 2022.",
    )
    meeting.kinds.create(kind=MeetingKind.MONTHLY)
    MeetingPerson.objects.create(
        meeting=meeting,
        role=ParticipantRole.CHAIR,
        name="Nguyễn Phước Dũng",
        position="Bí thư Chi bộ",
    )
    MeetingPerson.objects.create(
        meeting=meeting,
        role=ParticipantRole.MINUTE_TAKER,
        name="Mai Quang Khả",
        position="Chi ủy viên",
    )
    roll = [
        ("Nguyễn Phước Dũng", MemberCategory.FULL, AttendanceStatus.PRESENT, ""),
        ("Mai Quang Khả", MemberCategory.FULL, AttendanceStatus.PRESENT, ""),
        ("Trần Thị Mỹ Linh", MemberCategory.PROBATIONARY, AttendanceStatus.PRESENT, ""),
        ("Phạm Văn Đức", MemberCategory.FULL, AttendanceStatus.EXCUSED, "Đi công tác"),
        ("Lý Thị Kim Cúc", MemberCategory.FULL, AttendanceStatus.UNEXCUSED, ""),
        ("Võ Văn Tạm", MemberCategory.TEMPORARY, AttendanceStatus.PRESENT, ""),
    ]
    for order, (name, category, status, reason) in enumerate(roll):
        Attendance.objects.create(
            meeting=meeting, name=name, category=category, status=status, reason=reason, order=order
        )
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        title="Đánh giá kết quả năm 2021",
        presenter_name="Nguyễn Phước Dũng",
        presenter_position="Bí thư Chi bộ",
        conclusion="Chi bộ hoàn thành tốt nhiệm vụ.",
    )
    Opinion.objects.create(
        agenda_item=item,
        name="Mai Quang Khả",
        position="Chi ủy viên",
        summary="Đề nghị bổ sung kết quả công tác kiểm tra.",
        order=1,
    )
    Opinion.objects.create(
        agenda_item=item,
        name="Trần Thị Mỹ Linh",
        summary="Thống nhất với dự thảo báo cáo.",
        order=2,
    )
    return meeting


@pytest.fixture
def secretary(meeting):
    user = user_with_role("Văn phòng", meeting.organisation.parent)
    return user


def docx_text(content: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[cell.text for row in t.rows for cell in row.cells] for t in document.tables]
    return paragraphs, tables


def test_date_words_follow_the_administrative_rule():
    assert vn_date_words(datetime.date(2021, 12, 31)) == "ngày 31 tháng 12 năm 2021"
    assert vn_date_words(datetime.date(2022, 2, 3)) == "ngày 03 tháng 02 năm 2022"


def test_minutes_docx_has_the_party_layout(client, meeting, secretary):
    client.force_login(secretary)
    response = client.get(f"/workspace/nam/bien-ban/{meeting.pk}.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    paragraphs, tables = docx_text(response.content)
    header = tables[0]
    assert "ĐẢNG BỘ TRƯỜNG CHÍNH TRỊ TỈNH ĐỒNG THÁP\nCHI BỘ KHOA XÂY DỰNG ĐẢNG\n*" == header[0]
    assert header[1] == "ĐẢNG CỘNG SẢN VIỆT NAM\nĐồng Tháp, ngày 31 tháng 12 năm 2021"
    text = "\n".join(paragraphs)
    assert "BIÊN BẢN" in paragraphs
    assert "Sinh hoạt chi bộ định kỳ tháng 12 năm 2021" in paragraphs
    assert "Thời gian: Bắt đầu lúc 14 giờ 00, ngày 31 tháng 12 năm 2021." in paragraphs
    assert "Địa điểm: Hội trường A." in paragraphs
    assert "Chủ trì: Đồng chí Nguyễn Phước Dũng, Bí thư Chi bộ." in paragraphs
    assert "Thư ký: Đồng chí Mai Quang Khả, Chi ủy viên." in paragraphs
    # Counts by category, the temporarily attached member apart.
    assert "- Tổng số đảng viên của chi bộ: 05 đồng chí (chính thức: 04; dự bị: 01)." in paragraphs
    assert "- Đảng viên sinh hoạt tạm thời: 01 đồng chí." in paragraphs
    assert (
        "- Có mặt: 04 đồng chí (chính thức: 02; dự bị: 01; sinh hoạt tạm thời: 01)." in paragraphs
    )
    assert "   + Vắng có lý do: Đồng chí Phạm Văn Đức (Đi công tác)." in paragraphs
    assert "   + Vắng không lý do: Đồng chí Lý Thị Kim Cúc." in paragraphs
    assert "Trình bày: Đồng chí Nguyễn Phước Dũng, Bí thư Chi bộ." in paragraphs
    assert (
        "- Đồng chí Mai Quang Khả, Chi ủy viên: Đề nghị bổ sung kết quả công tác kiểm tra."
        in paragraphs
    )
    assert "- Đồng chí Trần Thị Mỹ Linh: Thống nhất với dự thảo báo cáo." in paragraphs
    assert "Kết luận: Chi bộ hoàn thành tốt nhiệm vụ." in paragraphs
    assert "Thống nhất kế hoạch năm 2022." in text
    assert "Buổi sinh hoạt kết thúc lúc 16 giờ 30 cùng ngày." in text
    signatures = tables[1]
    assert signatures[0].split("\n")[0] == "THƯ KÝ" and "Mai Quang Khả" in signatures[0]
    assert signatures[1].startswith("T/M CHI BỘ\nCHỦ TRÌ") and "Nguyễn Phước Dũng" in signatures[1]


def test_minutes_print_view_shows_the_same(client, meeting, secretary):
    client.force_login(secretary)
    html = client.get(f"/workspace/nam/bien-ban/{meeting.pk}/").content.decode()
    for text in (
        "CHI BỘ KHOA XÂY DỰNG ĐẢNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Đồng Tháp, ngày 31 tháng 12 năm 2021",
        "T/M CHI BỘ",
        "Đồng chí Phạm Văn Đức (Đi công tác)",
        "Thống nhất với dự thảo báo cáo.",
    ):
        assert text in html


def test_minutes_of_another_organisation_are_not_found(client, meeting):
    stranger = user_with_role("Văn phòng", OrganisationFactory())
    client.force_login(stranger)
    assert client.get(f"/workspace/nam/bien-ban/{meeting.pk}.docx").status_code == 404
    assert client.get(f"/workspace/nam/bien-ban/{meeting.pk}/").status_code == 404


def test_committee_minutes_from_counts_only(client):
    load_sample()
    committee = Organisation.objects.get(name=COMMITTEE_NAME)
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    meeting = committee.meetings.get()
    paragraphs, tables = docx_text(client.get(f"/workspace/nam/bien-ban/{meeting.pk}.docx").content)
    assert tables[0][0].startswith("ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH ĐỒNG THÁP\nĐẢNG BỘ TRƯỜNG")
    assert "Chủ trì: Đồng chí Lê Minh Hiếu, Đảng ủy viên, Chủ tịch Công đoàn cơ sở." in paragraphs
    assert tables[1][1].startswith("T/M ĐẢNG ỦY")


def test_statistics_and_targets_as_xlsx_and_docx(client):
    load_sample()
    committee = Organisation.objects.get(name=COMMITTEE_NAME)
    client.force_login(UserFactory(is_superuser=True))
    base = f"/workspace/nam/{committee.pk}/2021/"
    workbook = load_workbook(io.BytesIO(client.get(base + "thong-ke.xlsx").content))
    ratings = workbook["Xếp loại chất lượng"]
    rows = {r[0]: r[1:] for r in ratings.iter_rows(min_row=4, values_only=True)}
    assert rows["Hoàn thành xuất sắc nhiệm vụ"] == (4, 1)
    assert rows["Hoàn thành tốt nhiệm vụ"] == (16, 3)
    inspections = {
        r[0]: r[1] for r in workbook["Kiểm tra, giám sát"].iter_rows(min_row=4, values_only=True)
    }
    assert inspections == {"Kiểm tra": 2, "Giám sát": 2}

    _paragraphs, tables = docx_text(client.get(base + "thong-ke.docx").content)
    assert any("Kết nạp đảng viên" in cells and "1" in cells for cells in tables)

    targets = load_workbook(io.BytesIO(client.get(base + "chi-tieu.xlsx").content)).active
    lines = list(targets.iter_rows(min_row=4, values_only=True))
    assert len(lines) == 7
    assert lines[0][0] == 1 and lines[0][5] == "Vượt"
    assert lines[2][5] == "Đạt"
    _p, tables = docx_text(client.get(base + "chi-tieu.docx").content)
    assert tables[0][:6] == [
        "STT",
        "Chỉ tiêu",
        "Kế hoạch",
        "Kết quả",
        "Giá trị thực hiện",
        "Đánh giá",
    ]


def test_documents_stay_vietnamese_when_the_page_is_english(client, meeting, secretary):
    meeting.start_time = None
    meeting.part_of_day = PartOfDay.MORNING
    meeting.save()
    client.force_login(secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/workspace/nam/bien-ban/{meeting.pk}/").content.decode()
    assert "Download DOCX" in page  # the page around the minutes is English
    assert "Thời gian: Buổi sáng ngày 31 tháng 12 năm 2021." in page
    paragraphs, tables = docx_text(client.get(f"/workspace/nam/bien-ban/{meeting.pk}.docx").content)
    assert "Thời gian: Buổi sáng ngày 31 tháng 12 năm 2021." in paragraphs
    assert "Chủ trì: Đồng chí Nguyễn Phước Dũng, Bí thư Chi bộ." in paragraphs
    assert (
        "- Có mặt: 04 đồng chí (chính thức: 02; dự bị: 01; sinh hoạt tạm thời: 01)." in paragraphs
    )
    assert "   + Vắng không lý do: Đồng chí Lý Thị Kim Cúc." in paragraphs
    assert tables[1][0].startswith("THƯ KÝ") and tables[1][1].startswith("T/M CHI BỘ\nCHỦ TRÌ")


def test_statistics_files_stay_vietnamese_when_the_page_is_english(client):
    load_sample()
    committee = Organisation.objects.get(name=COMMITTEE_NAME)
    client.force_login(UserFactory(is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    base = f"/workspace/nam/{committee.pk}/2021/"
    workbook = load_workbook(io.BytesIO(client.get(base + "thong-ke.xlsx").content))
    assert workbook.sheetnames[:3] == ["Đảng viên", "Biến động đảng viên", "Sinh hoạt"]
    meetings = list(workbook["Sinh hoạt"].iter_rows(min_row=4, values_only=True))
    assert meetings[0] == ("sinh hoạt chi bộ thường kỳ", 0, 48, "0,00%")
    members = [r[0] for r in workbook["Đảng viên"].iter_rows(min_row=4, values_only=True)]
    assert members == ["Chính thức", "Dự bị", "Sinh hoạt tạm thời", "Miễn sinh hoạt", "Tổng số"]
    targets = load_workbook(io.BytesIO(client.get(base + "chi-tieu.xlsx").content)).active
    assert targets.title == "Chỉ tiêu 2021"
    assert targets["A1"].value.startswith("Kết quả thực hiện chỉ tiêu năm 2021 – ")
    assert [r[5] for r in targets.iter_rows(min_row=4, max_row=4, values_only=True)] == ["Vượt"]


def test_labels_are_the_model_choices_in_the_document_language(meeting):
    """Rendered in another language, the labels follow the choices: they are not copies."""
    meeting.start_time = None
    meeting.part_of_day = PartOfDay.EVENING
    meeting.save()
    stats = year_statistics(meeting.organisation, 2021)
    for language in ("vi", "en"):
        with translation.override(language):
            part_of_day = capfirst(str(PartOfDay.EVENING.label))
            levels = [str(level.label) for level in RatingLevel]
            events = [str(EVENT_LABELS[key]) for key in stats.events]
            tables = {title: rows for title, _headers, rows in statistics_tables(stats)}
        assert minutes_for(meeting, language=language).time_line.startswith(part_of_day)
        ratings = tables["Xếp loại chất lượng" if language == "vi" else "Quality ratings"]
        assert [row[0] for row in ratings[:4]] == levels
        workbook = load_workbook(io.BytesIO(statistics_xlsx(stats, language=language)))
        rows = workbook.worksheets[1].iter_rows(min_row=4, values_only=True)
        assert [r[0] for r in rows] == events
    assert levels[0] == "excellently completed duties (HTXSNV)"
    assert minutes_for(meeting).time_line == "Buổi tối ngày 31 tháng 12 năm 2021"
