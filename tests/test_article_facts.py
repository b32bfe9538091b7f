"""Issue 12, item 12: the public article shows the record's public facts, live, each part
switchable off per report, and never what is internal."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from branchapp.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Award,
    BlockType,
    Document,
    ElectedPerson,
    Election,
    FactPart,
    Meeting,
    MeetingKind,
    MeetingKindTag,
    MeetingMode,
    MeetingPerson,
    Member,
    MemberEvent,
    MemberEventType,
    MemberRating,
    Opinion,
    OrganisationFigures,
    ParticipantRole,
    PartOfDay,
    RatingLevel,
    RatingTally,
    Report,
    ReportBlock,
    ReportStatus,
)
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.selectors.facts import MIN_PUBLIC_MEMBER_TALLY, period_label, when_label

from .factories import CellFactory, MeetingFactory, MemberFactory, ReportFactory, user_with_role
from .postdata import post_data

pytestmark = pytest.mark.django_db

# What a fully filled meeting records that must never reach a public page.
ABSENT_NAME = "Võ Văn Vắngmặt"
ABSENCE_REASON = "Đi điều trị bệnh tại Bệnh viện Chợ Rẫy"
UNEXCUSED_NAME = "Đặng Văn Khôngphép"
OPINION_AUTHOR = "Bùi Văn Phátbiểu"
OPINION_TEXT = "Đề nghị làm rõ trách nhiệm của tổ dân phố số 5"
AGENDA_CONCLUSION = "Giao tổ soạn thảo tiếp thu, chỉnh lý dự thảo trước ngày 20/5"
MEETING_CONCLUSION = "Biểu quyết thông qua Nghị quyết Đại hội với 100% tán thành"
RATED_ONLY_NAME = "Cao Văn Xếploại"
BIRTH_DATE = datetime.date(1990, 2, 3)
CARD_NUMBER = "79000123456"
ADDRESS = "12 đường Lê Lợi, khóm 3"
PHONE = "0903123456"
AWARD_BIRTH_YEAR = 1961


def text_of(response) -> str:
    """The page's visible text, tags dropped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def facts_text(response) -> str:
    html = response.content.decode()
    start = html.index('class="article-facts"')
    end = html.index("</section>", start)
    return " ".join(re.sub(r"<[^>]+>", " ", html[start:end]).split())


