"""Loading the sample article into the database (`manage.py load_sample`); idempotent."""

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from ..models import (
    Assessment,
    Award,
    BlockType,
    Category,
    Comparison,
    InspectionCase,
    Meeting,
    MeetingKind,
    MeetingKindTag,
    MeetingPerson,
    Member,
    MemberEvent,
    MemberEventType,
    MemberRating,
    Organisation,
    OrganisationKind,
    OrganisationRating,
    ParticipantRole,
    PartOfDay,
    Photo,
    Position,
    PositionTitle,
    RatingLevel,
    Report,
    ReportBlock,
    ReportStatus,
    Target,
)
from .article import (
    AUTHOR,
    BODY,
    CATEGORY,
    CELL_NAMES,
    CELL_RATINGS,
    CHAIRS,
    COMMITTEE_NAME,
    CONFIRMED_IN_2021,
    HEADLINE,
    ILLUSTRATIVE,
    INSPECTIONS_2021,
    LEAD,
    MEETING_DATE,
    MEMBERS,
    NAMED_IN_ARTICLE,
    PARENT_NAME,
    SUCCESSOR_NAME,
    TARGETS_2021,
    TARGETS_2022_COUNT,
    TZ,
)


def sample_photo(caption: str, index: int) -> ContentFile:
    """A generated 1200×800 JPEG standing in for the article's photo."""
    palette = [(166, 28, 36), (30, 85, 140), (196, 140, 20)]
    image = Image.new("RGB", (1200, 800), palette[index % len(palette)])
    draw = ImageDraw.Draw(image)
    for i in range(0, 1200, 60):
        draw.line([(i, 0), (i + 400, 800)], fill=(255, 255, 255), width=2)
    draw.rectangle([40, 660, 1160, 760], fill=(0, 0, 0))
    draw.text((60, 690), f"Anh minh hoa {index + 1}", fill=(255, 255, 255), font_size=40)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"sinh-hoat-dang-bo-2021-{index + 1}.jpg")


