"""Generate a province-sized data set into the database of DATABASE_URL.

At --scale 1: 1 provincial committee, 600 grassroots organisations, 3,000 cells, 60,000
members with their events and positions, ten years of monthly meetings (360,000, each of the
kind "monthly cell meeting", December's also a "review conference"), 40,000 published reports
in three sections with 5 blocks and 3 photo rows each (120,000), targets, ratings and awards.
Rows go in with bulk_create in batches; model save() is bypassed, so the derived fields
(slugs, sort names, search documents) are filled here, and the page cache is bumped at the end.
Every photo row points at one generated image (and its renditions), as the benchmark measures
pages, not image files. A database generated already is left as it is (the generated province
is looked for by name), so benchmarks/run.sh may call this on every run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sochibo_bench \
        .venv/bin/python benchmarks/generate.py --scale 1
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from PIL import Image  # noqa: E402

from branchapp import models as m  # noqa: E402
from branchapp.models.reports import rendition_names  # noqa: E402
from branchapp.page_invalidation import invalidate_everything  # noqa: E402
from branchapp.sample.article import CATEGORY as SAMPLE_CATEGORY  # noqa: E402
from branchapp.text import fold, name_sort_key  # noqa: E402

BATCH = 5000
PROVINCE_NAME = "Đảng bộ tỉnh Đồng Tháp (dữ liệu thử tải)"
# The generated reports' sections: the sample's, so that its section list has a page's worth
# of reports at every scale, and two more for the home page's blocks per section.
SECTIONS = [SAMPLE_CATEGORY, "Xây dựng Đảng", "Hoạt động cơ sở"]
YEARS = range(2016, 2026)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quốc", "Thành"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Tuấn",
    "Vân",
    "Việt",
]
PARAGRAPH = (
    "Chi bộ đã đánh giá kết quả thực hiện nhiệm vụ chính trị trong tháng, tình hình tư tưởng "
    "của đảng viên, việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; đồng "
    "thời thống nhất phương hướng, nhiệm vụ tháng tới với các chỉ tiêu cụ thể."
)


def log(message, started):
    print(f"[{time.monotonic() - started:7.1f}s] {message}", flush=True)


def insert(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH)


def next_ids(model, count):
    """Primary keys for rows inserted in bulk (so children can point at them)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
        start = cursor.fetchone()[0] + 1
    return range(start, start + count)


def reset_sequences(models):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


def placeholder_image() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1067), (160, 40, 40)).save(buffer, "JPEG", quality=80)
    name = default_storage.save("photos/bench/placeholder.jpg", ContentFile(buffer.getvalue()))
    return name


def kind_labels() -> dict[str, str]:
    """The kinds' names as Report.search_labels writes them into the search text."""
    with translation.override("vi"):
        return {kind: str(label) for kind, label in m.MeetingKind.choices}