@pytest.fixture
def full_meeting():
    """A congress recorded in full: every part of the facts, and everything internal too."""
    cell = CellFactory(name="Chi bộ Khu phố 3", parent__name="Đảng bộ phường Mỹ Phú")
    meeting = MeetingFactory(
        organisation=cell,
        title="Đại hội Chi bộ Khu phố 3 nhiệm kỳ 2025-2027",
        date=datetime.date(2025, 5, 10),
        end_date=datetime.date(2025, 5, 11),
        start_time=datetime.time(7, 30),
        end_time=datetime.time(11, 30),
        place="Hội trường Văn hóa Khu phố 3",
        mode=MeetingMode.HYBRID,
        theme="Đoàn kết – Dân chủ – Kỷ cương – Đổi mới – Phát triển",
        term="2025-2027",
        review_from=datetime.date(2022, 7, 1),
        review_to=datetime.date(2025, 4, 30),
        plan_from=datetime.date(2025, 5, 1),
        plan_to=datetime.date(2027, 12, 31),
        conclusion=MEETING_CONCLUSION,
        convened=30,
        present=27,
        present_full=24,
        present_probationary=2,
        present_temporary=1,
        exempt=2,
        away_elsewhere=1,
        excused=2,
        unexcused=1,
    )
    MeetingKindTag.objects.create(meeting=meeting, kind=MeetingKind.CONGRESS)
    MeetingPerson.objects.create(
        meeting=meeting,
        role=ParticipantRole.CHAIR,
        order=1,
        name="Nguyễn Văn Hùng",
        position="Bí thư Chi bộ",
    )
    MeetingPerson.objects.create(
        meeting=meeting,
        role=ParticipantRole.CHAIR,
        order=2,
        name="Trần Thị Mai",
        position="Phó Bí thư Chi bộ",
    )
    MeetingPerson.objects.create(
        meeting=meeting,
        role=ParticipantRole.GUEST,
        order=1,
        name="Phạm Minh Tuấn",
        position="Phó Bí thư Thường trực Đảng ủy phường",
    )
    absent = MemberFactory(full_name=ABSENT_NAME, organisation=cell)
    Attendance.objects.create(
        meeting=meeting, member=absent, status=AttendanceStatus.EXCUSED, reason=ABSENCE_REASON
    )
    Attendance.objects.create(
        meeting=meeting, name=UNEXCUSED_NAME, status=AttendanceStatus.UNEXCUSED
    )
    Document.objects.create(
        meeting=meeting,
        kind="Chỉ thị",
        number="35-CT/TW",
        date=datetime.date(2024, 6, 14),
        issuer="Bộ Chính trị",
        title="về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV",
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        title="Thảo luận Báo cáo chính trị",
        conclusion=AGENDA_CONCLUSION,
    )
    Opinion.objects.create(agenda_item=item, name=OPINION_AUTHOR, summary=OPINION_TEXT)
    election = Election.objects.create(meeting=meeting, committee_size=3)
    ElectedPerson.objects.create(
        election=election,
        kind=ElectedPerson.Kind.ELECTED,
        order=1,
        name="Nguyễn Văn Hùng",
        position="Bí thư Chi bộ",
        re_elected=True,
    )
    ElectedPerson.objects.create(
        election=election,
        kind=ElectedPerson.Kind.ELECTED,
        order=2,
        name="",
        position="Chi ủy viên phụ trách Mặt trận",
    )
    ElectedPerson.objects.create(
        election=election, kind=ElectedPerson.Kind.DELEGATE, order=1, name="Trần Thị Mai"
    )
    ElectedPerson.objects.create(
        election=election,
        kind=ElectedPerson.Kind.DELEGATE,
        order=2,
        name="Lê Văn Dựkhuyết",
        alternate=True,
    )
    admitted = Member.objects.create(
        full_name="Huỳnh Thị Kếtnạp",
        organisation=cell,
        birth_date=BIRTH_DATE,
        address=ADDRESS,
        phone=PHONE,
    )
    MemberEvent.objects.create(
        member=admitted,
        organisation=cell,
        type=MemberEventType.ADMISSION,
        date=datetime.date(2025, 5, 10),
        meeting=meeting,
        decision=Document.objects.create(
            kind="Quyết định",
            number="125-QĐ/ĐU",
            date=datetime.date(2025, 4, 20),
            issuer="Đảng ủy phường Mỹ Phú",
        ),
    )
    confirmed = MemberFactory(
        full_name="Ngô Văn Chínhthức",
        organisation=cell,
        card_number=CARD_NUMBER,
        admission_date=datetime.date(2024, 4, 1),
        confirmation_date=None,
    )
    MemberEvent.objects.create(
        member=confirmed,
        organisation=cell,
        type=MemberEventType.CONFIRMATION,
        date=datetime.date(2025, 5, 10),
        meeting=meeting,
        decision=Document.objects.create(
            number="126-QĐ/ĐU", date=datetime.date(2025, 4, 25), issuer="Đảng ủy phường Mỹ Phú"
        ),
    )
    Award.objects.create(
        form="Giấy khen",
        recipient_name="Nguyễn Văn Hùng",
        recipient_birth_year=AWARD_BIRTH_YEAR,
        reason="Hoàn thành xuất sắc nhiệm vụ 5 năm liền (2020-2024)",
        organisation=cell.parent,
        meeting=meeting,
        issuer="Đảng ủy phường Mỹ Phú",
        decision=Document.objects.create(
            kind="Quyết định",
            number="130-QĐ/ĐU",
            date=datetime.date(2025, 5, 2),
            issuer="Đảng ủy phường Mỹ Phú",
        ),
    )
    rated = MemberFactory(full_name=RATED_ONLY_NAME, organisation=cell)
    MemberRating.objects.create(
        member=rated,
        organisation=cell,
        year=2024,
        level=RatingLevel.NOT_COMPLETED,
        meeting=meeting,
    )
    RatingTally.objects.create(
        meeting=meeting,
        organisation=cell,
        year=2024,
        scope=RatingTally.Scope.MEMBERS,
        rated=28,
        excellent=5,
        good=20,
        completed=2,
        not_completed=1,
        exempt=2,
    )
    # A tally of too few members: withheld, it would reveal their ratings.
    RatingTally.objects.create(
        meeting=meeting,
        organisation=cell,
        year=2023,
        scope=RatingTally.Scope.MEMBERS,
        rated=3,
        excellent=1,
        good=2,
    )
    report = ReportFactory(
        meeting=meeting, headline="Đại hội Chi bộ Khu phố 3 nhiệm kỳ 2025-2027 thành công tốt đẹp"
    )
    ReportBlock.objects.create(
        report=report,
        order=1,
        type=BlockType.PARAGRAPH,
        text="Đại hội diễn ra trong không khí dân chủ.",
    )
    return report


