"""The sample article (shared/seed/sample-article.txt) as structured data.

The article reports the year-end plenary of 31/12/2021 of the Party committee of the Đồng Tháp
Political School. What the article states is reproduced exactly; what a working database needs
but the article does not say (the cells' names, the members besides the chairs and the author,
their ratings, the 2022 targets' titles) is marked as illustrative in the data itself.
"""

import datetime
import io
import zoneinfo
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from .models import (
    Assessment,
    Award,
    BlockType,
    Category,
    Comparison,
    Indicator,
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
    ValueKind,
)

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
ILLUSTRATIVE = "Dữ liệu minh họa: bài viết mẫu không nêu chi tiết này."

PARENT_NAME = "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp"
SUCCESSOR_NAME = "Đảng bộ các cơ quan Đảng tỉnh Đồng Tháp"
COMMITTEE_NAME = "Đảng bộ Trường Chính trị tỉnh Đồng Tháp"
CELL_NAMES = [
    "Chi bộ Khoa Xây dựng Đảng",
    "Chi bộ Khoa Lý luận cơ sở",
    "Chi bộ Khoa Nhà nước và Pháp luật",
    "Chi bộ Phòng Tổ chức - Hành chính",
]
CATEGORY = "Tin tức - Sự kiện"
HEADLINE = (
    "Đảng bộ trường chính trị tỉnh Đồng Tháp tổ chức sinh hoạt đảng bộ định kỳ năm 2021"
)
MEETING_DATE = datetime.date(2021, 12, 31)
LEAD = (
    "Buổi chiều ngày 31 tháng 12 năm 2021, Đảng bộ trường chính trị tỉnh Đồng Tháp tổ chức "
    "sinh hoạt đảng bộ định kỳ năm 2021."
)
AUTHOR = "Mai Quang Khả"
CHAIRS = [
    ("Nguyễn Phước Dũng", "Bí thư Đảng ủy"),
    ("Lê Minh Hiếu", "Đảng ủy viên, Chủ tịch Công đoàn cơ sở"),
]

# Members per cell (the first cell holds the chairs and the author). Names other than theirs
# are illustrative; ratings 2021: four excellent and sixteen good, as the article's
# "100% good or above, of which 20% excellent" requires.
MEMBERS = [
    [
        ("Nguyễn Phước Dũng", "male", "Hiệu trưởng", RatingLevel.EXCELLENT),
        ("Lê Minh Hiếu", "male", "Chủ tịch Công đoàn cơ sở", RatingLevel.EXCELLENT),
        ("Mai Quang Khả", "male", "Chuyên viên", RatingLevel.GOOD),
        ("Trần Thị Mỹ Linh", "female", "Giảng viên", RatingLevel.GOOD),
        ("Phạm Văn Đức", "male", "Giảng viên", RatingLevel.GOOD),
    ],
    [
        ("Võ Thị Thu Hà", "female", "Trưởng khoa", RatingLevel.EXCELLENT),
        ("Huỳnh Văn Tâm", "male", "Giảng viên", RatingLevel.GOOD),
        ("Đặng Thị Ngọc Ánh", "female", "Giảng viên", RatingLevel.GOOD),
        ("Bùi Quốc Bảo", "male", "Giảng viên", RatingLevel.GOOD),
        ("Lý Thị Kim Cúc", "female", "Giảng viên", RatingLevel.GOOD),
    ],
    [
        ("Trương Minh Khôi", "male", "Trưởng khoa", RatingLevel.EXCELLENT),
        ("Ngô Thị Bích Ngọc", "female", "Giảng viên", RatingLevel.GOOD),
        ("Dương Văn Phúc", "male", "Giảng viên", RatingLevel.GOOD),
        ("Hồ Thị Thanh Thủy", "female", "Giảng viên", RatingLevel.GOOD),
        ("Châu Văn Lộc", "male", "Giảng viên", RatingLevel.GOOD),
    ],
    [
        ("Phan Thị Hồng Nhung", "female", "Trưởng phòng", RatingLevel.GOOD),
        ("Tô Văn Hùng", "male", "Chuyên viên", RatingLevel.GOOD),
        ("Lâm Thị Yến", "female", "Kế toán", RatingLevel.GOOD),
        ("Đoàn Văn Sang", "male", "Chuyên viên", RatingLevel.GOOD),
        ("Kiều Thị Mai", "female", "Văn thư", RatingLevel.GOOD),
    ],
]
NAMED_IN_ARTICLE = {name for name, _title in CHAIRS} | {AUTHOR}
CELL_RATINGS = [RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.GOOD, RatingLevel.GOOD]
CONFIRMED_IN_2021 = "Trần Thị Mỹ Linh"