def generate(scale: float, seed: int = 2021):
    rng = random.Random(seed)
    started = time.monotonic()
    if m.Organisation.objects.filter(name=PROVINCE_NAME).exists():
        print(f"{PROVINCE_NAME} is in the database already: nothing generated.")
        return
    n_grassroots = max(2, round(600 * scale))
    n_cells = max(4, round(3000 * scale))
    n_members = max(20, round(60000 * scale))
    n_reports = max(10, round(40000 * scale))

    call_command("migrate", "--noinput", verbosity=0)
    log("migrated", started)

    with transaction.atomic():
        province = m.Organisation.objects.create(
            name=PROVINCE_NAME, kind=m.OrganisationKind.COMMITTEE
        )
        grassroots_ids = next_ids(m.Organisation, n_grassroots)
        insert(
            m.Organisation,
            [
                m.Organisation(
                    id=pk,
                    name=f"Đảng bộ cơ sở số {i + 1}",
                    slug=f"dang-bo-co-so-{i + 1}",
                    kind=m.OrganisationKind.COMMITTEE,
                    parent=province,
                    path=f"{province.path}{pk}/",
                    depth=province.depth + 1,
                )
                for i, pk in enumerate(grassroots_ids)
            ],
        )
        cell_ids = next_ids(m.Organisation, n_cells)
        cell_parent = {pk: grassroots_ids[i % n_grassroots] for i, pk in enumerate(cell_ids)}
        cell_names = {pk: f"Chi bộ số {i + 1}" for i, pk in enumerate(cell_ids)}
        insert(
            m.Organisation,
            [
                m.Organisation(
                    id=pk,
                    name=cell_names[pk],
                    slug=f"chi-bo-so-{i + 1}",
                    kind=m.OrganisationKind.BRANCH,
                    parent_id=cell_parent[pk],
                    # The materialised path save() would write (subtree filters use it).
                    path=f"{province.path}{cell_parent[pk]}/{pk}/",
                    depth=province.depth + 2,
                )
                for i, pk in enumerate(cell_ids)
            ],
        )
        log(f"{1 + n_grassroots + n_cells} organisations", started)

        member_ids = next_ids(m.Member, n_members)
        members = []
        for i, pk in enumerate(member_ids):
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            admitted = datetime.date(1980 + i % 44, 1 + i % 12, 1 + i % 28)
            members.append(
                m.Member(
                    id=pk,
                    full_name=name,
                    sort_name=name_sort_key(name),
                    organisation_id=cell_ids[i % n_cells],
                    admission_date=admitted,
                    confirmation_date=admitted + datetime.timedelta(days=365),
                    status="full" if "full" in m.MemberStatus.values else m.MemberStatus.UNKNOWN,
                )
            )
        insert(m.Member, members)
        events = []
        for member in members:
            events.append(
                m.MemberEvent(
                    member_id=member.id,
                    organisation_id=member.organisation_id,
                    type=m.MemberEventType.values[0],
                    date=member.admission_date,
                )
            )
            events.append(
                m.MemberEvent(
                    member_id=member.id,
                    organisation_id=member.organisation_id,
                    type=m.MemberEventType.values[1],
                    date=member.confirmation_date,
                )
            )
        insert(m.MemberEvent, events)
        insert(
            m.Position,
            [
                m.Position(
                    member_id=members[i].id,
                    organisation_id=members[i].organisation_id,
                    title=m.PositionTitle.values[0],
                    start_date=datetime.date(2020, 10, 1),
                )
                for i in range(min(n_cells, n_members))
            ],
        )
        log(f"{n_members} members, {len(events)} events", started)

        meeting_ids = next_ids(m.Meeting, n_cells * 120)
        meetings = []
        pk = iter(meeting_ids)
        for cell in cell_ids:
            for year in YEARS:
                for month in range(1, 13):
                    meetings.append(
                        m.Meeting(
                            id=next(pk),
                            organisation_id=cell,
                            # As save() would: the name of the day (no cell was renamed).
                            organisation_name=cell_names[cell],
                            title=f"Sinh hoạt chi bộ thường kỳ tháng {month}/{year}",
                            date=datetime.date(year, month, 5 + cell % 20),
                        )
                    )
        insert(m.Meeting, meetings)
        kinds = {meeting.id: [m.MeetingKind.MONTHLY] for meeting in meetings}
        for meeting in meetings:
            if meeting.date.month == 12:
                kinds[meeting.id].append(m.MeetingKind.REVIEW_CONFERENCE)
        insert(
            m.MeetingKindTag,
            [
                m.MeetingKindTag(meeting_id=pk, kind=kind)
                for pk, tags in kinds.items()
                for kind in tags
            ],
        )
        log(f"{len(meetings)} meetings", started)

        sections = [m.Category.objects.get_or_create(name=name)[0] for name in SECTIONS]
        labels = kind_labels()
        image = placeholder_image()
        reported = rng.sample(meetings, min(n_reports, len(meetings)))
        report_ids = next_ids(m.Report, len(reported))
        reports = []
        for i, (pk, meeting) in enumerate(zip(report_ids, reported, strict=True)):
            section = sections[i % len(sections)]
            headline = f"{meeting.title}: Chi bộ số {meeting.organisation_id} bàn nhiệm vụ ({pk})"
            lead = f"Ngày {meeting.date:%d/%m/%Y}, chi bộ tổ chức sinh hoạt thường kỳ. {PARAGRAPH}"
            reports.append(
                m.Report(
                    id=pk,
                    meeting_id=meeting.id,
                    headline=headline,
                    slug=f"bai-{pk}",
                    category=section,
                    lead=lead,
                    status=m.ReportStatus.PUBLISHED,
                    published_at=timezone.make_aware(
                        datetime.datetime.combine(meeting.date, datetime.time(16, 0))
                    ),
                    author_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                    # As Report.build_search_document: the text, then the meeting's kinds,
                    # the section and the organisation's name.
                    search_document=fold(
                        " ".join(
                            [
                                headline,
                                lead,
                                PARAGRAPH,
                                *(labels[kind] for kind in kinds[meeting.id]),
                                section.name,
                                cell_names[meeting.organisation_id],
                            ]
                        )
                    ),
                )
            )
        insert(m.Report, reports)
        m.SearchWord.record(" ".join(report.search_document for report in reports))
        photo_ids = next_ids(m.Photo, 3 * len(reports))
        renditions = rendition_names(m.Photo(image=image).image)
        photos = [
            m.Photo(
                id=photo_ids[3 * i + k],
                report_id=report.id,
                image=image,
                width=1600,
                height=1067,
                caption=f"Quang cảnh buổi sinh hoạt ({k + 1})",
                order=k,
                renditions=renditions,
            )
            for i, report in enumerate(reports)
            for k in range(3)
        ]
        insert(m.Photo, photos)
        blocks = []
        for i, report in enumerate(reports):
            blocks += [
                m.ReportBlock(
                    report_id=report.id, order=0, type=m.BlockType.PHOTO, photo_id=photo_ids[3 * i]
                ),
                m.ReportBlock(
                    report_id=report.id, order=1, type=m.BlockType.PARAGRAPH, text=PARAGRAPH
                ),
                m.ReportBlock(
                    report_id=report.id,
                    order=2,
                    type=m.BlockType.HEADING,
                    text="Phương hướng, nhiệm vụ tháng tới",
                ),
                m.ReportBlock(
                    report_id=report.id,
                    order=3,
                    type=m.BlockType.LIST,
                    items=[
                        "Kết nạp đảng viên mới",
                        "Thu đảng phí đúng hạn",
                        "Tham gia học tập nghị quyết",
                    ],
                ),
                m.ReportBlock(
                    report_id=report.id,
                    order=4,
                    type=m.BlockType.PHOTO,
                    photo_id=photo_ids[3 * i + 1],
                ),
            ]
        insert(m.ReportBlock, blocks)
        log(f"{len(reports)} reports, {len(photos)} photos, {len(blocks)} blocks", started)

        targets = [
            m.Target(
                organisation_id=org,
                year=year,
                order=k,
                title=f"Chỉ tiêu {k + 1} năm {year}",
                value_kind=m.ValueKind.PERCENT,
                planned_min=90,
                actual_value=90 + k,
            )
            for org in grassroots_ids
            for year in YEARS
            for k in range(6)
        ]
        insert(m.Target, targets)
        ratings = [
            m.MemberRating(
                member_id=member.id,
                organisation_id=member.organisation_id,
                year=year,
                level=m.RatingLevel.values[(member.id + year) % 3],
            )
            for member in members
            for year in (2023, 2024, 2025)
        ]
        insert(m.MemberRating, ratings)
        insert(
            m.OrganisationRating,
            [
                m.OrganisationRating(
                    organisation_id=org, year=year, level=m.RatingLevel.values[(org + year) % 3]
                )
                for org in cell_ids
                for year in YEARS
            ],
        )
        awards = [
            m.Award(
                form="Giấy khen",
                recipient_name=member.full_name,
                organisation_id=member.organisation_id,
                year=2021 + member.id % 5,
                meeting_id=meetings[(member.id * 7) % len(meetings)].id,
                reason="Hoàn thành xuất sắc nhiệm vụ",
            )
            for member in members[::3]
        ]
        insert(m.Award, awards)
        log(f"{len(targets)} targets, {len(ratings)} member ratings, {len(awards)} awards", started)
        reset_sequences([m.Organisation, m.Member, m.Meeting, m.Report, m.Photo])

    # One set of renditions, shared by every photo row (they all point at the same image).
    first = m.Photo.objects.filter(image=image).first()
    for spec in ("webp_480", "webp_960", "webp_1600", "jpeg_480", "jpeg_960", "jpeg_1600"):
        getattr(first, spec).generate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    invalidate_everything()
    log("done", started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = province scale")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    generate(args.scale, args.seed)


if __name__ == "__main__":
    main()