@pytest.fixture
def secretary(full_meeting):
    return user_with_role(SECRETARIAT_ROLE, full_meeting.meeting.organisation.parent)


def test_every_part_of_a_congress_appears_on_its_article(client, full_meeting):
    response = client.get(full_meeting.get_absolute_url())
    assert response.status_code == 200
    facts = facts_text(response)
    assert "Thông tin hội nghị" in text_of(response)
    # When: hours, both days.
    assert "07:30 – 11:30, từ 10/05/2025 đến 11/05/2025" in facts
    assert "Hội trường Văn hóa Khu phố 3" in facts
    assert "Đoàn kết – Dân chủ – Kỷ cương – Đổi mới – Phát triển" in facts
    assert "2025-2027" in facts
    assert "Kỳ kiểm điểm Từ 01/07/2022 đến 30/04/2025" in facts
    assert "Kỳ triển khai nhiệm vụ Từ 01/05/2025 đến 31/12/2027" in facts
    assert "đồng chí Nguyễn Văn Hùng, Bí thư Chi bộ" in facts
    assert "đồng chí Trần Thị Mai, Phó Bí thư Chi bộ" in facts
    assert "đồng chí Phạm Minh Tuấn, Phó Bí thư Thường trực Đảng ủy phường" in facts
    # Attendance figures, as stored.
    for label, value in [
        ("Số đảng viên được triệu tập", 30),
        ("Có mặt", 27),
        ("Đảng viên chính thức", 24),
        ("Đảng viên dự bị", 2),
        ("Đảng viên sinh hoạt tạm thời", 1),
        ("Miễn sinh hoạt", 2),
        ("Đi sinh hoạt tạm thời nơi khác", 1),
    ]:
        assert f"{label} {value}" in facts
    assert (
        "Chỉ thị số 35-CT/TW ngày 14/06/2024 của Bộ Chính trị : về đại hội đảng bộ các cấp" in facts
    )
    # Election: size, officers (one known by position only), delegates, alternate.
    assert "Số lượng cấp ủy viên: 3 đồng chí." in facts
    assert "Nguyễn Văn Hùng, Bí thư Chi bộ (tái cử)" in facts
    assert "Chi ủy viên phụ trách Mặt trận" in facts
    assert "Đại biểu dự đại hội cấp trên Trần Thị Mai" in facts
    assert "Đại biểu dự khuyết Lê Văn Dựkhuyết" in facts
    # Admission and confirmation with their decisions.
    assert (
        "Kết nạp : đồng chí Huỳnh Thị Kếtnạp, Quyết định số 125-QĐ/ĐU ngày 20/04/2025 "
        "của Đảng ủy phường Mỹ Phú" in facts
    )
    assert (
        "đồng chí Ngô Văn Chínhthức, Quyết định số 126-QĐ/ĐU ngày 25/04/2025 của Đảng ủy "
        "phường Mỹ Phú" in facts
    )
    # The award, with its decision (the body has no awards block).
    assert "Giấy khen : đồng chí Nguyễn Văn Hùng" in facts
    assert "Quyết định số 130-QĐ/ĐU ngày 02/05/2025" in facts
    # The year's figures: the tally of 28 members; not the one of 3.
    assert "Đảng viên – năm 2024" in facts
    assert "Đã xếp loại 28" in facts
    assert "Hoàn thành xuất sắc nhiệm vụ 5" in facts
    assert "năm 2023" not in facts


