"""Documents the year-end work produces: the minutes of a meeting (DOCX and a print view), and
the year's statistics and target results as XLSX and DOCX tables.

The minutes follow the Party's document layout, which is Vietnamese by regulation, so their
wording is Vietnamese whatever the interface language (like the printed forms they replace).
"""

import datetime
import io
from dataclasses import dataclass, field

from django.utils.formats import number_format
from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..models import (
    AttendanceStatus,
    InspectionCase,
    Meeting,
    MeetingKind,
    MemberCategory,
    OrganisationKind,
    ParticipantRole,
    PartOfDay,
    RatingLevel,
)
from . import spreadsheets

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
PART_OF_DAY = {PartOfDay.MORNING: "Buổi sáng", PartOfDay.AFTERNOON: "Buổi chiều",
               PartOfDay.EVENING: "Buổi tối"}
LEVELS_VI = {
    RatingLevel.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    RatingLevel.GOOD: "Hoàn thành tốt nhiệm vụ",
    RatingLevel.COMPLETED: "Hoàn thành nhiệm vụ",
    RatingLevel.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}
CATEGORY_VI = {
    MemberCategory.FULL: "chính thức",
    MemberCategory.PROBATIONARY: "dự bị",
    MemberCategory.TEMPORARY: "sinh hoạt tạm thời",
    MemberCategory.EXEMPT: "miễn sinh hoạt",
}


def vn_date_words(day: datetime.date) -> str:
    """"ngày 05 tháng 01 năm 2021": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_time(value: datetime.time) -> str:
    return f"{value.hour} giờ {value.minute:02d}"


def two(n) -> str:
    """Counts as the minutes write them: 01, 02 … 10."""
    return f"{n:02d}" if isinstance(n, int) else "…"


# Minutes ------------------------------------------------------------------------------------


@dataclass
class Opinion:
    name: str
    position: str
    summary: str


@dataclass
class AgendaEntry:
    title: str
    presenter: str
    opinions: list[Opinion]
    opinion_count: int | None
    conclusion: str


@dataclass
class Minutes:
    meeting: Meeting
    upper_line: str
    org_line: str
    place_date: str
    title: str
    subtitle: str
    time_line: str
    place: str
    chairs: list[str]
    minute_taker: str
    guests: list[str]
    composition: list[str]
    excused: list[tuple[str, str]]
    unexcused: list[str]
    agenda: list[AgendaEntry]
    conclusion: str
    closing: str
    sign_for: str
    sign_role: str
    chair_name: str
    minute_taker_name: str
    addenda: list[str] = field(default_factory=list)


def _person(p) -> str:
    return f"Đồng chí {p.name}, {p.position}" if p.position else f"Đồng chí {p.name}"


def _place_of(organisation) -> str:
    org = organisation
    while org is not None:
        if org.place:
            return org.place
        org = org.parent
    return ""


def minutes_for(meeting: Meeting) -> Minutes:
    """Everything the minutes print, gathered from the meeting's record."""
    meeting = (
        Meeting.objects.select_related("organisation__parent")
        .prefetch_related(
            "people", "attendance", "agenda__opinions", "kinds", "addenda",
            "organisation__former_names", "organisation__parent__former_names",
        )
        .get(pk=meeting.pk)
    )
    org = meeting.organisation
    day = meeting.date
    org_name = meeting.organisation_name or org.name_on(day)
    parent_name = org.parent.name_on(day) if org.parent_id else ""
    is_cell = org.kind != OrganisationKind.COMMITTEE
    place = _place_of(org)
    place_date = f"{place}, {vn_date_words(day)}" if place else vn_date_words(day).capitalize()

    people = list(meeting.people.all())
    chairs = [p for p in people if p.role == ParticipantRole.CHAIR]
    takers = [p for p in people if p.role == ParticipantRole.MINUTE_TAKER]
    guests = [p for p in people if p.role == ParticipantRole.GUEST]

    if meeting.start_time:
        when = f"Bắt đầu lúc {vn_time(meeting.start_time)}, {vn_date_words(day)}"
    elif meeting.part_of_day:
        when = f"{PART_OF_DAY[meeting.part_of_day]} {vn_date_words(day)}"
    else:
        when = vn_date_words(day).capitalize()

    composition, excused, unexcused = _composition(meeting, is_cell)

    agenda = []
    for item in meeting.agenda.all():
        presenter = item.presenter_name
        if presenter and item.presenter_position:
            presenter = f"{presenter}, {item.presenter_position}"
        agenda.append(
            AgendaEntry(
                item.title,
                presenter,
                [Opinion(o.name, o.position, o.summary) for o in item.opinions.all()],
                item.opinion_count,
                item.conclusion,
            )
        )

    if meeting.end_time:
        closing = f"Buổi sinh hoạt kết thúc lúc {vn_time(meeting.end_time)} cùng ngày."
    else:
        closing = "Buổi sinh hoạt kết thúc cùng ngày."
    if meeting.minutes_locked:
        closing += " Biên bản đã được đọc lại trước hội nghị và được thông qua."

    kinds = meeting.kind_values
    if MeetingKind.MONTHLY in kinds:
        subtitle = f"Sinh hoạt chi bộ định kỳ tháng {day.month} năm {day.year}"
    elif MeetingKind.THEMATIC in kinds and meeting.theme:
        subtitle = f"Sinh hoạt chuyên đề: {meeting.theme}"
    else:
        subtitle = meeting.title
    return Minutes(
        meeting=meeting,
        upper_line=parent_name.upper(),
        org_line=org_name.upper(),
        place_date=place_date,
        title="BIÊN BẢN",
        subtitle=subtitle,
        time_line=when,
        place=meeting.place,
        chairs=[_person(p) for p in chairs],
        minute_taker=_person(takers[0]) if takers else "",
        guests=[_person(p) for p in guests],
        composition=composition,
        excused=excused,
        unexcused=unexcused,
        agenda=agenda,
        conclusion=meeting.conclusion,
        closing=closing,
        sign_for="T/M CHI BỘ" if is_cell else "T/M ĐẢNG ỦY",
        sign_role="CHỦ TRÌ",
        chair_name=chairs[0].name if chairs else "",
        minute_taker_name=takers[0].name if takers else "",
        addenda=[a.text for a in meeting.addenda.all()],
    )


