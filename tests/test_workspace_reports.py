import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains

from branchapp.models import BlockType, Photo, Report, ReportBlock, ReportStatus
from branchapp.scoping import CELL_SECRETARY_ROLE, SECRETARIAT_ROLE, VIEWER_ROLE

from .factories import CellFactory, MeetingFactory, PhotoFactory, image_file, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    cell = CellFactory(name="Chi bộ Khoa Lý luận")
    return MeetingFactory(
        organisation=cell, title="Sinh hoạt chi bộ tháng 11/2026", place="Phòng họp 2"
    )


@pytest.fixture
def secretary(meeting):
    return user_with_role(SECRETARIAT_ROLE, meeting.organisation.parent)


@pytest.fixture
def report(client, meeting, secretary):
    client.force_login(secretary)
    client.post(reverse("workspace:report_edit", args=[meeting.pk]))
    return Report.objects.get(meeting=meeting)


def editor_data(client, meeting, **overrides):
    response = client.get(reverse("workspace:report_edit", args=[meeting.pk]))
    data = {}
    for key in ("form", "blocks", "photo_edits", "new_photos", "bulk"):
        part = response.context[key]
        forms = [part] if hasattr(part, "fields") else [part.management_form, *part.forms]
        for form in forms:
            for bound in form:
                value = bound.value()
                if value is None or value is False or bound.name in ("image", "photos"):
                    continue
                data[bound.html_name] = str(value) if not hasattr(value, "pk") else str(value.pk)
    data.update(overrides)
    return data


def media_files(settings):
    root = settings.MEDIA_ROOT
    return [os.path.join(d, f) for d, _s, files in os.walk(root) for f in files]


def test_report_prefilled_from_the_record(report, meeting):
    assert report.headline == "Sinh hoạt chi bộ tháng 11/2026"
    assert "Phòng họp 2" in report.lead
    assert report.status == ReportStatus.DRAFT


def test_photos_uploaded_together_become_blocks(client, report, meeting, settings):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    data = editor_data(
        client,
        meeting,
        **{
            "new_photos-0-caption": "Đồng chí Bí thư phát biểu",
            "new_photos-0-credit": "Văn phòng",
            "new_photos-0-image": image_file("a.jpg"),
            "bulk-photos": [image_file("b.png", fmt="PNG"), image_file("c.webp", fmt="WEBP")],
            "bulk-caption": "Quang cảnh hội nghị",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    photos = list(report.photos.order_by("order"))
    assert [p.caption for p in photos] == [
        "Đồng chí Bí thư phát biểu",
        "Quang cảnh hội nghị",
        "Quang cảnh hội nghị",
    ]
    assert photos[0].uploaded_by is not None
    blocks = list(report.blocks.filter(type=BlockType.PHOTO).order_by("order"))
    assert [b.photo_id for b in blocks] == [p.pk for p in photos]
    report.refresh_from_db()
    assert "quang canh hoi nghi" in report.search_document


def bomb_png():
    # A small file that claims 10000×10000 pixels: more than the 40-megapixel limit.
    buffer = io.BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, "PNG")
    return SimpleUploadedFile("bom.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("gia.jpg", b"day khong phai anh", content_type="image/jpeg"),
            "gia.jpg",
        ),
        (bomb_png(), "bom.png"),
    ],
    ids=["text-renamed-jpg", "decompression-bomb"],
)
def test_refused_uploads_leave_nothing(client, report, meeting, settings, upload, message):
    before = media_files(settings)
    data = editor_data(
        client,
        meeting,
        **{
            "report-headline": "Tiêu đề mới",
            "new_photos-0-image": image_file("ok.jpg"),
            "new_photos-0-caption": "Chú thích đã gõ",
            "bulk-photos": [upload],
        },
    )
    response = client.post(reverse("workspace:report_edit", args=[meeting.pk]), data)
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "Chú thích đã gõ")
    assert Photo.objects.count() == 0
    report.refresh_from_db()
    assert report.headline == "Sinh hoạt chi bộ tháng 11/2026"
    # Nothing stored but the good photo, kept aside for the next try.
    assert [f for f in media_files(settings) if f not in before and "/staging/" not in f] == []
    assertContains(response, "ok.jpg")


