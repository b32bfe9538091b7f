"""Issue 16: a photo placed where it is asked for, blocks reordered in one save, and the
report's publication shown plainly (the public link, no second publish)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.models import BlockType, ReportBlock
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.services.reports import (
    AT_START,
    BlockData,
    NewPhoto,
    ReportFields,
    report_save,
)

from .factories import ReportFactory, UserFactory, image_file, user_with_role
from .test_workspace_reports import editor_data, meeting, report, secretary  # noqa: F401

pytestmark = pytest.mark.django_db


def body(article):
    return [
        (block.type, block.text or (block.photo.caption if block.photo else ""))
        for block in article.blocks.select_related("photo").order_by("order")
    ]


@pytest.fixture
def three():
    article = ReportFactory(headline="Sinh hoạt chi bộ")
    blocks = [
        ReportBlock.objects.create(report=article, order=n, type=BlockType.PARAGRAPH, text=t)
        for n, t in enumerate(["Một", "Hai", "Ba"], start=1)
    ]
    return article, blocks


def fields(article):
    return ReportFields(headline=article.headline, lead=article.lead)


def test_new_photos_go_after_the_chosen_block_in_the_order_given(three):
    article, (one, two, three_) = three
    report_save(
        report=article,
        fields=fields(article),
        new_photos=[
            NewPhoto(file=image_file("a.jpg"), caption="Ảnh A", after_block_id=one.pk),
            NewPhoto(file=image_file("b.jpg"), caption="Ảnh B", after_block_id=one.pk),
            NewPhoto(file=image_file("c.jpg"), caption="Ảnh C", after_block_id=AT_START),
            NewPhoto(file=image_file("d.jpg"), caption="Ảnh D"),
        ],
        user=UserFactory(),
    )
    assert [text for _type, text in body(article)] == [
        "Ảnh C",
        "Một",
        "Ảnh A",
        "Ảnh B",
        "Hai",
        "Ba",
        "Ảnh D",
    ]
    assert list(article.blocks.order_by("order").values_list("order", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]


def test_a_photo_placed_after_a_block_of_another_report_is_refused(three):
    article, _blocks = three
    other = ReportBlock.objects.create(
        report=ReportFactory(), order=1, type=BlockType.PARAGRAPH, text="Khác"
    )
    with pytest.raises(ValueError):
        report_save(
            report=article,
            fields=fields(article),
            new_photos=[NewPhoto(file=image_file(), after_block_id=other.pk)],
            user=UserFactory(),
        )
    assert article.photos.count() == 0


def test_positions_reorder_the_blocks_in_one_save(three):
    article, (one, two, three_) = three
    rows = [
        BlockData(id=b.pk, type=b.type, text=b.text, position=p)
        for b, p in [(one, 3), (two, 1), (three_, 2)]
    ]
    report_save(report=article, fields=fields(article), blocks=rows, user=UserFactory())
    assert [text for _type, text in body(article)] == ["Hai", "Ba", "Một"]


@pytest.fixture
def url(report, meeting):  # noqa: F811
    """The editor's address, its report given three paragraphs after what it was drafted with."""
    start = report.blocks.count()
    for n, text in enumerate(["Đoạn một", "Đoạn hai", "Đoạn ba"], start=start + 1):
        ReportBlock.objects.create(report=report, order=n, type=BlockType.PARAGRAPH, text=text)
    return reverse("workspace:report_edit", args=[meeting.pk])


def block_index(data, block):
    return next(
        i for i in range(int(data["blocks-TOTAL_FORMS"])) if data[f"blocks-{i}-id"] == str(block.pk)
    )


def test_the_editor_places_a_photo_after_block_n(client, report, meeting, url):  # noqa: F811
    blocks = list(report.blocks.order_by("order"))
    assert len(blocks) >= 2
    data = editor_data(
        client,
        meeting,
        **{
            "new_photos-0-image": image_file("a.jpg"),
            "new_photos-0-caption": "Bí thư phát biểu",
            "new_photos-0-place_after": str(blocks[0].pk),
        },
    )
    assert client.post(url, data).status_code == 302
    ordered = list(report.blocks.order_by("order"))
    assert ordered[0] == blocks[0]
    assert ordered[1].type == BlockType.PHOTO
    assert ordered[1].photo.caption == "Bí thư phát biểu"
    assert ordered[2:] == blocks[1:]