def _composition(meeting, is_cell):
    """The composition lines with their counts, and the named absentees."""
    rows = list(meeting.attendance.all())
    unit = "chi bộ" if is_cell else "đảng bộ"
    excused = [(r.name, r.reason) for r in rows if r.status == AttendanceStatus.EXCUSED]
    unexcused = [r.name for r in rows if r.status == AttendanceStatus.UNEXCUSED]
    if rows:
        by_cat = {c: [r for r in rows if r.category == c] for c in MemberCategory.values}
        full, prob = len(by_cat[MemberCategory.FULL]), len(by_cat[MemberCategory.PROBATIONARY])
        temporary, exempt = len(by_cat[MemberCategory.TEMPORARY]), len(by_cat[MemberCategory.EXEMPT])
        present = [r for r in rows if r.status == AttendanceStatus.PRESENT]

        def present_in(category):
            return sum(1 for r in present if r.category == category)

        lines = [
            f"Tổng số đảng viên của {unit}: {two(full + prob + exempt)} đồng chí "
            f"(chính thức: {two(full + exempt)}; dự bị: {two(prob)}).",
            f"Đảng viên miễn công tác và sinh hoạt đảng: {two(exempt)} đồng chí.",
            f"Đảng viên sinh hoạt tạm thời: {two(temporary)} đồng chí.",
            f"Có mặt: {two(len(present))} đồng chí (chính thức: "
            f"{two(present_in(MemberCategory.FULL) + present_in(MemberCategory.EXEMPT))}; dự bị: "
            f"{two(present_in(MemberCategory.PROBATIONARY))}; sinh hoạt tạm thời: "
            f"{two(present_in(MemberCategory.TEMPORARY))}).",
            f"Vắng có lý do: {two(len(excused))} đồng chí.",
            f"Vắng không lý do: {two(len(unexcused))} đồng chí.",
        ]
        return lines, excused, unexcused
    lines = []
    if meeting.convened is not None:
        lines.append(f"Tổng số đảng viên được triệu tập: {two(meeting.convened)} đồng chí.")
    if meeting.exempt is not None:
        lines.append(f"Đảng viên miễn công tác và sinh hoạt đảng: {two(meeting.exempt)} đồng chí.")
    if meeting.away_elsewhere is not None:
        lines.append(f"Đảng viên sinh hoạt tạm thời nơi khác: {two(meeting.away_elsewhere)} đồng chí.")
    if meeting.present is not None:
        parts = [
            f"{label}: {two(value)}"
            for label, value in (
                ("chính thức", meeting.present_full),
                ("dự bị", meeting.present_probationary),
                ("sinh hoạt tạm thời", meeting.present_temporary),
            )
            if value is not None
        ]
        detail = f" ({'; '.join(parts)})" if parts else ""
        lines.append(f"Có mặt: {two(meeting.present)} đồng chí{detail}.")
        if meeting.convened is not None:
            lines.append(f"Vắng: {two(meeting.convened - meeting.present)} đồng chí.")
    return lines, excused, unexcused