def test_too_large_upload_refused(client, report, meeting, settings):
    settings.PHOTO_MAX_BYTES = 1000
    big = image_file("lon.jpg", size=(400, 400))
    data = editor_data(
        client, meeting, **{"new_photos-0-image": big, "new_photos-0-caption": "Ảnh lớn"}
    )
    response = client.post(reverse("workspace:report_edit", args=[meeting.pk]), data)
    assertContains(response, "lon.jpg")
    assertContains(response, "Ảnh lớn")
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


def test_blocks_added_moved_and_removed(client, report, meeting):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    client.post(url, editor_data(client, meeting, add="heading"))
    client.post(url, editor_data(client, meeting, add="paragraph"))
    heading, paragraph = (
        report.blocks.order_by("order")[:2]
        if report.blocks.count() == 2
        else list(report.blocks.order_by("order"))[-2:]
    )
    assert (heading.type, paragraph.type) == ("heading", "paragraph")
    client.post(url, editor_data(client, meeting, move=f"up:{paragraph.pk}"))
    paragraph.refresh_from_db()
    heading.refresh_from_db()
    assert paragraph.order < heading.order
    data = editor_data(client, meeting)
    index = next(
        i
        for i in range(int(data["blocks-TOTAL_FORMS"]))
        if data[f"blocks-{i}-id"] == str(heading.pk)
    )
    data[f"blocks-{index}-DELETE"] = "on"
    client.post(url, data)
    assert not ReportBlock.objects.filter(pk=heading.pk).exists()


def test_preview_publish_schedule_unpublish(client, report, meeting):
    response = client.get(reverse("workspace:report_preview", args=[meeting.pk]))
    assertContains(response, "Sinh hoạt chi bộ tháng 11/2026")
    assertContains(response, "Đây là bản nháp, chưa công khai.")
    publish = reverse("workspace:report_publish", args=[meeting.pk])
    client.post(publish, {"action": "now"})
    assert Report.objects.published().filter(pk=report.pk).exists()
    client.post(publish, {"action": "unpublish"})
    assert not Report.objects.published().exists()
    client.post(publish, {"action": "schedule", "publish_at": "2999-01-01T08:00"})
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and not report.is_public
    response = client.post(
        publish, {"action": "schedule", "publish_at": "2000-01-01T08:00"}, follow=True
    )
    assertContains(response, "Chọn một thời điểm trong tương lai.")


def test_viewer_and_cell_secretary_of_other_cell(client, report, meeting):
    viewer = user_with_role(VIEWER_ROLE, meeting.organisation)
    client.force_login(viewer)
    assert client.get(reverse("workspace:report_preview", args=[meeting.pk])).status_code == 200
    assert (
        client.post(
            reverse("workspace:report_publish", args=[meeting.pk]), {"action": "now"}
        ).status_code
        == 403
    )
    assert client.post(reverse("workspace:report_edit", args=[meeting.pk]), {}).status_code == 403
    stranger = user_with_role(CELL_SECRETARY_ROLE, CellFactory())
    client.force_login(stranger)
    assert client.get(reverse("workspace:report_preview", args=[meeting.pk])).status_code == 404


def test_report_history_lists_who_changed_what(client, report, meeting, secretary):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    client.post(
        url,
        editor_data(
            client, meeting, **{"report-headline": "Chi bộ Khoa Lý luận sinh hoạt tháng 11"}
        ),
    )
    response = client.get(reverse("workspace:report_history", args=[meeting.pk]))
    assertContains(response, "Chi bộ Khoa Lý luận sinh hoạt tháng 11")
    assertContains(response, secretary.username)