def test_the_mode_is_named_in_vietnamese(client, full_meeting):
    facts = facts_text(client.get(full_meeting.get_absolute_url()))
    assert "Hình thức" in facts
    assert "hybrid" not in facts.lower()


VOTE_ABOUT = "Đề nghị kết nạp quần chúng Lý Văn Biểuquyết"
TASK_TEXT = "Rà soát danh sách hộ nghèo tổ 7 trước ngày 15/6"
TASK_ASSIGNEE = "Đoàn Văn Phâncông"
CANDIDATE_NAME = "Tạ Thị Cảmtình"
PRIVATE_DOCUMENT = "Công văn nội bộ số 77-CV/CB về nhân sự"
PRIVATE_FILE = "bien-ban-noi-bo"


def test_nothing_internal_reaches_the_article_or_its_preview(client, full_meeting, secretary):
    from django.core.files.base import ContentFile

    from branchapp.models import Candidate, CandidateStage, MeetingTask, Vote, VoteSubject

    meeting = full_meeting.meeting
    # Issue 12's private parts: votes, tasks, a document whose file is not published, candidates.
    Vote.objects.create(
        meeting=meeting, subject=VoteSubject.ADMISSION, about=VOTE_ABOUT, in_favour=17, out_of=24
    )
    MeetingTask.objects.create(meeting=meeting, description=TASK_TEXT, assignee=TASK_ASSIGNEE)
    private = Document.objects.create(meeting=meeting, kind="Công văn", title=PRIVATE_DOCUMENT)
    private.file.save(f"{PRIVATE_FILE}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    Candidate.objects.create(
        organisation=meeting.organisation,
        full_name=CANDIDATE_NAME,
        stage=CandidateStage.OUTSTANDING,
    )
    pages = [client.get(full_meeting.get_absolute_url())]
    client.force_login(secretary)
    pages.append(client.get(reverse("workspace:report_preview", args=[full_meeting.meeting_id])))
    for response in pages:
        assert response.status_code == 200
        text = text_of(response)
        assert "Thông tin hội nghị" in text
        for secret in [
            ABSENT_NAME,
            ABSENCE_REASON,
            UNEXCUSED_NAME,
            OPINION_AUTHOR,
            OPINION_TEXT,
            AGENDA_CONCLUSION,
            MEETING_CONCLUSION,
            RATED_ONLY_NAME,
            BIRTH_DATE.strftime("%d/%m/%Y"),
            CARD_NUMBER,
            ADDRESS,
            PHONE,
            str(AWARD_BIRTH_YEAR),
            VOTE_ABOUT,
            "17/24",
            TASK_TEXT,
            TASK_ASSIGNEE,
            CANDIDATE_NAME,
        ]:
            assert secret not in text, secret
        html = response.content.decode()
        # The document's reference may be listed as studied; its unpublished file never linked.
        assert PRIVATE_FILE not in html
        assert reverse("news:document", args=[private.pk]) not in html
        assert private.file.url not in html
    # Absentees are counted on the article, never named.
    facts = facts_text(pages[0])
    assert "Vắng có lý do 2" in facts
    assert "Vắng không lý do 1" in facts


def test_sample_article_shows_the_record_of_its_meeting(client):
    call_command("load_sample", verbosity=0)
    report = Report.objects.get()
    facts = facts_text(client.get(report.get_absolute_url()))
    assert "Buổi chiều, 31/12/2021" in facts
    assert "Kỳ kiểm điểm Năm 2021" in facts
    assert "Kỳ triển khai nhiệm vụ Năm 2022" in facts
    assert "đồng chí Nguyễn Phước Dũng, Bí thư Đảng ủy" in facts
    assert "đồng chí Lê Minh Hiếu, Đảng ủy viên, Chủ tịch Công đoàn cơ sở" in facts
    # The article gives a number for the admission and a name for the confirmation.
    assert "Kết nạp : 1 người (Quần chúng ưu tú)" in facts
    assert "Công nhận đảng viên chính thức : đồng chí Trần Thị Mỹ Linh" in facts
    # Its awards are a block of the body already: not listed twice.
    assert "Giấy khen" not in facts