def _set_font(document, size=13):
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    # East-Asian font slot too, so Word does not substitute for Vietnamese letters.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    if fonts is not None:
        fonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia",
                  "Times New Roman")
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin = Cm(3)
        section.right_margin = Cm(1.5)


def _para(container, text="", *, bold=False, italic=False, align=None, size=None, space=4):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space)
    return paragraph


def _header_block(document, upper: str, lower: str, right_top: str, right_bottom: str):
    """The two-column Party header: organisations left, Party name and date line right."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if upper:
        first.add_run(upper).font.size = Pt(13)
        p = left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(lower).bold = True
    else:
        first.add_run(lower).bold = True
    star = left.add_paragraph("*")
    star.alignment = WD_ALIGN_PARAGRAPH.CENTER
    top = right.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = top.add_run(right_top)
    run.bold, run.underline = True, True
    date_line = right.add_paragraph()
    date_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date_line.add_run(right_bottom).italic = True
    return table


def minutes_docx(minutes: Minutes) -> bytes:
    document = DocxDocument()
    _set_font(document)
    _header_block(document, minutes.upper_line, minutes.org_line, PARTY, minutes.place_date)
    _para(document)
    _para(document, minutes.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=15, space=0)
    _para(document, minutes.subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, f"Thời gian: {minutes.time_line}.")
    if minutes.place:
        _para(document, f"Địa điểm: {minutes.place}.")
    _para(document, "I. THÀNH PHẦN", bold=True)
    for chair in minutes.chairs:
        _para(document, f"Chủ trì: {chair}.")
    if minutes.minute_taker:
        _para(document, f"Thư ký: {minutes.minute_taker}.")
    if minutes.guests:
        _para(document, "Đại biểu: " + "; ".join(minutes.guests) + ".")
    for line in minutes.composition:
        _para(document, f"- {line}")
    for name, reason in minutes.excused:
        _para(document, f"   + Vắng có lý do: Đồng chí {name}" + (f" ({reason})." if reason else "."))
    for name in minutes.unexcused:
        _para(document, f"   + Vắng không lý do: Đồng chí {name}.")
    _para(document, "II. NỘI DUNG", bold=True)
    for number, item in enumerate(minutes.agenda, start=1):
        _para(document, f"{number}. {item.title}", bold=True)
        if item.presenter:
            _para(document, f"Trình bày: Đồng chí {item.presenter}.")
        if item.opinions:
            _para(document, "Ý kiến phát biểu:", italic=True)
            for opinion in item.opinions:
                who = f"{opinion.name}, {opinion.position}" if opinion.position else opinion.name
                _para(document, f"- Đồng chí {who}: {opinion.summary}")
        elif item.opinion_count:
            _para(document, f"Có {two(item.opinion_count)} ý kiến phát biểu.")
        if item.conclusion:
            _para(document, f"Kết luận: {item.conclusion}")
    if minutes.conclusion:
        _para(document, "III. KẾT LUẬN", bold=True)
        for line in minutes.conclusion.splitlines():
            if line.strip():
                _para(document, line.strip())
    _para(document, minutes.closing)
    for text in minutes.addenda:
        _para(document, f"Đính chính: {text}", italic=True)
    _para(document)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    for cell, lines in (
        (left, ["THƯ KÝ", "", "", "", minutes.minute_taker_name]),
        (right, [minutes.sign_for, minutes.sign_role, "", "", minutes.chair_name]),
    ):
        first = True
        for text in lines:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                paragraph.add_run(text).bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Statistics and targets ---------------------------------------------------------------------

EVENT_LABELS_VI = {
    "admission": "Kết nạp đảng viên",
    "confirmation": "Công nhận đảng viên chính thức",
    "transfer_in": "Chuyển sinh hoạt đến",
    "transfer_out": "Chuyển sinh hoạt đi",
    "exemption": "Miễn công tác và sinh hoạt đảng",
    "removal": "Xóa tên, khai trừ",
    "deceased": "Từ trần",
}
TALLY_VI = {"exceeded": "Vượt", "achieved": "Đạt", "not_achieved": "Không đạt",
            "pending": "Chưa đánh giá"}


def _pct(value) -> str:
    return f"{number_format(value, decimal_pos=2)}%" if value is not None else "—"


def statistics_tables(stats) -> list[tuple[str, list[str], list[list]]]:
    """The year's figures as (title, headers, rows) tables, shared by XLSX and DOCX."""
    tables = []
    cats = [*MemberCategory.values, "total"]
    labels = [CATEGORY_VI.get(c, "tổng số").capitalize() for c in cats]
    tables.append((
        "Đảng viên",
        ["Loại", "Đầu năm (01/01)", "Cuối năm (31/12)"],
        [[label, stats.members_start[c], stats.members_end[c]] for label, c in zip(labels, cats, strict=True)],
    ))
    tables.append((
        "Biến động đảng viên",
        ["Nội dung", "Số đảng viên"],
        [[EVENT_LABELS_VI[k], v] for k, v in stats.events.items()],
    ))
    tables.append((
        "Sinh hoạt",
        ["Loại cuộc họp", "Đã tổ chức", "Phải tổ chức", "Tỷ lệ"],
        [[str(f.label), f.held, f.due if f.due is not None else "", _pct(f.share) if f.due else ""]
         for f in stats.meetings],
    ))
    tables.append((
        "Tỷ lệ dự họp",
        ["Tổ chức", "Có mặt (lượt)", "Phải dự (lượt)", "Tỷ lệ"],
        [[a.organisation.name, a.present, a.expected, _pct(a.rate)]
         for a in [*stats.attendance, stats.attendance_total]],
    ))
    levels = list(RatingLevel.values)
    tables.append((
        "Xếp loại chất lượng",
        ["Mức", "Đảng viên", "Chi bộ"],
        [[LEVELS_VI[lv], stats.member_ratings.get(lv, 0), stats.organisation_ratings.get(lv, 0)]
         for lv in levels]
        + [["Tổng số được xếp loại", stats.member_ratings.get("rated", 0),
            stats.organisation_ratings.get("rated", 0)]],
    ))
    tables.append((
        "Chỉ tiêu",
        ["Kết quả", "Số chỉ tiêu"],
        [[TALLY_VI[k], v] for k, v in stats.target_tally.items()],
    ))
    tables.append((
        "Khen thưởng",
        ["Hình thức", "Số lượng"],
        [[a["label"], a["count"]] for a in stats.awards],
    ))
    tables.append((
        "Kiểm tra, giám sát",
        ["Loại", "Số cuộc", "Số đối tượng"],
        [["Kiểm tra" if k == InspectionCase.Kind.INSPECTION else "Giám sát", v["cases"],
          v["subjects"]] for k, v in stats.inspections.items()],
    ))
    return tables