def kept_tokens(response):
    """The hidden tokens of the photos kept from a refused save, by field name."""
    import re

    html = response.content.decode()
    fields = re.findall(r'<input type="hidden" name="([\w-]+-staged)" value="([^"]+)"', html)
    return dict(fields)


def test_photos_chosen_before_a_refused_save_are_kept_for_the_next_try(
    client, report, meeting, settings, django_capture_on_commit_callbacks
):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    data = editor_data(
        client,
        meeting,
        **{
            "report-headline": "",  # refused: a headline is required
            "new_photos-0-image": image_file("khai-mac.jpg"),
            "new_photos-0-caption": "Đồng chí Bí thư khai mạc",
            "bulk-photos": [image_file("toan-canh.png", fmt="PNG"), image_file("bieu-quyet.jpg")],
            "bulk-caption": "Quang cảnh hội nghị",
        },
    )
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert Photo.objects.count() == 0
    assertContains(refused, "không cần chọn lại")
    assertContains(refused, "khai-mac.jpg")
    assertContains(refused, "toan-canh.png, bieu-quyet.jpg")
    tokens = kept_tokens(refused)
    assert set(tokens) == {"new_photos-0-staged", "bulk-staged"}
    assert len([f for f in media_files(settings) if "/staging/" in f]) == 3

    # The next try sends no file at all: the kept photos are saved with their captions.
    again = editor_data(
        client,
        meeting,
        **{
            "report-headline": "Hội nghị sơ kết",
            "new_photos-0-caption": "Đồng chí Bí thư khai mạc",
            "bulk-caption": "Quang cảnh hội nghị",
            **tokens,
        },
    )
    with django_capture_on_commit_callbacks(execute=True):  # the kept copies go after commit
        response = client.post(url, again)
    assert response.status_code == 302
    photos = list(report.photos.order_by("order"))
    assert [p.caption for p in photos] == [
        "Đồng chí Bí thư khai mạc",
        "Quang cảnh hội nghị",
        "Quang cảnh hội nghị",
    ]
    assert all(p.image.storage.exists(p.image.name) and p.image.size > 0 for p in photos)
    assert report.blocks.filter(type=BlockType.PHOTO).count() == 3
    assert [f for f in media_files(settings) if "/staging/" in f] == []


