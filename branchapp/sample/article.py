"""The sample article's content: names, dates, the chairs, the members and the article's blocks
in order, exactly as the article states them (what it does not state is marked illustrative)."""

import datetime
import zoneinfo
from decimal import Decimal

from ..models import (
    Assessment,
    BlockType,
    Indicator,
    InspectionCase,
    RatingLevel,
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
HEADLINE = "Đảng bộ trường chính trị tỉnh Đồng Tháp tổ chức sinh hoạt đảng bộ định kỳ năm 2021"
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
    (
        P,
        "Chủ trì hội nghị gồm 02 đồng chí: đ/c Nguyễn Phước Dũng, Bí thư Đảng ủy; đ/c Lê Minh "
        "Hiếu, Đảng ủy viên, Chủ tịch Công đoàn cơ sở.",
    ),
    (BlockType.PHOTO, "Đ/c Nguyễn Phước Dũng, Bí thư Đảng ủy phát biểu tại Hội nghị"),
    (
        P,
        "Trong năm 2021, Đảng ủy trường đã phát huy vai trò, trách nhiệm trong công tác phối hợp "
        "với Lãnh đạo trường chỉ đạo các chi bộ trực thuộc tổ chức thực hiện đảm bảo các công "
        "việc chuyên môn theo Kế hoạch đào tạo, bồi dưỡng của trường đã được Ban Thường vụ Tỉnh "
        "ủy phê duyệt. Đã xây dựng kế hoạch và lãnh đạo các chi bộ trực thuộc xây dựng kế "
        "hoạch, đề ra giải pháp, thời gian, lộ trình cụ thể khắc phục các hạn chế, khuyết điểm "
        "được chỉ ra trong kiểm điểm, đánh giá chất lượng tổ chức đảng, đảng viên và thực hiện "
        "kiểm điểm kết quả khắc phục trong các kỳ sinh hoạt cấp uỷ, chi bộ.",
    ),
    (BlockType.PHOTO, "Quang cảnh Hội nghị"),
    (
        P,
        "Lãnh đạo các chi bộ thường xuyên kiểm tra, giám sát đảng viên trong việc thực hiện chức "
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
        "thành thu, lập danh sách báo cáo Đảng ủy khối đúng thời gian quy định.",
    ),
    (BlockType.PHOTO, "Đ/c Nguyễn Phước Dũng trao Giấy khen cho đảng viên đạt thành tích năm 2021"),
    (
        P,
        "Lãnh đạo tổ chức Công Đoàn, Đoàn thanh niên, Hội Cựu chiến binh thực hiện tốt chức năng "
        "nhiệm vụ của tổ chức mình; thường xuyên đổi mới và nâng cao hiệu quả hoạt động, quan "
        "tâm chăm lo đời sống cho đoàn viên, hội viên. Thực hiện đối thoại định kỳ giữa Ban chấp "
        "hành Đảng bộ với BCH các tổ chức đoàn thể để kịp thời định hướng hoạt động, nắm bắt tâm "
        "tư, nguyện vọng của đoàn viên, hội viên.",
    ),
    (
        P,
        "Trong năm, Đảng bộ đã đề nghị công nhận chuyển Đảng chính chức cho 01 đảng viên và kết "
        "nạp 01 quần chúng ưu tú đứng vào hàng ngũ của Đảng.",
    ),
    (BlockType.HEADING, "Kết quả thực hiện một số chỉ tiêu chủ yếu năm 2021:"),
    (BlockType.TARGETS, 2021),
    (
        P,
        "Để giữ vững và phát huy thành tích của Đảng bộ trường thời gian tới theo lộ trình cả "
        "nhiệm kỳ, năm 2022, Đảng ủy đề ra 09 chỉ tiêu chủ yếu và được tập thể đảng viên thống "
        "nhất cao. Buổi sinh hoạt cũng nhận được những trao đổi tâm tư, đóng góp của các đảng "
        "viên về xây dựng Đảng bộ trường và xây dựng trường hướng đến trường chính trị chuẩn "
        "trong thời gian tới.",
    ),
    (
        P,
        "Đồng chí Nguyễn Phước Dũng đánh giá rất cao tinh thần phấn đấu và những góp ý của các "
        "đảng viên trong hoạt động của năm và trong buổi sinh hoạt, đồng chí kêu gọi sự đoàn "
        "kết, phấn đấu hết mình, tự giác thực hiện nhiệm vụ của đội ngũ đảng viên để xây dựng "
        "Đảng bộ trong sạch vững mạnh tiêu biểu, có sức chiến đấu cao, xứng đáng với tiềm năng, "
        "tầm vóc của trường trong thời gian tới.",
    ),
    (
        P,
        "Trong buổi sinh hoạt, Đảng bộ cũng đã khen tặng và biểu dương các tập thể, cá nhân có "
        "thành tích xuất sắc trong hoạt động, trong học tập và làm theo tư tưởng, đạo đức, phong "
        "cách Hồ Chí Minh./.",
    ),
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
        ValueKind.PERCENT,
        Decimal("90"),
        Decimal("100"),
        None,
        Indicator.MEMBERS_GOOD_OR_ABOVE_SHARE,
    ),
    (
        "Có 03 chi bộ hoàn thành tốt nhiệm vụ trở lên và có ít nhất có 01 chi bộ hoàn thành "
        "xuất sắc nhiệm vụ",
        "03 chi bộ hoàn thành tốt nhiệm vụ trở lên; ít nhất 01 chi bộ hoàn thành xuất sắc",
        "04 chi bộ hoàn thành tốt nhiệm vụ và 01 chi bộ hoàn thành xuất sắc nhiệm vụ.",
        ValueKind.COUNT,
        Decimal("3"),
        Decimal("4"),
        None,
        Indicator.CELLS_GOOD_OR_ABOVE,
    ),
    (
        "100% đảng viên, quần chúng tham gia học tập các nghị quyết của Đảng; tham gia bồi "
        "dưỡng chuyên môn, nghiệp vụ",
        "100%",
        "",
        ValueKind.QUALITATIVE,
        None,
        None,
        Assessment.ACHIEVED,
        "",
    ),
    (
        "Phối hợp BGH Trường lãnh đạo thực hiện tốt 01 đề tài nghiên cứu khoa học cấp tỉnh, 01 "
        "đề tài nghiên cứu khoa học cấp cơ sở",
        "01 đề tài cấp tỉnh, 01 đề tài cấp cơ sở",
        "Đã nghiệm thu 01 đề tài NCKH cấp tỉnh, đang thực hiện 03 đề tài NCKH cấp cơ sở.",
        ValueKind.QUALITATIVE,
        None,
        None,
        Assessment.EXCEEDED,
        "",
    ),
    (
        "Phối hợp với BGH Trường hoàn thành tốt Kế hoạch đào tạo, bồi dưỡng năm 2021 được Ban "
        "Thường vụ Tỉnh ủy phê duyệt",
        "100% kế hoạch",
        "Đạt 103% so với kế hoạch đào tạo, bồi dưỡng 2021.",
        ValueKind.PERCENT_OF_PLAN,
        Decimal("100"),
        Decimal("103"),
        None,
        "",
    ),
    (
        "Trong năm 2021, có 02 giảng viên đạt giảng viên dạy giỏi cấp Trường, 01 giảng viên đạt "
        "giảng viên dạy giỏi cấp Học viện",
        "02 giảng viên dạy giỏi cấp Trường, 01 cấp Học viện",
        "01 giảng viên đạt giảng viên dạy giỏi cấp học viện, 01 đạt giảng viên dạy giỏi xuất "
        "sắc cấp Học viện.",
        ValueKind.QUALITATIVE,
        None,
        None,
        Assessment.EXCEEDED,
        "",
    ),
    (
        "Lãnh đạo các đoàn thể đạt vững mạnh",
        "Vững mạnh",
        "Chi đoàn đạt vững mạnh, tiêu biểu; Công đoàn đạt bằng khen LĐLĐ Tỉnh.",
        ValueKind.QUALITATIVE,
        None,
        None,
        Assessment.EXCEEDED,
        "",
    ),
]
TARGETS_2022_COUNT = 9

# (kind, subtype, conducted by, content) for 2021, from the article's parenthesis.
INSPECTIONS_2021 = [
    (
        InspectionCase.Kind.INSPECTION,
        InspectionCase.Subtype.REGULAR,
        "Đảng ủy",
        "Kiểm tra đối với 01 đảng viên.",
    ),
    (
        InspectionCase.Kind.SUPERVISION,
        InspectionCase.Subtype.REGULAR,
        "Đảng ủy",
        "Giám sát đối với 01 chi bộ trực thuộc Trường.",
    ),
    (
        InspectionCase.Kind.SUPERVISION,
        InspectionCase.Subtype.THEMATIC,
        "UBKT Đảng ủy",
        "Giám sát chuyên đề đối với 01 đảng viên.",
    ),
    (
        InspectionCase.Kind.INSPECTION,
        InspectionCase.Subtype.FINANCE,
        "UBKT Đảng ủy",
        "Kiểm tra tài chính Đảng về việc thu, chi hoạt động công tác Đảng; việc lưu trữ các hóa "
        "đơn, chứng từ theo quy định đối với bộ phận phụ trách công tác tài chính của Đảng ủy.",
    ),
]