P = BlockType.PARAGRAPH
BODY = [
    (P, "Chủ trì hội nghị gồm 02 đồng chí: đ/c Nguyễn Phước Dũng, Bí thư Đảng ủy; đ/c Lê Minh "
        "Hiếu, Đảng ủy viên, Chủ tịch Công đoàn cơ sở."),
    (BlockType.PHOTO, "Đ/c Nguyễn Phước Dũng, Bí thư Đảng ủy phát biểu tại Hội nghị"),
    (P, "Trong năm 2021, Đảng ủy trường đã phát huy vai trò, trách nhiệm trong công tác phối hợp "
        "với Lãnh đạo trường chỉ đạo các chi bộ trực thuộc tổ chức thực hiện đảm bảo các công "
        "việc chuyên môn theo Kế hoạch đào tạo, bồi dưỡng của trường đã được Ban Thường vụ Tỉnh "
        "ủy phê duyệt. Đã xây dựng kế hoạch và lãnh đạo các chi bộ trực thuộc xây dựng kế "
        "hoạch, đề ra giải pháp, thời gian, lộ trình cụ thể khắc phục các hạn chế, khuyết điểm "
        "được chỉ ra trong kiểm điểm, đánh giá chất lượng tổ chức đảng, đảng viên và thực hiện "
        "kiểm điểm kết quả khắc phục trong các kỳ sinh hoạt cấp uỷ, chi bộ."),
    (BlockType.PHOTO, "Quang cảnh Hội nghị"),
    (P, "Lãnh đạo các chi bộ thường xuyên kiểm tra, giám sát đảng viên trong việc thực hiện chức "
        "trách nhiệm vụ được giao, vai trò người đứng đầu cấp uỷ, việc giữ gìn phẩm chất đạo "
        "đức, lối sống và giữ mối liên hệ với cấp uỷ nơi cư trú; việc thực hiện Quy định về "
        "những điều đảng viên không được làm; việc thực hiện Quy định về trách nhiệm nêu gương "
        "của cán bộ, đảng viên, nhất là cán bộ lãnh đạo chủ chốt (Năm 2021, Đảng ủy Kiểm tra "
        "đối với 01 đảng viên; giám sát đối với 01 chi bộ trực thuộc Trường; UBKT Đảng ủy tiến "
        "hành giám sát chuyên đề đối với 01 đảng viên; UBKT Đảng ủy kiểm tra tài chính Đảng về "
        "việc thu, chi hoạt động công tác Đảng; việc lưu trữ các hóa đơn, chứng từ theo quy "
        "định đối với bộ phận phụ trách công tác tài chính của Đảng ủy…). Lãnh đạo Đảng ủy viên "
        "phụ trách chi bộ thường xuyên đôn đốc, nhắc nhở các chi bộ thực hiện tốt nhiệm vụ "
        "chính trị và thực hiện tốt việc thu, chi, trích nộp đảng phí, công tác văn thư, lưu "
        "trữ, chế độ báo cáo về Đảng ủy. Thực hiện kiểm tra kỹ thuật thẻ đảng viên lần tư, tiến "
        "thành thu, lập danh sách báo cáo Đảng ủy khối đúng thời gian quy định."),
    (BlockType.PHOTO, "Đ/c Nguyễn Phước Dũng trao Giấy khen cho đảng viên đạt thành tích năm 2021"),
    (P, "Lãnh đạo tổ chức Công Đoàn, Đoàn thanh niên, Hội Cựu chiến binh thực hiện tốt chức năng "
        "nhiệm vụ của tổ chức mình; thường xuyên đổi mới và nâng cao hiệu quả hoạt động, quan "
        "tâm chăm lo đời sống cho đoàn viên, hội viên. Thực hiện đối thoại định kỳ giữa Ban chấp "
        "hành Đảng bộ với BCH các tổ chức đoàn thể để kịp thời định hướng hoạt động, nắm bắt tâm "
        "tư, nguyện vọng của đoàn viên, hội viên."),
    (P, "Trong năm, Đảng bộ đã đề nghị công nhận chuyển Đảng chính chức cho 01 đảng viên và kết "
        "nạp 01 quần chúng ưu tú đứng vào hàng ngũ của Đảng."),
    (BlockType.HEADING, "Kết quả thực hiện một số chỉ tiêu chủ yếu năm 2021:"),
    (BlockType.TARGETS, 2021),
    (P, "Để giữ vững và phát huy thành tích của Đảng bộ trường thời gian tới theo lộ trình cả "
        "nhiệm kỳ, năm 2022, Đảng ủy đề ra 09 chỉ tiêu chủ yếu và được tập thể đảng viên thống "
        "nhất cao. Buổi sinh hoạt cũng nhận được những trao đổi tâm tư, đóng góp của các đảng "
        "viên về xây dựng Đảng bộ trường và xây dựng trường hướng đến trường chính trị chuẩn "
        "trong thời gian tới."),
    (P, "Đồng chí Nguyễn Phước Dũng đánh giá rất cao tinh thần phấn đấu và những góp ý của các "
        "đảng viên trong hoạt động của năm và trong buổi sinh hoạt, đồng chí kêu gọi sự đoàn "
        "kết, phấn đấu hết mình, tự giác thực hiện nhiệm vụ của đội ngũ đảng viên để xây dựng "
        "Đảng bộ trong sạch vững mạnh tiêu biểu, có sức chiến đấu cao, xứng đáng với tiềm năng, "
        "tầm vóc của trường trong thời gian tới."),
    (P, "Trong buổi sinh hoạt, Đảng bộ cũng đã khen tặng và biểu dương các tập thể, cá nhân có "
        "thành tích xuất sắc trong hoạt động, trong học tập và làm theo tư tưởng, đạo đức, phong "
        "cách Hồ Chí Minh./."),
    (BlockType.AWARDS, None),
]

