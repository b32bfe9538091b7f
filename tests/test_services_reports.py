"""report_save called with plain data, as any caller other than the editor page would."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from branchapp import staging
from branchapp.models import BlockType, Photo, ReportBlock
from branchapp.services.reports import (
    BlockData,
    BlockMove,
    NewPhoto,
    PhotoEdit,
    ReportFields,
    report_save,
)

from .factories import PhotoFactory, ReportFactory, UserFactory, image_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    report = ReportFactory(headline="Sinh hoạt chi bộ tháng 11")
    ReportBlock.objects.create(report=report, order=1, type=BlockType.HEADING, text="Nội dung")
    ReportBlock.objects.create(report=report, order=2, type=BlockType.PARAGRAPH, text="Đoạn một")
    ReportBlock.objects.create(report=report, order=3, type=BlockType.PARAGRAPH, text="Đoạn hai")
    return report


def body(report):
    return [
        (block.type, block.text or (block.photo.caption if block.photo else ""))
        for block in report.blocks.select_related("photo").order_by("order")
    ]


def test_plain_data_saves_headline_blocks_in_order_and_a_captioned_photo(report):
    heading, first, second = report.blocks.order_by("order")
    report_save(
        report=report,
        fields=ReportFields(headline="Hội nghị sơ kết quý III", lead="Tóm tắt mới."),
        blocks=[
            BlockData(id=heading.pk, type=BlockType.HEADING, text="Nội dung", delete=True),
            BlockData(id=first.pk, type=BlockType.PARAGRAPH, text="Đoạn một, đã sửa"),
            BlockData(id=None, type=BlockType.LIST, items=("Việc thứ nhất", "Việc thứ hai")),
        ],
        new_photos=[
            NewPhoto(file=image_file("khai-mac.jpg"), caption="Đồng chí Bí thư khai mạc"),
        ],
        move=BlockMove(direction="up", block_id=second.pk),
        user=UserFactory(),
    )
    report.refresh_from_db()
    assert report.headline == "Hội nghị sơ kết quý III"
    assert report.lead == "Tóm tắt mới."
    assert body(report) == [
        ("paragraph", "Đoạn hai"),
        ("paragraph", "Đoạn một, đã sửa"),
        ("list", ""),
        ("photo", "Đồng chí Bí thư khai mạc"),
    ]
    assert list(report.blocks.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4]
    assert report.blocks.get(type=BlockType.LIST).items == ["Việc thứ nhất", "Việc thứ hai"]
    photo = report.photos.get()
    assert photo.image.storage.exists(photo.image.name) and photo.width == 64
    assert "dong chi bi thu khai mac" in report.search_document


def test_photo_captions_are_edited_and_kept_copies_dropped_after_commit(
    report, django_capture_on_commit_callbacks
):
    photo = PhotoFactory(report=report, caption="Cũ")
    token = staging.stage(image_file("toan-canh.png", fmt="PNG"))
    blocks = list(report.blocks.all())
    with django_capture_on_commit_callbacks(execute=True):
        report_save(
            report=report,
            fields=ReportFields(headline=report.headline),
            blocks=[BlockData(id=b.pk, type=b.type, text=b.text) for b in blocks],
            photo_edits=[PhotoEdit(id=photo.pk, caption="Toàn cảnh", credit="Văn phòng")],
            new_photos=[
                NewPhoto(file=staging.staged_file(token), caption="Biểu quyết", kept_token=token)
            ],
            user=None,
        )
    photo.refresh_from_db()
    assert (photo.caption, photo.credit) == ("Toàn cảnh", "Văn phòng")
    assert [p.caption for p in report.photos.order_by("order")] == ["Toàn cảnh", "Biểu quyết"]
    assert staging.staged_file(token) is None
    # Blocks sent back as they were are not written again: no empty history record.
    assert [b.history.count() for b in blocks] == [1, 1, 1]


def test_a_refused_photo_saves_nothing_and_leaves_no_file(report, settings):
    with pytest.raises(ValidationError, match="gia.jpg"):
        report_save(
            report=report,
            fields=ReportFields(headline="Tiêu đề mới"),
            new_photos=[
                NewPhoto(file=image_file("ok.jpg")),
                NewPhoto(file=SimpleUploadedFile("gia.jpg", b"khong phai anh")),
            ],
            user=None,
        )
    report.refresh_from_db()
    assert report.headline == "Sinh hoạt chi bộ tháng 11"
    assert Photo.objects.count() == 0
    assert [f for _d, _s, files in os.walk(settings.MEDIA_ROOT) for f in files] == []


def test_blocks_and_photos_of_another_report_are_refused(report):
    other = ReportBlock.objects.create(
        report=ReportFactory(), order=1, type=BlockType.PARAGRAPH, text="Của bài khác"
    )
    with pytest.raises(ValueError, match="not of report"):
        report_save(
            report=report,
            fields=ReportFields(headline=report.headline),
            blocks=[BlockData(id=other.pk, type=BlockType.PARAGRAPH, text="Sửa trộm")],
            user=None,
        )
    other.refresh_from_db()
    assert other.text == "Của bài khác"