def statistics_caption(stats) -> str:
    return f"Thống kê năm {stats.year} – {stats.organisation.name}"


def statistics_xlsx(stats) -> bytes:
    caption = statistics_caption(stats)
    return spreadsheets.workbook_bytes(
        [(title, headers, rows, caption) for title, headers, rows in statistics_tables(stats)]
    )


def _docx_table(document, headers, rows):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(header)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            if isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            cell.text = "" if value is None else str(value)
    return table


def statistics_docx(stats) -> bytes:
    document = DocxDocument()
    _set_font(document)
    _para(document, statistics_caption(stats).upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for title, headers, rows in statistics_tables(stats):
        _para(document, title, bold=True)
        _docx_table(document, headers, rows)
        _para(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TARGET_HEADERS = ["STT", "Chỉ tiêu", "Kế hoạch", "Kết quả", "Giá trị thực hiện", "Đánh giá"]


def target_rows(targets):
    rows = []
    for number, t in enumerate(targets, start=1):
        actual = t.actual_value
        rows.append([
            number, t.title, t.planned_text or (t.planned_min if t.planned_min is not None else ""),
            t.actual_text, actual.normalize() if actual is not None else "",
            TALLY_VI[t.assessment],
        ])
    return rows


def targets_xlsx(organisation, year, targets) -> bytes:
    caption = f"Kết quả thực hiện chỉ tiêu năm {year} – {organisation.name}"
    return spreadsheets.workbook_bytes(
        [(f"Chỉ tiêu {year}", TARGET_HEADERS, target_rows(targets), caption)]
    )


def targets_docx(organisation, year, targets) -> bytes:
    document = DocxDocument()
    _set_font(document)
    _para(document, f"KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM {year}", bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER, space=0)
    _para(document, organisation.name, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _docx_table(document, TARGET_HEADERS, target_rows(targets))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