# (title, planned as written, result as written, kind, planned, actual, manual assessment,
#  indicator) — exactly as the article gives them.
TARGETS_2021 = [
    (
        "Có 90% đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên, trong đó có 20% đảng viên "
        "xếp loại hoàn thành xuất sắc nhiệm vụ",
        "90% hoàn thành tốt nhiệm vụ trở lên; 20% hoàn thành xuất sắc nhiệm vụ",
        "100% đảng viên xếp loại hoàn thành tốt nhiệm vụ. 20% hoàn thành xuất sắc nhiệm vụ.",
        ValueKind.PERCENT, Decimal("90"), Decimal("100"), None,
        Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE,
    ),
    (
        "Có 03 chi bộ hoàn thành tốt nhiệm vụ trở lên và có ít nhất có 01 chi bộ hoàn thành "
        "xuất sắc nhiệm vụ",
        "03 chi bộ hoàn thành tốt nhiệm vụ trở lên; ít nhất 01 chi bộ hoàn thành xuất sắc",
        "04 chi bộ hoàn thành tốt nhiệm vụ và 01 chi bộ hoàn thành xuất sắc nhiệm vụ.",
        ValueKind.COUNT, Decimal("3"), Decimal("4"), None, Indicator.CELLS_GOOD_OR_ABOVE,
    ),
    (
        "100% đảng viên, quần chúng tham gia học tập các nghị quyết của Đảng; tham gia bồi "
        "dưỡng chuyên môn, nghiệp vụ",
        "100%", "", ValueKind.QUALITATIVE, None, None, Assessment.ACHIEVED, "",
    ),
    (
        "Phối hợp BGH Trường lãnh đạo thực hiện tốt 01 đề tài nghiên cứu khoa học cấp tỉnh, 01 "
        "đề tài nghiên cứu khoa học cấp cơ sở",
        "01 đề tài cấp tỉnh, 01 đề tài cấp cơ sở",
        "Đã nghiệm thu 01 đề tài NCKH cấp tỉnh, đang thực hiện 03 đề tài NCKH cấp cơ sở.",
        ValueKind.QUALITATIVE, None, None, Assessment.EXCEEDED, "",
    ),
    (
        "Phối hợp với BGH Trường hoàn thành tốt Kế hoạch đào tạo, bồi dưỡng năm 2021 được Ban "
        "Thường vụ Tỉnh ủy phê duyệt",
        "100% kế hoạch",
        "Đạt 103% so với kế hoạch đào tạo, bồi dưỡng 2021.",
        ValueKind.PERCENT_OF_PLAN, Decimal("100"), Decimal("103"), None, "",
    ),
    (
        "Trong năm 2021, có 02 giảng viên đạt giảng viên dạy giỏi cấp Trường, 01 giảng viên đạt "
        "giảng viên dạy giỏi cấp Học viện",
        "02 giảng viên dạy giỏi cấp Trường, 01 cấp Học viện",
        "01 giảng viên đạt giảng viên dạy giỏi cấp học viện, 01 đạt giảng viên dạy giỏi xuất "
        "sắc cấp Học viện.",
        ValueKind.QUALITATIVE, None, None, Assessment.EXCEEDED, "",
    ),
    (
        "Lãnh đạo các đoàn thể đạt vững mạnh",
        "Vững mạnh",
        "Chi đoàn đạt vững mạnh, tiêu biểu; Công đoàn đạt bằng khen LĐLĐ Tỉnh.",
        ValueKind.QUALITATIVE, None, None, Assessment.EXCEEDED, "",
    ),
]
TARGETS_2022_COUNT = 9

