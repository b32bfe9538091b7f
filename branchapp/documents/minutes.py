"""The minutes of a meeting: what they print (`minutes_for`, also shown by the print view) and
the DOCX file (`minutes_docx`).

The minutes follow the Party's document layout, which is Vietnamese by regulation: the headings,
the sentences and the signature formulas below are that form's fixed text and stay Vietnamese
whatever the language (like the printed forms they replace). A word that names a recorded value
(the part of the day, a participant's role, an attendance status, a member category, the kind
of organisation) is that value's choice label, in the document's language (`labels`).
"""

import datetime
from dataclasses import dataclass, field

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..attendance import meeting_figures, meeting_quorum, meeting_rows, vote_results
from ..models import (
    AttendanceStatus,
    ElectedPerson,
    Election,
    Meeting,
    MeetingKind,
    MemberCategory,
    MemberEventType,
    OrganisationKind,
    ParticipantRole,
    PartOfDay,
    VoteSubject,
)
from .docx import docx_bytes, new_document, para
from .labels import category_word, in_document_language, label

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


def vn_date_words(day: datetime.date) -> str:
    """ "ngày 05 tháng 01 năm 2021": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_time(value: datetime.time) -> str:
    return f"{value.hour} giờ {value.minute:02d}"


def two(n) -> str:
    """Counts as the minutes write them: 01, 02 … 10."""
    return f"{n:02d}" if isinstance(n, int) else "…"


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
class TaskLine:
    """A task as the minutes write it: assigned at this meeting, or reviewed at it."""

    description: str
    assignee: str
    due: str  # dd/mm/yyyy, or ""
    done: bool = False
    result: str = ""

    @property
    def text(self) -> str:
        details = [f"Thực hiện: {self.assignee}"] if self.assignee else []
        if self.due:
            details.append(f"thời hạn: {self.due}")
        return self.description.rstrip(" .") + (f" ({'; '.join(details)})." if details else ".")

    @property
    def review_text(self) -> str:
        state = "Đã hoàn thành" if self.done else "Chưa hoàn thành"
        who = f" ({self.assignee})" if self.assignee else ""
        line = f"{self.description.rstrip(' .')}{who}: {state}."
        return f"{line} {self.result}" if self.result else line


def _task_line(task) -> TaskLine:
    due = f"{task.due_date:%d/%m/%Y}" if task.due_date else ""
    return TaskLine(task.description, task.assignee_label, due, task.done, task.result)


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
    votes: list[str]
    conclusion: str
    closing: str
    sign_for: str
    sign_role: str
    chair_name: str
    minute_taker_name: str
    addenda: list[str] = field(default_factory=list)
    tasks: list[TaskLine] = field(default_factory=list)
    tasks_reviewed: list[TaskLine] = field(default_factory=list)
    # The roles' and absences' names, from the models' choices in the document's language.
    labels: dict[str, str] = field(default_factory=dict)
    # A congress's results and the member events decided, read from the meeting.
    election: list[str] = field(default_factory=list)
    member_events: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.election = election_lines(self.meeting)
        self.member_events = member_event_lines(self.meeting)


def _person(p) -> str:
    return f"Đồng chí {p.name}, {p.position}" if p.position else f"Đồng chí {p.name}"


def _place_of(organisation) -> str:
    org = organisation
    while org is not None:
        if org.place:
            return org.place
        org = org.parent
    return ""


def reviewed_month(meeting: Meeting) -> datetime.date | None:
    """The month a monthly meeting reviews (“Sinh hoạt chi bộ định kỳ tháng 9” held on
    3 October), when its reviewed period is one month; None otherwise (the date names it)."""
    start, end = meeting.review_from, meeting.review_to
    if start and (end is None or (end.year, end.month) == (start.year, start.month)):
        return start
    if end and start is None:
        return end
    return None


@in_document_language
def minutes_for(meeting: Meeting) -> Minutes:
    """Everything the minutes print, gathered from the meeting's record."""
    meeting = (
        Meeting.objects.select_related("organisation__parent")
        .prefetch_related(
            "people",
            "attendance",
            "agenda__opinions",
            "kinds",
            "votes",
            "addenda",
            "organisation__former_names",
            "organisation__parent__former_names",
            "tasks__member",
            "tasks_reviewed__member",
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
        when = f"{label(PartOfDay(meeting.part_of_day))} {vn_date_words(day)}"
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
        month = reviewed_month(meeting) or day
        subtitle = f"Sinh hoạt chi bộ định kỳ tháng {month.month} năm {month.year}"
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
        votes=_votes(meeting),
        conclusion=meeting.conclusion,
        closing=closing,
        sign_for="T/M CHI BỘ" if is_cell else "T/M ĐẢNG ỦY",
        sign_role=label(ParticipantRole.CHAIR).upper(),
        chair_name=chairs[0].name if chairs else "",
        minute_taker_name=takers[0].name if takers else "",
        addenda=[a.text for a in meeting.addenda.all()],
        tasks=[_task_line(task) for task in meeting.tasks.all()],
        tasks_reviewed=[_task_line(task) for task in meeting.tasks_reviewed.all()],
        labels={
            "chair": label(ParticipantRole.CHAIR),
            "minute_taker": label(ParticipantRole.MINUTE_TAKER),
            "guest": label(ParticipantRole.GUEST),
            "excused": label(AttendanceStatus.EXCUSED),
            "unexcused": label(AttendanceStatus.UNEXCUSED),
        },
    )


def _composition(meeting, is_cell):
    """The composition lines with their counts, the quorum, and the named absentees.

    The counts are the meeting's figures (`attendance.meeting_figures`), the same whether the
    attendance was kept as a roll or as numbers only; a roll adds the strength by category and
    the names of the absent."""
    rows = list(meeting.attendance.all()) if meeting_rows(meeting) else []
    figures = meeting_figures(meeting)
    unit = str((OrganisationKind.BRANCH if is_cell else OrganisationKind.COMMITTEE).label).lower()
    full_w, prob_w, temp_w = (
        category_word(c)
        for c in (MemberCategory.FULL, MemberCategory.PROBATIONARY, MemberCategory.TEMPORARY)
    )
    excused = [(r.name, r.reason) for r in rows if r.status == AttendanceStatus.EXCUSED]
    unexcused = [r.name for r in rows if r.status == AttendanceStatus.UNEXCUSED]
    lines = []
    if rows:
        count = {c: sum(1 for r in rows if r.category == c) for c in MemberCategory.values}
        full, prob = count[MemberCategory.FULL], count[MemberCategory.PROBATIONARY]
        exempt = count[MemberCategory.EXEMPT]
        lines += [
            f"Tổng số đảng viên của {unit}: {two(full + prob + exempt)} đồng chí "
            f"({full_w}: {two(full + exempt)}; {prob_w}: {two(prob)}).",
            f"Đảng viên {temp_w}: {two(count[MemberCategory.TEMPORARY])} đồng chí.",
        ]
    elif figures["convened"] is not None:
        lines.append(f"Tổng số đảng viên được triệu tập: {two(figures['convened'])} đồng chí.")
    if figures["exempt"] is not None:
        lines.append(
            f"Đảng viên miễn công tác và sinh hoạt đảng: {two(figures['exempt'])} đồng chí."
        )
    if figures["away_elsewhere"]:
        lines.append(
            f"Đảng viên sinh hoạt tạm thời nơi khác: {two(figures['away_elsewhere'])} đồng chí."
        )
    if figures["present"] is not None:
        parts = [
            f"{name}: {two(figures[key])}"
            for name, key in (
                (full_w, "present_full"),
                (prob_w, "present_probationary"),
                (temp_w, "present_temporary"),
            )
            if figures[key] is not None
        ]
        detail = f" ({'; '.join(parts)})" if parts else ""
        present = two(figures["present"])
        lines.append(f"{label(AttendanceStatus.PRESENT)}: {present} đồng chí{detail}.")
        if figures["excused"] is not None or figures["unexcused"] is not None:
            for status in (AttendanceStatus.EXCUSED, AttendanceStatus.UNEXCUSED):
                if figures[status.value] is not None:
                    lines.append(f"{label(status)}: {two(figures[status.value])} đồng chí.")
        elif figures["convened"] is not None:
            lines.append(f"Vắng: {two(figures['convened'] - figures['present'])} đồng chí.")
    check = meeting_quorum(meeting)
    if check is not None:
        verdict = "đủ" if check.met else "không đủ"
        lines.append(f"Số lượng: {check.message}; hội nghị {verdict} số lượng theo quy định.")
    return lines, excused, unexcused


def _votes(meeting) -> list[str]:
    """Each vote as the minutes write it, with whether it reached its majority."""
    lines = []
    for result in vote_results(meeting):
        vote = result.vote
        line = (
            f"{label(VoteSubject(vote.subject))}: {vote.about}: {two(vote.in_favour)} tán thành, "
            f"{two(vote.against)} không tán thành, {two(vote.abstaining)} không biểu quyết"
        )
        if vote.out_of:
            line += f" (trên tổng số {two(vote.out_of)})"
        if result.check is not None:
            line += f"; {result.check.message}: {'đạt' if result.passed else 'không đạt'}"
        lines.append(line + ".")
    return lines


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


@in_document_language
def minutes_docx(minutes: Minutes) -> bytes:
    document = new_document()
    _header_block(document, minutes.upper_line, minutes.org_line, PARTY, minutes.place_date)
    para(document)
    para(document, minutes.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=15, space=0)
    para(document, minutes.subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, f"Thời gian: {minutes.time_line}.")
    if minutes.place:
        para(document, f"Địa điểm: {minutes.place}.")
    para(document, "I. THÀNH PHẦN", bold=True)
    for chair in minutes.chairs:
        para(document, f"{label(ParticipantRole.CHAIR)}: {chair}.")
    if minutes.minute_taker:
        para(document, f"{label(ParticipantRole.MINUTE_TAKER)}: {minutes.minute_taker}.")
    if minutes.guests:
        para(document, f"{label(ParticipantRole.GUEST)}: {'; '.join(minutes.guests)}.")
    for line in minutes.composition:
        para(document, f"- {line}")
    excused, unexcused = label(AttendanceStatus.EXCUSED), label(AttendanceStatus.UNEXCUSED)
    for name, reason in minutes.excused:
        para(document, f"   + {excused}: Đồng chí {name}" + (f" ({reason})." if reason else "."))
    for name in minutes.unexcused:
        para(document, f"   + {unexcused}: Đồng chí {name}.")
    para(document, "II. NỘI DUNG", bold=True)
    if minutes.tasks_reviewed:
        para(document, "Kiểm điểm việc thực hiện nhiệm vụ được giao kỳ trước:", italic=True)
        for task in minutes.tasks_reviewed:
            para(document, f"- {task.review_text}")
    for number, item in enumerate(minutes.agenda, start=1):
        para(document, f"{number}. {item.title}", bold=True)
        if item.presenter:
            para(document, f"Trình bày: Đồng chí {item.presenter}.")
        if item.opinions:
            if item.opinion_count and item.opinion_count > len(item.opinions):
                para(document, f"Có {two(item.opinion_count)} ý kiến phát biểu, trong đó:")
            para(document, "Ý kiến phát biểu:", italic=True)
            for opinion in item.opinions:
                who = f"{opinion.name}, {opinion.position}" if opinion.position else opinion.name
                para(document, f"- Đồng chí {who}: {opinion.summary}")
        elif item.opinion_count:
            para(document, f"Có {two(item.opinion_count)} ý kiến phát biểu.")
        if item.conclusion:
            para(document, f"Kết luận: {item.conclusion}")
    _results_docx(document, minutes)
    if minutes.votes:
        para(document, "Kết quả biểu quyết:", italic=True)
        for line in minutes.votes:
            para(document, f"- {line}")
    if minutes.conclusion or minutes.tasks:
        para(document, "III. KẾT LUẬN", bold=True)
        for line in minutes.conclusion.splitlines():
            if line.strip():
                para(document, line.strip())
        if minutes.tasks:
            para(document, "Phân công thực hiện:", italic=True)
            for task in minutes.tasks:
                para(document, f"- {task.text}")
    para(document, minutes.closing)
    for text in minutes.addenda:
        para(document, f"Đính chính: {text}", italic=True)
    para(document)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    taker = label(ParticipantRole.MINUTE_TAKER).upper()
    for cell, lines in (
        (left, [taker, "", "", "", minutes.minute_taker_name]),
        (right, [minutes.sign_for, minutes.sign_role, "", "", minutes.chair_name]),
    ):
        first = True
        for text in lines:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                paragraph.add_run(text).bold = True
    return docx_bytes(document)


# -- a congress's results and the member events decided ----------------------------------------


def _decision_words(decision) -> str:
    """ "Quyết định số 12-QĐ/ĐU ngày 04 tháng 10 năm 2025 của Đảng ủy Khối" (what is known)."""
    if decision is None:
        return ""
    words = decision.kind or "Quyết định"
    if decision.number:
        words += f" số {decision.number}"
    if decision.date:
        words += f" {vn_date_words(decision.date)}"
    if decision.issuer:
        words += f" của {decision.issuer}"
    return words


def election_lines(meeting: Meeting) -> list[str]:
    """What the minutes say of a congress's results: the committee and the delegates."""
    election = Election.objects.filter(meeting=meeting).first()
    if election is None:
        return []
    people = list(election.people.all())
    lines = []
    if election.committee_size:
        lines.append(f"Đại hội bầu Ban Chấp hành gồm {two(election.committee_size)} đồng chí.")
    elected = [p for p in people if p.kind == ElectedPerson.Kind.ELECTED]
    if elected:
        lines.append("Kết quả bầu cử:")
        for person in elected:
            who = _person(person) if person.name else person.position
            lines.append(f"- {who}" + (" (tái cử)." if person.re_elected else "."))
    for alternate, heading in ((False, "Đại biểu chính thức"), (True, "Đại biểu dự khuyết")):
        names = [
            p.name
            for p in people
            if p.kind == ElectedPerson.Kind.DELEGATE and p.alternate == alternate
        ]
        if names:
            lines.append(f"{heading} đi dự Đại hội cấp trên: {', '.join(names)}.")
    return lines


def member_event_lines(meeting: Meeting) -> list[str]:
    """The admissions, confirmations, transfers… decided, with their decisions."""
    lines = []
    for event in meeting.member_events.select_related("member", "decision"):
        who = (
            f"Đồng chí {event.member.full_name}"
            if event.member_id
            else f"{two(event.count)} đồng chí"
        )
        line = f"{label(MemberEventType(event.type))}: {who}"
        details = [
            text
            for text in (
                event.prior_status,
                f"người giúp đỡ: {event.mentor}" if event.mentor else "",
                _decision_words(event.decision),
            )
            if text
        ]
        lines.append(line + (f" ({'; '.join(details)})." if details else "."))
    return lines


def _results_docx(document, minutes: Minutes):
    if minutes.member_events:
        para(document, "Công tác đảng viên:", italic=True)
        for line in minutes.member_events:
            para(document, f"- {line}")
    if minutes.election:
        para(document, "Kết quả bầu cử:", italic=True)
        for line in minutes.election:
            para(document, line)