def editor_post(client, meeting, **overrides):
    """The report editor's forms as the browser posts them after loading the page."""
    response = client.get(reverse("workspace:report_edit", args=[meeting.pk]))
    assert response.status_code == 200
    forms = []
    for key in ("form", "blocks", "photo_edits", "new_photos", "bulk", "facts_form"):
        part = response.context[key]
        forms += [part] if hasattr(part, "fields") else [part.management_form, *part.forms]
    return response, post_data(forms, **overrides)


def test_a_part_switched_off_in_the_editor_leaves_the_article_and_the_preview(
    client, full_meeting, secretary
):
    meeting = full_meeting.meeting
    anonymous = Client()
    before = facts_text(anonymous.get(full_meeting.get_absolute_url()))
    assert "Phạm Minh Tuấn" in before and "35-CT/TW" in before

    client.force_login(secretary)
    page, data = editor_post(client, meeting)
    assert "Thông tin hội nghị trên bài viết" in page.content.decode()
    assert data["facts-shown"] == FactPart.values  # every part on by default
    data["facts-shown"] = [p for p in FactPart.values if p not in ("guests", "documents")]
    response = client.post(reverse("workspace:report_edit", args=[meeting.pk]), data)
    assert response.status_code == 302
    full_meeting.refresh_from_db()
    assert full_meeting.hidden_facts == ["guests", "documents"]

    after = facts_text(anonymous.get(full_meeting.get_absolute_url()))
    preview = facts_text(client.get(reverse("workspace:report_preview", args=[meeting.pk])))
    for facts in (after, preview):
        assert "Phạm Minh Tuấn" not in facts
        assert "35-CT/TW" not in facts
        assert "Nguyễn Văn Hùng, Bí thư Chi bộ" in facts  # the chairs stay
    # The editor shows them unticked, and turning them on again brings them back.
    page, data = editor_post(client, meeting)
    assert "guests" not in data["facts-shown"]
    data["facts-shown"] = FactPart.values
    client.post(reverse("workspace:report_edit", args=[meeting.pk]), data)
    assert "35-CT/TW" in facts_text(anonymous.get(full_meeting.get_absolute_url()))


def test_every_part_switched_off_leaves_no_empty_section(client, full_meeting, secretary):
    client.force_login(secretary)
    _page, data = editor_post(client, full_meeting.meeting)
    data["facts-shown"] = []
    client.post(reverse("workspace:report_edit", args=[full_meeting.meeting_id]), data)
    html = Client().get(full_meeting.get_absolute_url()).content.decode()
    assert 'class="article-facts"' not in html


def test_parts_without_data_are_offered_disabled_and_appear_when_the_record_has_them(
    client, secretary
):
    cell = CellFactory(parent__name="Đảng bộ xã Tân Hòa")
    meeting = MeetingFactory(
        organisation=cell, title="Sinh hoạt chi bộ tháng 10/2025", date=datetime.date(2025, 10, 4)
    )
    report = ReportFactory(meeting=meeting)
    user = user_with_role(SECRETARIAT_ROLE, cell.parent)
    client.force_login(user)
    page, data = editor_post(client, meeting)
    html = page.content.decode()
    election_box = re.search(r'<input[^>]*name="facts-shown" value="election"[^>]*>', html).group(0)
    assert "disabled" in election_box
    assert "chưa có dữ liệu" in html
    data["facts-shown"] = ["when"]  # a browser does not post the disabled boxes
    client.post(reverse("workspace:report_edit", args=[meeting.pk]), data)
    report.refresh_from_db()
    assert "election" not in report.hidden_facts  # kept as it was: shown when there is data
    election = Election.objects.create(meeting=meeting, committee_size=5)
    ElectedPerson.objects.create(
        election=election, kind=ElectedPerson.Kind.ELECTED, name="Lý Thị Trúngcử"
    )
    assert "Lý Thị Trúngcử" in facts_text(Client().get(report.get_absolute_url()))