# (kind, subtype, conducted by, content) for 2021, from the article's parenthesis.
INSPECTIONS_2021 = [
    (InspectionCase.Kind.INSPECTION, InspectionCase.Subtype.REGULAR, "Đảng ủy",
     "Kiểm tra đối với 01 đảng viên."),
    (InspectionCase.Kind.SUPERVISION, InspectionCase.Subtype.REGULAR, "Đảng ủy",
     "Giám sát đối với 01 chi bộ trực thuộc Trường."),
    (InspectionCase.Kind.SUPERVISION, InspectionCase.Subtype.THEMATIC, "UBKT Đảng ủy",
     "Giám sát chuyên đề đối với 01 đảng viên."),
    (InspectionCase.Kind.INSPECTION, InspectionCase.Subtype.FINANCE, "UBKT Đảng ủy",
     "Kiểm tra tài chính Đảng về việc thu, chi hoạt động công tác Đảng; việc lưu trữ các hóa "
     "đơn, chứng từ theo quy định đối với bộ phận phụ trách công tác tài chính của Đảng ủy."),
]


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
        defaults={"kind": OrganisationKind.COMMITTEE, "place": "Đồng Tháp",
                  "valid_to": datetime.date(2025, 2, 23)},
    )
    successor, _ = Organisation.objects.get_or_create(
        name=SUCCESSOR_NAME,
        defaults={"kind": OrganisationKind.COMMITTEE, "place": "Đồng Tháp",
                  "valid_from": datetime.date(2025, 2, 24)},
    )
    if parent.successor_id is None:
        parent.successor = successor
        parent.save()
    committee, _ = Organisation.objects.get_or_create(
        name=COMMITTEE_NAME,
        defaults={"kind": OrganisationKind.COMMITTEE, "parent": parent,
                  "short_name": "Đảng bộ Trường", "place": "Đồng Tháp"},
    )
    cells = []
    for order, name in enumerate(CELL_NAMES, start=1):
        cell, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": OrganisationKind.BRANCH, "parent": committee, "order": order,
                      "place": "Đồng Tháp", "description": ILLUSTRATIVE},
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
                full_name=name, sex=sex, job_title=job, organisation=cell,
                birth_date=datetime.date(1975 + number * 3, 3 + number, 10),
                admission_date=admitted, confirmation_date=confirmed,
                note="" if name in NAMED_IN_ARTICLE else ILLUSTRATIVE,
            )
            MemberEvent.objects.create(
                member=member, organisation=cell, type=MemberEventType.ADMISSION, date=admitted
            )
            MemberEvent.objects.create(
                member=member, organisation=cell, type=MemberEventType.CONFIRMATION,
                date=confirmed,
            )
            members[name] = member

    term_start = datetime.date(2020, 7, 1)
    Position.objects.create(
        member=members["Nguyễn Phước Dũng"], organisation=committee,
        title=PositionTitle.SECRETARY, title_text="Bí thư Đảng ủy", start_date=term_start,
        term="2020-2025",
    )
    Position.objects.create(
        member=members["Lê Minh Hiếu"], organisation=committee,
        title=PositionTitle.COMMITTEE_MEMBER, title_text="Đảng ủy viên", start_date=term_start,
        term="2020-2025",
    )

    meeting = Meeting.objects.create(
        organisation=committee, title=HEADLINE, date=MEETING_DATE,
        part_of_day=PartOfDay.AFTERNOON,
        review_from=datetime.date(2021, 1, 1), review_to=datetime.date(2021, 12, 31),
        plan_from=datetime.date(2022, 1, 1), plan_to=datetime.date(2022, 12, 31),
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
            meeting=meeting, role=ParticipantRole.CHAIR, order=order, name=name,
            position=title, member=members[name],
        )

    category, _ = Category.objects.get_or_create(name=CATEGORY)
    report = Report.objects.create(
        meeting=meeting, headline=HEADLINE, category=category, lead=LEAD,
        author_name=AUTHOR, author_organisation="Trường Chính trị tỉnh Đồng Tháp",
        status=ReportStatus.PUBLISHED,
        published_at=datetime.datetime(2021, 12, 31, 17, 30, tzinfo=TZ),
    )
    photo_index = 0
    for order, (block_type, content) in enumerate(BODY, start=1):
        block = ReportBlock(report=report, order=order, type=block_type)
        if block_type == BlockType.PHOTO:
            block.photo = Photo.objects.create(
                report=report, caption=content, order=photo_index + 1,
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
            organisation=committee, year=2021, order=order, title=title,
            planned_text=planned, actual_text=actual, value_kind=kind,
            comparison=Comparison.AT_LEAST, planned_min=planned_min, actual_value=actual_value,
            assessment=manual or Assessment.PENDING, assessment_manual=manual is not None,
            indicator=indicator, reviewed_at=meeting,
        )
    for order in range(1, TARGETS_2022_COUNT + 1):
        Target.objects.create(
            organisation=committee, year=2022, order=order,
            title=f"Chỉ tiêu chủ yếu số {order} năm 2022",
            note="Tiêu đề giữ chỗ: bài viết chỉ cho biết Đảng ủy đề ra 09 chỉ tiêu chủ yếu "
            "năm 2022, không nêu nội dung từng chỉ tiêu.",
            adopted_at=meeting,
        )

    for cell_members in MEMBERS:
        for name, _sex, _job, level in cell_members:
            MemberRating.objects.create(
                member=members[name], organisation=committee, year=2021, level=level,
                meeting=meeting,
            )
    for cell, level in zip(cells, CELL_RATINGS, strict=True):
        OrganisationRating.objects.create(organisation=cell, year=2021, level=level,
                                          meeting=meeting)

    MemberEvent.objects.create(
        organisation=committee, type=MemberEventType.ADMISSION, count=1, meeting=meeting,
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
                    form="Giấy khen", issuer="Đảng ủy Trường Chính trị tỉnh Đồng Tháp",
                    recipient_member=members[name], recipient_name=name,
                    reason="Đảng viên đạt thành tích năm 2021", year=2021,
                    organisation=committee, meeting=meeting, order=order,
                )
    Award.objects.create(
        form="Biểu dương", issuer="Đảng ủy Trường Chính trị tỉnh Đồng Tháp",
        recipient_collective="Các tập thể, cá nhân có thành tích xuất sắc",
        reason="Thành tích xuất sắc trong hoạt động, trong học tập và làm theo tư tưởng, đạo "
        "đức, phong cách Hồ Chí Minh năm 2021",
        year=2021, organisation=committee, meeting=meeting, order=order + 1,
    )

    for kind, subtype, by, content in INSPECTIONS_2021:
        InspectionCase.objects.create(
            organisation=committee, conducted_by_text=by, year=2021, kind=kind,
            subtype=subtype, subject_count=1, content=content,
            result=InspectionCase.Result.PASSED, meeting=meeting,
        )

    report.refresh_search_document()
    return True