def test_the_placement_choice_names_the_blocks_and_defaults_to_the_end(
    client,
    report,  # noqa: F811
    url,
):
    response = client.get(url)
    assertContains(response, "Đặt sau khối")
    assertContains(response, '<option value="" selected>Ở cuối bài</option>', html=True)
    first = report.blocks.order_by("order").first()
    assertContains(
        response, f'<option value="{first.pk}">1. ', count=4
    )  # three new-photo rows and the bulk form
    assertContains(response, 'src="/static/js/report-editor.js"')


def test_the_buttons_without_the_script_still_move_a_block(client, report, meeting, url):  # noqa: F811
    first, second = list(report.blocks.order_by("order"))[:2]
    assert (
        client.post(url, editor_data(client, meeting, move=f"down:{first.pk}")).status_code == 302
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.order < first.order


def test_the_positions_set_by_the_script_are_saved(client, report, meeting, url):  # noqa: F811
    blocks = list(report.blocks.order_by("order"))
    data = editor_data(client, meeting)
    for position, block in enumerate(reversed(blocks), start=1):
        data[f"blocks-{block_index(data, block)}-position"] = str(position)
    assert client.post(url, data).status_code == 302
    assert list(report.blocks.order_by("order")) == blocks[::-1]


def test_a_reordering_from_a_stale_page_is_refused(client, report, meeting, url):  # noqa: F811
    blocks = list(report.blocks.order_by("order"))
    stale = editor_data(client, meeting)
    colleague = user_with_role(SECRETARIAT_ROLE, meeting.organisation.parent, first_name="Hoa")
    client.force_login(colleague)
    client.post(url, editor_data(client, meeting, add="list"))  # a block added meanwhile
    client.force_login(report.author_user)
    for position, block in enumerate(reversed(blocks), start=1):
        stale[f"blocks-{block_index(stale, block)}-position"] = str(position)
    response = client.post(url, stale)
    assert response.status_code == 200
    assertContains(response, "khối nội dung: 1 thay đổi")
    assert list(report.blocks.order_by("order"))[: len(blocks)] == blocks  # not reordered


def test_a_published_report_shows_its_link_and_offers_to_unpublish(client, report, meeting):  # noqa: F811
    publish = reverse("workspace:report_publish", args=[meeting.pk])
    preview = reverse("workspace:report_preview", args=[meeting.pk])
    assertContains(client.get(preview), "ws-publish-now")
    client.post(publish, {"action": "now"})
    report.refresh_from_db()
    for page in (preview, reverse("workspace:report_edit", args=[meeting.pk])):
        response = client.get(page)
        assertContains(response, "Đã xuất bản lúc")
        assertContains(response, f'href="{report.get_absolute_url()}"')
        assertContains(response, "Gỡ khỏi trang tin")
        assertNotContains(response, "ws-publish-now")
        assertNotContains(response, "Xem trước: bài sẽ hiện")
    client.post(publish, {"action": "unpublish"})
    assertContains(client.get(preview), "ws-publish-now")


def test_a_scheduled_report_shows_its_time_and_can_be_unscheduled(client, report, meeting):  # noqa: F811
    publish = reverse("workspace:report_publish", args=[meeting.pk])
    preview = reverse("workspace:report_preview", args=[meeting.pk])
    when = timezone.localtime() + datetime.timedelta(days=3)
    client.post(publish, {"action": "schedule", "publish_at": when.strftime("%Y-%m-%dT%H:%M")})
    response = client.get(preview)
    assertContains(response, "Hẹn xuất bản lúc")
    assertContains(response, "Hủy hẹn giờ")
    assertNotContains(response, "ws-public-link")
    client.post(publish, {"action": "unpublish"})
    report.refresh_from_db()
    assert report.status == "draft"