def test_a_corrected_chair_reaches_the_cached_article_after_the_meeting_is_saved(
    client, full_meeting, secretary
):
    meeting = full_meeting.meeting
    anonymous = Client()
    url = full_meeting.get_absolute_url()
    assert "Nguyễn Văn Hùng, Bí thư Chi bộ" in facts_text(anonymous.get(url))
    # The page cache is on: a change that sends no signal is not seen (the page is stored).
    MeetingPerson.objects.filter(meeting=meeting, name="Trần Thị Mai").update(
        name="Trần Thị Mai Sửa Trong SQL"
    )
    assert "Mai Sửa Trong SQL" not in facts_text(anonymous.get(url))
    MeetingPerson.objects.filter(meeting=meeting, name="Trần Thị Mai Sửa Trong SQL").update(
        name="Trần Thị Mai"
    )

    client.force_login(secretary)
    edit_url = reverse("workspace:meeting_edit", args=[meeting.pk])
    response = client.get(edit_url)
    assert response.status_code == 200
    forms = []
    for part in response.context["entry"]:
        forms += [part] if hasattr(part, "fields") else [part.management_form, *part.forms]
    data = post_data(forms)
    name_key = next(
        k for k, v in data.items() if k.startswith("chairs-") and v == "Nguyễn Văn Hùng"
    )
    data[name_key] = "Nguyễn Văn Hưng"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context and response.context.get("entry")
    assert MeetingPerson.objects.filter(meeting=meeting, name="Nguyễn Văn Hưng").exists()

    facts = facts_text(anonymous.get(url))
    assert "Nguyễn Văn Hưng, Bí thư Chi bộ" in facts
    assert "Nguyễn Văn Hùng, Bí thư Chi bộ" not in facts.split("Kết quả bầu cử")[0]


@pytest.mark.parametrize(
    "change",
    ["document", "elected", "event", "award", "tally", "member"],
)
def test_a_correction_of_any_part_reaches_the_cached_article(client, full_meeting, change):
    url = full_meeting.get_absolute_url()
    client.get(url)  # stored in the page cache
    meeting = full_meeting.meeting
    if change == "document":
        document = meeting.documents.get()
        document.number, expected = "36-CT/TW", "36-CT/TW"
        document.save()
    elif change == "elected":
        person = ElectedPerson.objects.get(name="Lê Văn Dựkhuyết")
        person.name = expected = "Lê Văn Dựkhuyết Đã Sửa"
        person.save()
    elif change == "event":
        event = MemberEvent.objects.get(type=MemberEventType.ADMISSION, meeting=meeting)
        event.decision.number = expected = "225-QĐ/ĐU"
        event.decision.save()
    elif change == "award":
        award = Award.objects.get(meeting=meeting)
        award.reason = expected = "Hoàn thành xuất sắc nhiệm vụ năm 2024 (đã sửa)"
        award.save()
    elif change == "tally":
        tally = RatingTally.objects.get(year=2024)
        tally.rated, expected = 29, "Đã xếp loại 29"
        tally.save()
    else:
        member = Member.objects.get(full_name="Huỳnh Thị Kếtnạp")
        member.full_name = expected = "Huỳnh Thị Kết Nạp"
        member.save()
    assert expected in facts_text(client.get(url))


def draft_text(report) -> str:
    parts = [report.lead]
    for block in report.blocks.order_by("order"):
        parts.append(block.text)
        parts.extend(block.items or [])
    return "\n".join(parts)


def test_generated_draft_gives_days_hours_theme_and_conclusion(client, full_meeting, secretary):
    meeting = full_meeting.meeting
    full_meeting.delete()
    client.force_login(secretary)
    client.post(reverse("workspace:report_edit", args=[meeting.pk]))
    report = Report.objects.get(meeting=meeting)
    assert report.status == ReportStatus.DRAFT
    assert report.lead.startswith(
        "Từ ngày 10/05/2025 đến ngày 11/05/2025, Chi bộ Khu phố 3 tổ chức đại hội"
    )
    assert "Hội nghị diễn ra từ 07:30 đến 11:30." in report.lead
    text = draft_text(report)
    assert "Chủ đề buổi sinh hoạt: Đoàn kết – Dân chủ – Kỷ cương – Đổi mới – Phát triển." in text
    assert f"Kết luận hội nghị: {MEETING_CONCLUSION}" in text
    # What stays in the minutes stays out of the draft.
    for secret in (AGENDA_CONCLUSION, OPINION_TEXT, ABSENT_NAME, ABSENCE_REASON):
        assert secret not in text


