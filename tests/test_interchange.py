"""The meeting interchange format: export, import, round trips and rejected files."""

import base64
import copy
import io
import json
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from PIL import Image

from branchapp import models as m
from branchapp.interchange import writing as interchange_writing

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILE = ROOT / "docs" / "examples" / "sample-article.json"
COMMITTEE = "Đảng bộ Trường Chính trị tỉnh Đồng Tháp"
CELL = "Chi bộ Khoa Xây dựng Đảng"


def jpeg_bytes(color=(200, 30, 30), size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def png_bytes(color=(20, 90, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "PNG")
    return buffer.getvalue()


def person(name, position=None, member=True):
    return {"name": name, "position": position, "member": member}


def rich_file(images: dict[str, str]) -> dict:
    """A file using every key of the format; `images` maps a role to an image reference."""
    return {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [
            {
                "name": COMMITTEE,
                "short_name": "Đảng bộ Trường",
                "kind": "committee",
                "parent": None,
                "valid_from": "2010-01-01",
                "valid_to": None,
            },
            {
                "name": CELL,
                "short_name": None,
                "kind": "branch",
                "parent": COMMITTEE,
                "valid_from": None,
                "valid_to": None,
            },
        ],
        "meetings": [
            {
                "organisation": COMMITTEE,
                "other_organisations": [CELL],
                "kinds": ["periodic", "rating"],
                "title": "Đảng bộ Trường tổ chức sinh hoạt định kỳ năm 2021",
                "theme": "Tổng kết năm",
                "term": "2020-2025",
                "review_period": {"from": "2021-01-01", "to": "2021-12-31"},
                "plan_period": {"from": "2022-01-01", "to": "2022-12-31"},
                "date": "2021-12-31",
                "end_date": "2022-01-01",
                "start_time": "14:00",
                "end_time": "16:30",
                "part_of_day": "afternoon",
                "mode": "hybrid",
                "place": "Hội trường A",
                "chairs": [
                    person("Nguyễn Phước Dũng", "Bí thư Đảng ủy"),
                    person("Lê Minh Hiếu", "Đảng ủy viên, Chủ tịch Công đoàn cơ sở"),
                ],
                "minute_taker": person("Trần Thị Mỹ Linh", "Đảng ủy viên"),
                "guests": [person("Phạm Văn Tư", "Huyện ủy viên", member=False)],
                "attendance": {
                    "convened": 20,
                    "present": 18,
                    "present_full": 17,
                    "present_probationary": 1,
                    "present_temporary": 0,
                    "exempt": 1,
                    "away_elsewhere": None,
                    "absent": [
                        {"name": "Võ Thị Thu Hà", "excused": True, "reason": "Đi công tác"},
                        {"name": "Huỳnh Văn Tâm", "excused": False, "reason": None},
                    ],
                    "records": [
                        {"name": "Nguyễn Phước Dũng", "status": "present", "category": "full"},
                        {"name": "Võ Thị Thu Hà", "status": "excused", "category": "full"},
                        {"name": "Bùi Quốc Bảo", "status": "exempt", "category": "exempt"},
                    ],
                },
                "documents": [
                    {
                        "number": "42-HD/BTCTW",
                        "kind": "Hướng dẫn",
                        "date": "2025-10-28",
                        "issuer": "Ban Tổ chức Trung ương",
                        "title": "Nội dung sinh hoạt chi bộ",
                    }
                ],
                "agenda": [
                    {
                        "title": "Báo cáo tổng kết năm 2021",
                        "presenter": person("Nguyễn Phước Dũng", "Bí thư Đảng ủy"),
                        "opinions": [
                            {
                                "speaker": person("Lê Minh Hiếu", None),
                                "summary": "Tán thành báo cáo.",
                            },
                            {
                                "speaker": person("Phạm Văn Tư", "Huyện ủy viên", member=False),
                                "summary": "Ghi nhận kết quả.",
                            },
                        ],
                        "opinion_count": 5,
                        "conclusion": "Thông qua báo cáo.",
                    },
                    {
                        "title": "Phương hướng năm 2022",
                        "presenter": None,
                        "opinions": [],
                        "opinion_count": None,
                        "conclusion": None,
                    },
                ],
                "conclusion": "Thống nhất 09 chỉ tiêu năm 2022.",
                "meeting_rating": "good",
                "lead": "Chiều 31/12/2021, Đảng bộ Trường tổ chức sinh hoạt định kỳ.",
                "body": [
                    {"type": "heading", "text": "Kết quả năm 2021"},
                    {"type": "paragraph", "text": "Đảng bộ đã hoàn thành <b>tốt</b> nhiệm vụ."},
                    {
                        "type": "photo",
                        "image": images["first"],
                        "caption": "Quang cảnh Hội nghị",
                        "credit": "Trường Chính trị",
                    },
                    {"type": "list", "items": ["Một", "Hai"]},
                    {"type": "targets", "year": 2021, "organisation": None},
                    {"type": "targets", "year": 2021, "organisation": CELL},
                    {"type": "photo", "image": images["second"], "caption": None, "credit": None},
                    {"type": "awards"},
                ],
                "targets": [
                    {
                        "organisation": None,
                        "year": 2021,
                        "order": 1,
                        "group": "Công tác xây dựng Đảng",
                        "title": "Có 90% đảng viên hoàn thành tốt nhiệm vụ trở lên",
                        "planned_text": "90%",
                        "actual_text": "100%",
                        "value_kind": "percent",
                        "comparison": "at_least",
                        "planned_min": 90,
                        "planned_max": None,
                        "actual_value": 100,
                        "assessment": None,
                        "note": None,
                        "adopted": False,
                    },
                    {
                        "organisation": None,
                        "year": 2021,
                        "order": 2,
                        "group": None,
                        "title": "Lãnh đạo các đoàn thể đạt vững mạnh",
                        "planned_text": "vững mạnh",
                        "actual_text": "Chi đoàn vững mạnh, tiêu biểu",
                        "value_kind": "qualitative",
                        "comparison": "at_least",
                        "planned_min": None,
                        "planned_max": None,
                        "actual_value": None,
                        "assessment": "exceeded",
                        "note": "Theo báo cáo",
                        "adopted": False,
                    },
                    {
                        "organisation": None,
                        "year": 2021,
                        "order": 3,
                        "group": None,
                        "title": "Kết nạp 7-8 đảng viên",
                        "planned_text": "7-8",
                        "actual_text": "7,5",
                        "value_kind": "count",
                        "comparison": "between",
                        "planned_min": 7,
                        "planned_max": 8,
                        "actual_value": 7.5,
                        "assessment": None,
                        "note": None,
                        "adopted": False,
                    },
                    {
                        "organisation": CELL,
                        "year": 2021,
                        "order": 1,
                        "group": None,
                        "title": "Chi bộ hoàn thành tốt nhiệm vụ",
                        "planned_text": None,
                        "actual_text": None,
                        "value_kind": "boolean",
                        "comparison": "exactly",
                        "planned_min": 1,
                        "planned_max": None,
                        "actual_value": 1,
                        "assessment": None,
                        "note": None,
                        "adopted": False,
                    },
                    {
                        "organisation": None,
                        "year": 2022,
                        "order": 1,
                        "group": None,
                        "title": "Có 95% đảng viên hoàn thành tốt nhiệm vụ trở lên",
                        "planned_text": "95%",
                        "actual_text": None,
                        "value_kind": "percent",
                        "comparison": "at_least",
                        "planned_min": 95,
                        "planned_max": None,
                        "actual_value": None,
                        "assessment": None,
                        "note": None,
                        "adopted": True,
                    },
                    {
                        "organisation": None,
                        "year": None,
                        "term": "2020-2025",
                        "order": 1,
                        "group": None,
                        "title": "Xây dựng Đảng bộ trong sạch vững mạnh",
                        "planned_text": None,
                        "actual_text": None,
                        "value_kind": "qualitative",
                        "comparison": "at_least",
                        "planned_min": None,
                        "planned_max": None,
                        "actual_value": None,
                        "assessment": "pending",
                        "note": None,
                        "adopted": True,
                    },
                ],
                "rating_results": [
                    {"year": 2021, "member": "Nguyễn Phước Dũng", "level": "excellent"},
                    {"year": 2021, "organisation_rated": CELL, "level": "good"},
                    {
                        "year": 2021,
                        "scope": "members",
                        "organisation": None,
                        "rated": 20,
                        "exempt": 1,
                        "not_rated": None,
                        "excellent": 4,
                        "good": 16,
                        "completed": 0,
                        "not_completed": 0,
                    },
                ],
                "awards": [
                    {
                        "form": "Giấy khen",
                        "badge_years": None,
                        "batch": None,
                        "posthumous": False,
                        "issuer": "Đảng ủy Trường",
                        "decision": {
                            "number": "15-QĐ/ĐU",
                            "kind": "Quyết định",
                            "date": "2021-12-20",
                            "issuer": "Đảng ủy Trường",
                            "title": None,
                        },
                        "recipient": {"member": "Lê Minh Hiếu", "birth_year": 1978, "branch": CELL},
                        "count": 1,
                        "reason": "Hoàn thành xuất sắc nhiệm vụ",
                        "year": 2021,
                    },
                    {
                        "form": "Huy hiệu Đảng",
                        "badge_years": 30,
                        "batch": "2/9",
                        "posthumous": True,
                        "issuer": None,
                        "decision": None,
                        "recipient": {"collective": "Chi bộ Khoa Lý luận"},
                        "count": 1,
                        "reason": None,
                        "year": None,
                    },
                    {
                        "form": "Biểu dương",
                        "badge_years": None,
                        "batch": None,
                        "posthumous": False,
                        "issuer": None,
                        "decision": None,
                        "recipient": None,
                        "count": 3,
                        "reason": None,
                        "year": 2021,
                    },
                ],
                "member_events": [
                    {
                        "type": "admission",
                        "member": None,
                        "count": 1,
                        "date": None,
                        "prior_status": "Quần chúng ưu tú",
                        "decision": None,
                        "mentor": None,
                        "note": None,
                    },
                    {
                        "type": "confirmation",
                        "member": "Trần Thị Mỹ Linh",
                        "count": 1,
                        "date": "2021-06-15",
                        "prior_status": None,
                        "decision": {
                            "number": "20-QĐ/ĐU",
                            "kind": "Quyết định",
                            "date": "2021-06-10",
                            "issuer": None,
                            "title": None,
                        },
                        "mentor": "Nguyễn Phước Dũng",
                        "note": "Đúng hạn",
                    },
                ],
                "elections": {
                    "committee_size": 7,
                    "elected": [
                        {"name": "Nguyễn Phước Dũng", "position": "Bí thư", "re_elected": True}
                    ],
                    "delegates": [
                        {"name": "Lê Minh Hiếu", "alternate": False},
                        {"name": "Trần Thị Mỹ Linh", "alternate": True},
                    ],
                },
                "author": {
                    "name": "Mai Quang Khả",
                    "organisation": "Trường Chính trị tỉnh Đồng Tháp",
                },
                "source_credit": "Theo Báo Đồng Tháp",
                "category": "Tin tức - Sự kiện",
                "status": "published",
                "published_at": "2021-12-31T17:30:00+07:00",
                "extra_photos": [
                    {"image": images["extra"], "caption": "Ảnh chưa đặt vào bài", "credit": None}
                ],
            },
            {
                "organisation": CELL,
                "kinds": ["monthly"],
                "title": "Chi bộ sinh hoạt tháng 1",
                "date": "2022-01-03",
                "body": [{"type": "paragraph", "text": "Nội dung tháng 1."}],
                "status": "draft",
            },
        ],
    }


def write_json(folder: Path, data: dict, name="meetings.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def rich_json_on_disk(folder: Path) -> Path:
    (folder / "anh").mkdir(parents=True, exist_ok=True)
    (folder / "anh" / "quang-canh.jpg").write_bytes(jpeg_bytes())
    (folder / "anh" / "hai.png").write_bytes(png_bytes())
    (folder / "anh" / "ba.jpg").write_bytes(jpeg_bytes(color=(0, 120, 0)))
    data = rich_file(
        {"first": "anh/quang-canh.jpg", "second": "anh/hai.png", "extra": "anh/ba.jpg"}
    )
    return write_json(folder, data)


def export(path: Path, *args) -> dict:
    call_command("export_meetings", str(path), *args, stdout=io.StringIO())
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return json.loads(archive.read("meetings.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import_meetings", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failing_import(path: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_meetings", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def row_counts(*, history=True) -> dict[str, int]:
    """Rows of every model of the app (with the change-history tables unless `history` is False)."""
    return {
        model.__name__: model._default_manager.count()
        for model in apps.get_app_config("branchapp").get_models()
        if history or not model.__name__.startswith("Historical")
    }


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )


def wipe():
    """Empty the database of everything the interchange format holds."""
    m.Report.objects.all().delete()
    for model in (
        m.Target,
        m.Award,
        m.MemberEvent,
        m.MemberRating,
        m.OrganisationRating,
        m.RatingTally,
        m.InspectionCase,
        m.DisciplineAction,
        m.Meeting,
        m.Document,
        m.Position,
        m.Member,
        m.Category,
    ):
        model.objects.all().delete()
    for org in m.Organisation.objects.order_by("-depth", "-id"):
        org.delete()
    assert not m.Meeting.objects.exists()


def strip_images(data: dict) -> dict:
    """The export without image file names, which may differ between exports."""
    data = copy.deepcopy(data)
    for meeting in data["meetings"]:
        for photo in [b for b in meeting["body"] if b["type"] == "photo"] + meeting.get(
            "extra_photos", []
        ):
            photo["image"] = "…"
    return data


# -- round trips ----------------------------------------------------------------------------


def test_round_trip_through_zip_keeps_everything_and_the_photos(tmp_path):
    run_import(rich_json_on_disk(tmp_path / "in"))
    first = export(tmp_path / "out" / "first.zip")
    with zipfile.ZipFile(tmp_path / "out" / "first.zip") as archive:
        first_images = {
            name: archive.read(name) for name in archive.namelist() if name != "meetings.json"
        }
    assert len(first_images) == 3

    wipe()
    run_import(tmp_path / "out" / "first.zip")
    second = export(tmp_path / "out" / "second.zip")
    with zipfile.ZipFile(tmp_path / "out" / "second.zip") as archive:
        second_images = {
            name: archive.read(name) for name in archive.namelist() if name != "meetings.json"
        }

    assert strip_images(second) == strip_images(first)
    assert second == first  # image names are deterministic too
    assert sorted(second_images.values()) == sorted(first_images.values())
    assert second["meetings"][0]["title"] == "Đảng bộ Trường tổ chức sinh hoạt định kỳ năm 2021"


def test_round_trip_through_json_writes_images_next_to_the_file(tmp_path):
    run_import(rich_json_on_disk(tmp_path / "in"))
    first = export(tmp_path / "out" / "backup.json")
    photo = next(b for b in first["meetings"][0]["body"] if b["type"] == "photo")
    assert photo["image"].startswith("backup-images/")
    assert (tmp_path / "out" / photo["image"]).read_bytes() == jpeg_bytes()

    wipe()
    run_import(tmp_path / "out" / "backup.json")
    assert strip_images(export(tmp_path / "again" / "backup.json")) == strip_images(first)


def test_attendance_counts_come_back_in_the_documented_order(tmp_path):
    run_import(rich_json_on_disk(tmp_path / "in"))
    attendance = export(tmp_path / "out" / "backup.json")["meetings"][0]["attendance"]
    counts = [(key, value) for key, value in attendance.items() if key not in ("absent", "records")]
    assert counts == [
        ("convened", 20),
        ("present", 18),
        ("present_full", 17),
        ("present_probationary", 1),
        ("present_temporary", 0),
        ("exempt", 1),
        ("away_elsewhere", None),
        ("excused", None),
        ("unexcused", None),
    ]
    meeting = m.Meeting.objects.get(date="2021-12-31")
    assert (meeting.present_full, meeting.present_probationary, meeting.exempt) == (17, 1, 1)


def test_inline_images_are_data_uris_and_import_back(tmp_path):
    run_import(rich_json_on_disk(tmp_path / "in"))
    first = export(tmp_path / "out" / "inline.json", "--inline-images")
    photo = next(b for b in first["meetings"][0]["body"] if b["type"] == "photo")
    assert photo["image"].startswith("data:image/jpeg;base64,")
    assert base64.b64decode(photo["image"].split(",", 1)[1]) == jpeg_bytes()
    assert not (tmp_path / "out" / "inline-images").exists()

    wipe()
    run_import(tmp_path / "out" / "inline.json")
    photos = m.Photo.objects.order_by("order")
    assert [p.caption for p in photos] == ["Quang cảnh Hội nghị", "", "Ảnh chưa đặt vào bài"]
    assert (photos[0].width, photos[0].height) == (64, 48)
    assert export(tmp_path / "out" / "inline2.json", "--inline-images") == first


def test_load_sample_round_trip(tmp_path):
    call_command("load_sample", stdout=io.StringIO())
    first = export(tmp_path / "sample.zip")
    wipe()
    run_import(tmp_path / "sample.zip")
    assert export(tmp_path / "again.zip") == first
    meeting = first["meetings"][0]
    assert [t["year"] for t in meeting["targets"] if not t["adopted"]] == [2021] * 7


# -- what an import writes --------------------------------------------------------------------


def test_import_maps_the_file_onto_the_model(tmp_path):
    output = run_import(rich_json_on_disk(tmp_path))
    assert "2" in output

    meeting = m.Meeting.objects.get(title="Đảng bộ Trường tổ chức sinh hoạt định kỳ năm 2021")
    committee = m.Organisation.objects.get(name=COMMITTEE)
    cell = m.Organisation.objects.get(name=CELL)
    assert cell.parent == committee and cell.kind == m.OrganisationKind.BRANCH
    assert meeting.kind_values == ["periodic", "rating"]
    assert (meeting.convened, meeting.present, meeting.away_elsewhere) == (20, 18, None)
    chairs = meeting.people.filter(role=m.ParticipantRole.CHAIR).order_by("order")
    assert [(p.name, p.position) for p in chairs] == [
        ("Nguyễn Phước Dũng", "Bí thư Đảng ủy"),
        ("Lê Minh Hiếu", "Đảng ủy viên, Chủ tịch Công đoàn cơ sở"),
    ]
    assert all(p.member and p.member.organisation == committee for p in chairs)
    guest = meeting.people.get(role=m.ParticipantRole.GUEST)
    assert guest.member is None

    roll = {a.name: a for a in meeting.attendance.all()}
    assert (
        roll["Võ Thị Thu Hà"].status == "excused" and roll["Võ Thị Thu Hà"].reason == "Đi công tác"
    )
    assert roll["Huỳnh Văn Tâm"].status == "unexcused"
    assert roll["Bùi Quốc Bảo"].category == "exempt"
    # Names are members of the organisation: one Member per name, however often it appears.
    assert m.Member.objects.filter(full_name="Nguyễn Phước Dũng").count() == 1

    report = meeting.report
    assert report.headline == meeting.title
    assert report.status == "published" and report.category.name == "Tin tức - Sự kiện"
    assert (report.author_name, report.source_credit) == ("Mai Quang Khả", "Theo Báo Đồng Tháp")
    blocks = list(report.blocks.order_by("order"))
    assert [b.type for b in blocks] == [
        "heading",
        "paragraph",
        "photo",
        "list",
        "targets",
        "targets",
        "photo",
        "awards",
    ]
    assert blocks[1].text == "Đảng bộ đã hoàn thành <b>tốt</b> nhiệm vụ."  # kept as plain text
    assert blocks[2].photo.caption == "Quang cảnh Hội nghị"
    assert blocks[5].targets_organisation == cell
    assert "quang canh hoi nghi" in report.search_document

    targets = {t.title: t for t in m.Target.objects.all()}
    computed = targets["Có 90% đảng viên hoàn thành tốt nhiệm vụ trở lên"]
    assert (computed.assessment, computed.assessment_manual) == ("exceeded", False)
    assert computed.reviewed_at == meeting and computed.adopted_at is None
    manual = targets["Lãnh đạo các đoàn thể đạt vững mạnh"]
    assert (manual.assessment, manual.assessment_manual) == ("exceeded", True)
    assert targets["Kết nạp 7-8 đảng viên"].actual_value == Decimal("7.5")
    assert targets["Kết nạp 7-8 đảng viên"].assessment == "achieved"
    assert targets["Chi bộ hoàn thành tốt nhiệm vụ"].organisation == cell
    adopted = targets["Có 95% đảng viên hoàn thành tốt nhiệm vụ trở lên"]
    assert adopted.adopted_at == meeting and adopted.reviewed_at is None

    assert m.MemberRating.objects.get().level == "excellent"
    assert m.OrganisationRating.objects.get().organisation == cell
    assert m.RatingTally.objects.get().excellent == 4

    awards = list(meeting.awards.order_by("order"))
    assert awards[0].recipient_member.full_name == "Lê Minh Hiếu"
    assert (awards[0].recipient_birth_year, awards[0].recipient_branch) == (1978, CELL)
    assert awards[0].decision.number == "15-QĐ/ĐU" and awards[0].decision.meeting is None
    assert awards[1].recipient_collective == "Chi bộ Khoa Lý luận" and awards[1].badge_years == 30
    assert awards[2].recipient_label == "3"

    events = list(meeting.member_events.order_by("order"))
    assert events[0].member is None and events[0].count == 1
    assert events[1].member.full_name == "Trần Thị Mỹ Linh"

    assert meeting.election.committee_size == 7
    assert meeting.documents.get().number == "42-HD/BTCTW"
    assert meeting.agenda.first().opinions.count() == 2

    draft = m.Meeting.objects.get(organisation=cell)
    assert draft.report.status == "draft" and draft.report.headline == "Chi bộ sinh hoạt tháng 1"


def test_reimport_updates_and_never_duplicates(tmp_path, django_capture_on_commit_callbacks):
    path = rich_json_on_disk(tmp_path / "in")
    run_import(path)
    counts = row_counts(history=False)
    first = export(tmp_path / "first.zip")

    with django_capture_on_commit_callbacks(execute=True):
        output = run_import(path)

    assert row_counts(history=False) == counts
    assert m.Meeting.objects.count() == 2 and m.Report.objects.count() == 2
    assert export(tmp_path / "second.zip") == first
    assert "(0 mới, 2 cập nhật)" in output
    # The replaced photos' files are deleted once the import commits: one file per photo remains.
    originals = {f for f in media_files() if f.startswith("private/photos/")}
    assert originals == {p.image.name for p in m.Photo.objects.all()}
    assert len(originals) == 3


def test_reimport_replaces_child_rows(tmp_path):
    path = rich_json_on_disk(tmp_path / "in")
    run_import(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    meeting = data["meetings"][0]
    meeting["lead"] = "Tóm tắt mới."
    meeting["targets"] = meeting["targets"][:1]
    meeting["chairs"] = meeting["chairs"][:1]
    write_json(path.parent, data)

    run_import(path)
    row = m.Meeting.objects.get(title=meeting["title"])
    assert row.report.lead == "Tóm tắt mới."
    assert row.people.filter(role="chair").count() == 1
    assert m.Target.objects.filter(reviewed_at=row).count() == 1
    assert m.Target.objects.filter(adopted_at=row).count() == 0


def test_names_are_matched_after_nfc_and_trimming(tmp_path):
    committee = m.Organisation.objects.create(name=COMMITTEE)
    member = m.Member.objects.create(full_name="Nguyễn Phước Dũng", organisation=committee)
    decomposed = unicodedata.normalize("NFD", f"  {COMMITTEE} ")
    data = {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [],
        "meetings": [
            {
                "organisation": decomposed,
                "kinds": ["monthly"],
                "title": " Sinh hoạt tháng 3 ",
                "date": "2022-03-03",
                "chairs": [
                    {"name": unicodedata.normalize("NFD", "Nguyễn Phước Dũng "), "position": None}
                ],
            }
        ],
    }
    run_import(write_json(tmp_path, data))
    meeting = m.Meeting.objects.get()
    assert meeting.organisation == committee and meeting.title == "Sinh hoạt tháng 3"
    assert meeting.people.get().member == member
    assert m.Organisation.objects.count() == 1 and m.Member.objects.count() == 1


def test_unknown_organisations_become_top_level_committees(tmp_path):
    data = {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [],
        "meetings": [
            {
                "organisation": "Chi bộ Ấp 3",
                "kinds": ["monthly"],
                "title": "Tháng 5",
                "date": "2022-05-03",
                "other_organisations": ["Chi bộ Ấp 4"],
            }
        ],
    }
    run_import(write_json(tmp_path, data))
    for name in ("Chi bộ Ấp 3", "Chi bộ Ấp 4"):
        org = m.Organisation.objects.get(name=name)
        assert org.parent is None and org.kind == m.OrganisationKind.COMMITTEE
    report = m.Report.objects.get()
    assert report.status == "draft" and report.headline == "Tháng 5"


def test_export_filters_by_organisation_subtree_and_year(tmp_path):
    run_import(rich_json_on_disk(tmp_path / "in"))
    cell = m.Organisation.objects.get(name=CELL)
    by_cell = export(tmp_path / "cell.json", "--organisation", cell.slug)
    assert [x["title"] for x in by_cell["meetings"]] == ["Chi bộ sinh hoạt tháng 1"]
    assert [o["name"] for o in by_cell["organisations"]] == [COMMITTEE, CELL]  # ancestors kept
    by_year = export(tmp_path / "2021.json", "--year", "2021")
    assert [x["date"] for x in by_year["meetings"]] == ["2021-12-31"]
    with pytest.raises(CommandError):
        call_command("export_meetings", str(tmp_path / "x.json"), "--organisation", "khong-co")


# -- the sample article -----------------------------------------------------------------------


def test_sample_article_file_imports_with_seven_reviewed_targets():
    run_import(SAMPLE_FILE)
    meeting = m.Meeting.objects.get()
    assert meeting.date.isoformat() == "2021-12-31" and meeting.part_of_day == "afternoon"
    reviewed = m.Target.objects.filter(reviewed_at=meeting, year=2021).order_by("order")
    assert reviewed.count() == 7
    labels = [str(t.get_assessment_display()) for t in reviewed]
    assert labels == ["Vượt", "Vượt", "Đạt", "Vượt", "Vượt", "Vượt", "Vượt"]
    assert [p.name for p in meeting.people.order_by("order")] == [
        "Nguyễn Phước Dũng",
        "Lê Minh Hiếu",
    ]
    assert [p.caption for p in meeting.report.photos.order_by("order")] == [
        "Đ/c Nguyễn Phước Dũng, Bí thư Đảng ủy phát biểu tại Hội nghị",
        "Quang cảnh Hội nghị",
        "Đ/c Nguyễn Phước Dũng trao Giấy khen cho đảng viên đạt thành tích năm 2021",
    ]
    assert meeting.report.author_name == "Mai Quang Khả"
    assert meeting.report.is_public


# -- rejected files ---------------------------------------------------------------------------


def broken(tmp_path, change) -> Path:
    path = rich_json_on_disk(tmp_path / "in")
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    return write_json(path.parent, data)


def _wrong_enum(data):
    data["meetings"][0]["targets"][0]["value_kind"] = "percentage"


def _missing_title(data):
    del data["meetings"][1]["title"]


def _unknown_block(data):
    data["meetings"][0]["body"][1]["type"] = "video"


def _bad_date(data):
    data["meetings"][0]["date"] = "31/12/2021"


def _broken_image(data):
    data["meetings"][0]["body"][2]["image"] = "anh/hong.jpg"


def _negative_count(data):
    data["meetings"][0]["attendance"]["away_elsewhere"] = -1


CASES = {
    "wrong enum": (_wrong_enum, "meetings[0].targets[0].value_kind: “percentage” không phải"),
    "missing title": (_missing_title, "meetings[1].title: "),
    "unknown block type": (_unknown_block, "meetings[0].body[1].type: “video”"),
    "bad date": (_bad_date, "meetings[0].date: “31/12/2021”"),
    "broken image": (_broken_image, "meetings[0].body[2].image: "),
    "negative count": (_negative_count, "meetings[0].attendance.away_elsewhere: phải từ 0"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_rejected_with_its_path_and_nothing_written(tmp_path, case):
    change, expected = CASES[case]
    (tmp_path / "in" / "anh").mkdir(parents=True)
    (tmp_path / "in" / "anh" / "hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    m.Organisation.objects.create(name="Đảng bộ có sẵn")
    counts, files = row_counts(), media_files()

    errors = failing_import(broken(tmp_path, change))

    assert expected in errors
    assert row_counts() == counts
    assert media_files() == files


def test_every_error_is_listed_in_vietnamese(tmp_path):
    def many(data):
        _wrong_enum(data)
        _missing_title(data)
        _unknown_block(data)
        data["meetings"][0]["kinds"] = []
        data["meetings"][0]["attendance"]["present"] = 30
        data["meetings"][0]["published_at"] = "2021-12-31 17:30"

    errors = failing_import(broken(tmp_path, many)).splitlines()
    assert errors == [
        "meetings[0].kinds: cần ít nhất một loại hội nghị",
        "meetings[0].attendance.present: số đảng viên có mặt nhiều hơn số được triệu tập",
        "meetings[0].body[1].type: “video” không phải một trong: paragraph, heading, list, photo, targets, awards",
        "meetings[0].targets[0].value_kind: “percentage” không phải một trong: percent, count, "
        "percent_of_plan, rank, boolean, qualitative",
        "meetings[0].published_at: “2021-12-31 17:30” không phải ngày giờ có múi giờ "
        "(ví dụ 2022-01-04T08:30:00+07:00)",
        "meetings[1].title: thiếu khóa bắt buộc",
    ]
    assert not m.Meeting.objects.exists()


def test_broken_photo_in_a_zip_and_a_data_uri_are_rejected(tmp_path):
    data = rich_file(
        {
            "first": "images/a.jpg",
            "second": "images/b.png",
            "extra": "data:image/png;base64," + base64.b64encode(b"GIF89a...").decode(),
        }
    )
    zip_path = tmp_path / "bad.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr("meetings.json", json.dumps(data, ensure_ascii=False))
        archive.writestr("images/a.jpg", jpeg_bytes())
    errors = failing_import(zip_path)
    assert "meetings[0].body[6].image: " in errors  # images/b.png is missing
    assert "meetings[0].extra_photos[0].image: " in errors
    assert "meetings[0].body[2]" not in errors
    assert not m.Meeting.objects.exists() and not media_files()


def test_image_paths_cannot_leave_the_folder(tmp_path):
    (tmp_path / "secret.jpg").write_bytes(jpeg_bytes())
    data = rich_file(
        {"first": "../secret.jpg", "second": "/etc/passwd", "extra": "anh/../../secret.jpg"}
    )
    errors = failing_import(write_json(tmp_path / "in", data))
    for where in ("body[2].image", "body[6].image", "extra_photos[0].image"):
        assert f"meetings[0].{where}: " in errors


def test_zip_and_format_problems_are_reported(tmp_path):
    not_zip = tmp_path / "x.zip"
    not_zip.write_bytes(b"hello")
    assert "$: " in failing_import(not_zip)
    empty_zip = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("other.json", "{}")
    assert "meetings.json" in failing_import(empty_zip)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{oops", encoding="utf-8")
    assert "$: " in failing_import(bad_json)
    wrong = write_json(
        tmp_path, {"format": "other", "version": 2, "meetings": []}, name="wrong.json"
    )
    errors = failing_import(wrong)
    assert "format: " in errors and "version: " in errors


def test_a_failure_while_writing_leaves_no_rows_and_no_files(tmp_path, monkeypatch):
    path = rich_json_on_disk(tmp_path / "in")
    counts, files = row_counts(), media_files()
    original = interchange_writing.Writer.write_elections

    def fail_on_second(self, meeting, data):
        if meeting.organisation.name == CELL:
            raise IntegrityError("simulated")
        return original(self, meeting, data)

    monkeypatch.setattr(interchange_writing.Writer, "write_elections", fail_on_second)
    errors = failing_import(path)
    assert "meetings[1]: " in errors
    assert row_counts() == counts
    assert media_files() == files


def test_the_same_meeting_twice_in_one_file_is_an_error(tmp_path):
    meeting = {
        "organisation": "Chi bộ Ấp 3",
        "kinds": ["monthly"],
        "title": "Tháng 5",
        "date": "2022-05-03",
    }
    data = {
        "format": "sochibo.meetings",
        "version": 1,
        "organisations": [],
        "meetings": [meeting, dict(meeting)],
    }
    errors = failing_import(write_json(tmp_path, data))
    assert (
        "meetings[1].title: cuộc họp này (cùng tổ chức, ngày và tiêu đề) đã có ở meetings[0]"
        in errors
    )
    assert not m.Organisation.objects.exists()