@transaction.atomic
def load_sample() -> bool:
    """Load the sample; returns False when it is already there (loading twice changes nothing)."""
    if Meeting.objects.filter(organisation__name=COMMITTEE_NAME, date=MEETING_DATE).exists():
        return False

    parent, _ = Organisation.objects.get_or_create(
        name=PARENT_NAME,
        defaults={
            "kind": OrganisationKind.COMMITTEE,
            "place": "Đồng Tháp",
            "valid_to": datetime.date(2025, 2, 23),
        },
    )
    successor, _ = Organisation.objects.get_or_create(
        name=SUCCESSOR_NAME,
        defaults={
            "kind": OrganisationKind.COMMITTEE,
            "place": "Đồng Tháp",
            "valid_from": datetime.date(2025, 2, 24),
        },
    )
    if parent.successor_id is None:
        parent.successor = successor
        parent.save()
    committee, _ = Organisation.objects.get_or_create(
        name=COMMITTEE_NAME,
        defaults={
            "kind": OrganisationKind.COMMITTEE,
            "parent": parent,
            "short_name": "Đảng bộ Trường",
            "place": "Đồng Tháp",
        },
    )
    cells = []
    for order, name in enumerate(CELL_NAMES, start=1):
        cell, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": OrganisationKind.BRANCH,
                "parent": committee,
                "order": order,
                "place": "Đồng Tháp",
                "description": ILLUSTRATIVE,
            },
        )
        cells.append(cell)

    members = {}
    for cell, cell_members in zip(cells, MEMBERS, strict=True):
        for number, (name, sex, job, _level) in enumerate(cell_members):
            admitted = datetime.date(2005 + number * 2, 5, 19)
            confirmed = admitted.replace(year=admitted.year + 1)
            if name == CONFIRMED_IN_2021:
                admitted, confirmed = datetime.date(2020, 6, 15), datetime.date(2021, 6, 15)
            member = Member.objects.create(
                full_name=name,
                sex=sex,
                job_title=job,
                organisation=cell,
                birth_date=datetime.date(1975 + number * 3, 3 + number, 10),
                admission_date=admitted,
                confirmation_date=confirmed,
                note="" if name in NAMED_IN_ARTICLE else ILLUSTRATIVE,
            )
            MemberEvent.objects.create(
                member=member, organisation=cell, type=MemberEventType.ADMISSION, date=admitted
            )
            MemberEvent.objects.create(
                member=member,
                organisation=cell,
                type=MemberEventType.CONFIRMATION,
                date=confirmed,
            )
            members[name] = member

    term_start = datetime.date(2020, 7, 1)
    Position.objects.create(
        member=members["Nguyễn Phước Dũng"],
        organisation=committee,
        title=PositionTitle.SECRETARY,
        title_text="Bí thư Đảng ủy",
        start_date=term_start,
        term="2020-2025",
    )
    Position.objects.create(
        member=members["Lê Minh Hiếu"],
        organisation=committee,
        title=PositionTitle.COMMITTEE_MEMBER,
        title_text="Đảng ủy viên",
        start_date=term_start,
        term="2020-2025",
    )

    meeting = Meeting.objects.create(
        organisation=committee,
        title=HEADLINE,
        date=MEETING_DATE,
        part_of_day=PartOfDay.AFTERNOON,
        review_from=datetime.date(2021, 1, 1),
        review_to=datetime.date(2021, 12, 31),
        plan_from=datetime.date(2022, 1, 1),
        plan_to=datetime.date(2022, 12, 31),
        conclusion=(
            "Đồng chí Bí thư Đảng ủy đánh giá cao tinh thần phấn đấu và những góp ý của các "
            "đảng viên; kêu gọi đoàn kết, tự giác thực hiện nhiệm vụ để xây dựng Đảng bộ trong "
            "sạch vững mạnh tiêu biểu. Thống nhất 09 chỉ tiêu chủ yếu năm 2022."
        ),
    )
    MeetingKindTag.objects.create(meeting=meeting, kind=MeetingKind.PERIODIC)
    MeetingKindTag.objects.create(meeting=meeting, kind=MeetingKind.REVIEW_CONFERENCE)
    for order, (name, title) in enumerate(CHAIRS, start=1):
        MeetingPerson.objects.create(
            meeting=meeting,
            role=ParticipantRole.CHAIR,
            order=order,
            name=name,
            position=title,
            member=members[name],
        )

    category, _ = Category.objects.get_or_create(name=CATEGORY)
    report = Report.objects.create(
        meeting=meeting,
        headline=HEADLINE,
        category=category,
        lead=LEAD,
        author_name=AUTHOR,
        author_organisation="Trường Chính trị tỉnh Đồng Tháp",
        status=ReportStatus.PUBLISHED,
        published_at=datetime.datetime(2021, 12, 31, 17, 30, tzinfo=TZ),
    )
    photo_index = 0
    for order, (block_type, content) in enumerate(BODY, start=1):
        block = ReportBlock(report=report, order=order, type=block_type)
        if block_type == BlockType.PHOTO:
            block.photo = Photo.objects.create(
                report=report,
                caption=content,
                order=photo_index + 1,
                credit="Trường Chính trị tỉnh Đồng Tháp",
                image=sample_photo(content, photo_index),
            )
            photo_index += 1
        elif block_type == BlockType.TARGETS:
            block.targets_year = content
        elif content:
            block.text = content
        block.save()

    for order, row in enumerate(TARGETS_2021, start=1):
        title, planned, actual, kind, planned_min, actual_value, manual, indicator = row
        Target.objects.create(
            organisation=committee,
            year=2021,
            order=order,
            title=title,
            planned_text=planned,
            actual_text=actual,
            value_kind=kind,
            comparison=Comparison.AT_LEAST,
            planned_min=planned_min,
            actual_value=actual_value,
            assessment=manual or Assessment.PENDING,
            assessment_manual=manual is not None,
            indicator=indicator,
            reviewed_at=meeting,
        )
    for order in range(1, TARGETS_2022_COUNT + 1):
        Target.objects.create(
            organisation=committee,
            year=2022,
            order=order,
            title=f"Chỉ tiêu chủ yếu số {order} năm 2022",
            note="Tiêu đề giữ chỗ: bài viết chỉ cho biết Đảng ủy đề ra 09 chỉ tiêu chủ yếu "
            "năm 2022, không nêu nội dung từng chỉ tiêu.",
            adopted_at=meeting,
        )

    for cell_members in MEMBERS:
        for name, _sex, _job, level in cell_members:
            MemberRating.objects.create(
                member=members[name],
                organisation=committee,
                year=2021,
                level=level,
                meeting=meeting,
            )
    for cell, level in zip(cells, CELL_RATINGS, strict=True):
        OrganisationRating.objects.create(
            organisation=cell, year=2021, level=level, meeting=meeting
        )

    MemberEvent.objects.create(
        organisation=committee,
        type=MemberEventType.ADMISSION,
        count=1,
        meeting=meeting,
        prior_status="Quần chúng ưu tú",
        note="Bài viết: kết nạp 01 quần chúng ưu tú trong năm 2021 (không nêu tên, ngày).",
    )
    linh = members[CONFIRMED_IN_2021]
    linh_event = linh.events.get(type=MemberEventType.CONFIRMATION)
    linh_event.meeting = meeting
    linh_event.note = "Bài viết: công nhận chuyển đảng chính thức cho 01 đảng viên năm 2021."
    linh_event.save()

    order = 0
    for cell_members in MEMBERS:
        for name, _sex, _job, level in cell_members:
            if level == RatingLevel.EXCELLENT:
                order += 1
                Award.objects.create(
                    form="Giấy khen",
                    issuer="Đảng ủy Trường Chính trị tỉnh Đồng Tháp",
                    recipient_member=members[name],
                    recipient_name=name,
                    reason="Đảng viên đạt thành tích năm 2021",
                    year=2021,
                    organisation=committee,
                    meeting=meeting,
                    order=order,
                )
    Award.objects.create(
        form="Biểu dương",
        issuer="Đảng ủy Trường Chính trị tỉnh Đồng Tháp",
        recipient_collective="Các tập thể, cá nhân có thành tích xuất sắc",
        reason="Thành tích xuất sắc trong hoạt động, trong học tập và làm theo tư tưởng, đạo "
        "đức, phong cách Hồ Chí Minh năm 2021",
        year=2021,
        organisation=committee,
        meeting=meeting,
        order=order + 1,
    )

    for kind, subtype, by, content in INSPECTIONS_2021:
        InspectionCase.objects.create(
            organisation=committee,
            conducted_by_text=by,
            year=2021,
            kind=kind,
            subtype=subtype,
            subject_count=1,
            content=content,
            result=InspectionCase.Result.PASSED,
            meeting=meeting,
        )

    report.refresh_search_document()
    return True