def test_generated_draft_of_a_half_day_meeting_names_the_part_of_day(client):
    cell = CellFactory(name="Chi bộ Khoa Lý luận")
    meeting = MeetingFactory(
        organisation=cell,
        title="Sinh hoạt chi bộ tháng 12/2021",
        date=datetime.date(2021, 12, 31),
        part_of_day=PartOfDay.AFTERNOON,
        start_time=datetime.time(14, 0),
    )
    client.force_login(user_with_role(SECRETARIAT_ROLE, cell.parent))
    client.post(reverse("workspace:report_edit", args=[meeting.pk]))
    lead = Report.objects.get(meeting=meeting).lead
    assert lead.startswith("Buổi chiều ngày 31/12/2021, Chi bộ Khoa Lý luận tổ chức")
    assert "Hội nghị bắt đầu lúc 14:00." in lead


def test_periods_read_as_secretaries_write_them():
    assert period_label(datetime.date(2025, 9, 1), datetime.date(2025, 9, 30)) == "tháng 9/2025"
    assert period_label(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)) == "năm 2021"
    assert period_label(datetime.date(2025, 9, 15), datetime.date(2025, 10, 14)) == (
        "từ 15/09/2025 đến 14/10/2025"
    )


@pytest.mark.parametrize("rated", [MIN_PUBLIC_MEMBER_TALLY - 1, MIN_PUBLIC_MEMBER_TALLY])
def test_a_tally_of_fewer_than_five_members_is_withheld(client, rated):
    meeting = MeetingFactory(date=datetime.date(2026, 1, 13))
    report = ReportFactory(meeting=meeting)
    RatingTally.objects.create(
        meeting=meeting,
        year=2025,
        scope=RatingTally.Scope.MEMBERS,
        excellent=1,
        good=rated - 1,
    )
    # Organisations' ratings are not personal: one cell's rating is public.
    RatingTally.objects.create(
        meeting=meeting, year=2025, scope=RatingTally.Scope.ORGANISATIONS, rated=1, excellent=1
    )
    facts = facts_text(client.get(report.get_absolute_url()))
    assert "Tổ chức cơ sở đảng – năm 2025" in facts
    assert ("Đảng viên – năm 2025" in facts) == (rated >= MIN_PUBLIC_MEMBER_TALLY)


def test_the_organisation_figures_announced_appear_on_the_article(client):
    meeting = MeetingFactory(date=datetime.date(2026, 1, 13))
    report = ReportFactory(meeting=meeting)
    OrganisationFigures.objects.create(
        meeting=meeting, organisation=meeting.organisation, year=2025, branches=4, members=57
    )
    facts = facts_text(client.get(report.get_absolute_url()))
    assert f"số liệu của {meeting.organisation.name}".lower() in facts.lower()
    assert "57" in facts and "4" in facts


def build_meeting_with_rows(scale: int) -> Report:
    cell = CellFactory()
    meeting = MeetingFactory(
        organisation=cell,
        place="Hội trường",
        theme="Chủ đề",
        term="2025-2030",
        convened=40,
        present=38,
    )
    election = Election.objects.create(meeting=meeting, committee_size=9)
    for n in range(3 * scale):
        MeetingPerson.objects.create(
            meeting=meeting,
            role=ParticipantRole.CHAIR,
            order=n,
            name=f"Người chủ trì {n}",
            position="Đảng ủy viên",
        )
        MeetingPerson.objects.create(
            meeting=meeting,
            role=ParticipantRole.GUEST,
            order=n,
            name=f"Đại biểu {n}",
            position="Khách mời",
        )
        Document.objects.create(meeting=meeting, kind="Nghị quyết", number=f"{n}-NQ/TW", order=n)
        ElectedPerson.objects.create(
            election=election, kind=ElectedPerson.Kind.ELECTED, order=n, name=f"Ủy viên {n}"
        )
        decision = Document.objects.create(kind="Quyết định", number=f"{n}-QĐ/ĐU")
        MemberEvent.objects.create(
            member=MemberFactory(organisation=cell),
            organisation=cell,
            type=MemberEventType.ADMISSION,
            meeting=meeting,
            decision=decision,
        )
        Award.objects.create(
            form="Giấy khen",
            recipient_name=f"Người nhận {n}",
            organisation=cell,
            meeting=meeting,
            decision=decision,
        )
        RatingTally.objects.create(
            meeting=meeting, year=2020 + n, scope="organisations", rated=n + 1, excellent=1
        )
    return ReportFactory(meeting=meeting)