def test_a_forged_or_expired_kept_photo_token_is_refused(client, report, meeting, settings):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    data = editor_data(
        client,
        meeting,
        **{
            "new_photos-0-staged": "../../settings.py",
            "new_photos-0-caption": "Ảnh giả mạo",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assertContains(response, "không còn")
    assert Photo.objects.count() == 0


# Two editors, double submits, odd input (issue 13) -----------------------------------------


@pytest.fixture
def colleague(meeting):
    return user_with_role(
        SECRETARIAT_ROLE, meeting.organisation.parent, first_name="Hoa", last_name="Lê"
    )


def test_two_editors_the_second_save_is_refused_and_the_first_kept(
    client, report, meeting, secretary, colleague, django_capture_on_commit_callbacks
):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    mine = editor_data(client, meeting)  # both open the editor
    client.force_login(colleague)
    theirs = editor_data(client, meeting, **{"report-headline": "Tiêu đề của Hoa"})
    assert client.post(url, theirs).status_code == 302

    client.force_login(secretary)
    mine["report-lead"] = "Sapo của tôi"
    refused = client.post(url, {**mine, "new_photos-0-image": image_file("khai-mac.jpg")})
    assert refused.status_code == 200
    report.refresh_from_db()
    assert report.headline == "Tiêu đề của Hoa"  # nothing overwritten
    assert report.lead != "Sapo của tôi"
    assert Photo.objects.count() == 0
    assertContains(refused, "Người khác đã lưu bản tin này trong lúc bạn đang sửa")
    assertContains(refused, "Hoa Lê")
    assertContains(refused, "“Sinh hoạt chi bộ tháng 11/2026” → “Tiêu đề của Hoa”")
    assertContains(refused, "Sapo của tôi")  # what was typed is still there
    assertContains(refused, "khai-mac.jpg")  # and so is the photo chosen
    assertContains(refused, "không cần chọn lại")

    # Saving again, knowingly, keeps this user's version, with the kept photo.
    again = {
        **mine,
        **kept_tokens(refused),
        "report-version": refused.context["form"].data["report-version"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, again).status_code == 302
    report.refresh_from_db()
    assert (report.headline, report.lead) == ("Sinh hoạt chi bộ tháng 11/2026", "Sapo của tôi")
    assert report.photos.count() == 1


def test_a_block_moved_or_added_from_a_stale_page_is_refused(
    client, report, meeting, secretary, colleague
):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    client.post(url, editor_data(client, meeting, add="heading"))
    client.post(url, editor_data(client, meeting, add="paragraph"))
    heading, paragraph = list(report.blocks.order_by("order"))[-2:]
    stale = editor_data(client, meeting)
    client.force_login(colleague)
    client.post(url, editor_data(client, meeting, add="list"))  # a block added meanwhile

    client.force_login(secretary)
    response = client.post(url, {**stale, "move": f"up:{paragraph.pk}"})
    assert response.status_code == 200
    assertContains(response, "khối nội dung: 1 thay đổi")
    paragraph.refresh_from_db()
    heading.refresh_from_db()
    assert heading.order < paragraph.order  # not moved
    count = report.blocks.count()
    assert client.post(url, {**stale, "add": "heading"}).status_code == 200
    assert report.blocks.count() == count  # not added


def test_a_publication_meanwhile_is_no_conflict_and_stays(client, report, meeting):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    data = editor_data(client, meeting, **{"report-lead": "Sapo mới"})
    client.post(reverse("workspace:report_publish", args=[meeting.pk]), {"action": "now"})
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.lead == "Sapo mới"
    assert report.is_public


def test_publishing_twice_keeps_the_first_publication_time(client, report, meeting):
    publish = reverse("workspace:report_publish", args=[meeting.pk])
    client.post(publish, {"action": "now"})
    report.refresh_from_db()
    first, saves = report.published_at, report.history.count()
    assert client.post(publish, {"action": "now"}).status_code == 302
    report.refresh_from_db()
    assert report.published_at == first
    assert report.history.count() == saves  # nothing written at all
    client.post(publish, {"action": "schedule", "publish_at": "2999-01-01T08:00"})
    client.post(publish, {"action": "schedule", "publish_at": "2999-01-01T08:00"})
    report.refresh_from_db()
    assert report.history.count() == saves + 1
    assert not report.is_public


def test_writing_the_draft_twice_writes_one_report(client, report, meeting):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    blocks = report.blocks.count()
    response = client.post(url)  # the start page's button, clicked twice
    assert response.status_code == 302
    assert Report.objects.filter(meeting=meeting).count() == 1
    assert report.blocks.count() == blocks


@pytest.mark.parametrize("move", ["up:²", "up:99999999999999999999999", "up:", "sideways:1"])
def test_a_malformed_block_move_answers_400(client, report, meeting, move):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    response = client.post(url, editor_data(client, meeting, move=move))
    assert response.status_code == 400


def test_a_photo_row_of_another_report_is_a_form_error(client, report, meeting):
    stranger = PhotoFactory(caption="Ảnh của chi bộ khác")
    url = reverse("workspace:report_edit", args=[meeting.pk])
    data = editor_data(
        client,
        meeting,
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "1",
            "photos-0-id": str(stranger.pk),
            "photos-0-caption": "Đã sửa",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assertContains(response, "không thuộc trang này")
    stranger.refresh_from_db()
    assert stranger.caption == "Ảnh của chi bộ khác"