@pytest.mark.parametrize("scale", [1, 10])
def test_article_queries_do_not_grow_with_the_facts(client, django_assert_max_num_queries, scale):
    report = build_meeting_with_rows(scale)
    # The page's own queries and one per kind of fact rows (see test_views_news too), one
    # looking for related articles (selectors/related.py; there are none here), and one for
    # the most-read list (selectors/readership.py; the views come with the report).
    with django_assert_max_num_queries(17):
        response = client.get(report.get_absolute_url())
    facts = facts_text(response)
    assert facts.count("Người chủ trì ") == 3 * scale
    assert facts.count("Người nhận ") == 3 * scale
    assert f"Ủy viên {3 * scale - 1}" in facts


def test_editor_of_the_sample_says_its_awards_are_in_the_body(client):
    call_command("load_sample", verbosity=0)
    report = Report.objects.get()
    client.force_login(user_with_role(SECRETARIAT_ROLE, report.meeting.organisation))
    page, data = editor_post(client, report.meeting)
    html = page.content.decode()
    assert "đã có khối danh sách khen thưởng trong nội dung bài" in html
    awards_box = re.search(r'<input[^>]*name="facts-shown" value="awards"[^>]*>', html).group(0)
    assert "disabled" in awards_box
    chairs_box = re.search(r'<input[^>]*name="facts-shown" value="chairs"[^>]*>', html).group(0)
    assert "disabled" not in chairs_box and "checked" in chairs_box


def test_a_document_published_with_the_report_is_linked_from_the_facts(client, full_meeting):
    """Issue 12: the facts' "documents studied" link a file published with the report, never
    an unpublished one, and nothing while the report is not public."""
    from django.core.files.base import ContentFile

    meeting = full_meeting.meeting
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"
    shared = Document.objects.create(
        meeting=meeting, order=2, kind="Nghị quyết", number="05-NQ/ĐU", published=True
    )
    shared.file.save("nghi-quyet.pdf", ContentFile(pdf))
    kept = Document.objects.create(meeting=meeting, order=3, kind="Công văn", number="9-CV/CB")
    kept.file.save("cong-van.pdf", ContentFile(pdf))
    html = client.get(full_meeting.get_absolute_url()).content.decode()
    facts = html[html.index('class="article-facts"') :]
    link = reverse("news:document", args=[shared.pk])
    assert f'href="{link}"' in facts
    assert "Tải văn bản" in facts_text(client.get(full_meeting.get_absolute_url()))
    assert reverse("news:document", args=[kept.pk]) not in html
    assert "9-CV/CB" in facts  # listed as studied, without a link
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    # Not public any more: no link, and no download.
    full_meeting.status = ReportStatus.DRAFT
    full_meeting.save()
    from branchapp.selectors.facts import article_facts

    assert all(not d["url"] for d in article_facts(full_meeting).documents)
    assert client.get(link).status_code == 404
    from branchapp.selectors.documents import public_documents

    assert public_documents(full_meeting) == []


def test_a_start_time_over_several_days_says_from_once():
    meeting = Meeting(
        date=datetime.date(2025, 6, 20),
        end_date=datetime.date(2025, 6, 21),
        start_time=datetime.time(7, 30),
    )
    assert when_label(meeting) == "07:30 ngày 20/06/2025 đến ngày 21/06/2025"
