"""Issue 14: an article's body is stored with its report (branchapp/article_html.py), per
language, refreshed after a change of its rows commits; a deploy that changes what renders
it, a draft's preview and a body never stored are rendered live."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from branchapp import article_html
from branchapp.models import Award, BlockType, Report, ReportBlock, ReportStatus

from .factories import PhotoFactory, ReportFactory, TargetFactory, UserFactory
from .test_article_facts import (  # noqa: F401 (the fixture)
    ABSENCE_REASON,
    ABSENT_NAME,
    AWARD_BIRTH_YEAR,
    BIRTH_DATE,
    CARD_NUMBER,
    OPINION_TEXT,
    PHONE,
    full_meeting,
)
from .test_views_news import grant_change_report

pytestmark = pytest.mark.django_db


def stored(report, language="vi") -> str:
    report.refresh_from_db(fields=["body_html"])
    return report.body_html.get("html", {}).get(language, "")


@pytest.fixture
def article(django_capture_on_commit_callbacks):
    """A published report with a paragraph, a photo, a targets table and awards, its body
    stored as after its transaction committed."""
    with django_capture_on_commit_callbacks(execute=True):
        report = ReportFactory(headline="Chi bộ sơ kết quý")
        meeting = report.meeting
        photo = PhotoFactory(report=report, caption="Quang cảnh hội nghị")
        TargetFactory(organisation=meeting.organisation, year=2021, title="Kết nạp đảng viên")
        Award.objects.create(
            form="Giấy khen",
            recipient_name="Lê Thị Khenthưởng",
            organisation=meeting.organisation,
            meeting=meeting,
        )
        for order, values in enumerate(
            [
                {"type": BlockType.PARAGRAPH, "text": "Hội nghị diễn ra sáng nay."},
                {"type": BlockType.PHOTO, "photo": photo},
                {"type": BlockType.TARGETS, "targets_year": 2021},
                {"type": BlockType.AWARDS},
            ]
        ):
            ReportBlock.objects.create(report=report, order=order, **values)
    return report


def test_a_public_article_is_read_from_its_stored_body(client, article):
    assert "Hội nghị diễn ra sáng nay." in stored(article)
    assert "Quang cảnh hội nghị" in stored(article)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assertContains(response, "Hội nghị diễn ra sáng nay.")
    assertContains(response, "Kết nạp đảng viên")
    assertContains(response, "Lê Thị Khenthưởng")
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("reportblock", "target", "award", "meetingperson", "document"):
        assert f'"branchapp_{table}"' not in read, table
    # The stored lead photo serves the page's image for sharing, without reading the photo.
    assertContains(response, '<meta property="og:image"')
    assert '"branchapp_photo"' not in read


def _edit_block(report):
    block = report.blocks.get(type=BlockType.PARAGRAPH)
    block.text = "Đoạn văn đã sửa."
    block.save()
    return "Đoạn văn đã sửa."


def _edit_caption(report):
    photo = report.photos.get()
    photo.caption = "Chú thích đã sửa"
    photo.save()
    return "Chú thích đã sửa"


def _edit_target(report):
    target = report.meeting.organisation.targets.get()
    target.title = "Chỉ tiêu đã sửa"
    target.save()
    return "Chỉ tiêu đã sửa"


def _edit_award(report):
    award = Award.objects.get(meeting=report.meeting)
    award.recipient_name = "Người nhận đã sửa"
    award.save()
    return "Người nhận đã sửa"


@pytest.mark.parametrize("edit", [_edit_block, _edit_caption, _edit_target, _edit_award])
def test_an_edit_of_a_published_article_shows_at_once(
    client, article, edit, django_capture_on_commit_callbacks
):
    client.get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        new_text = edit(article)
    # Stored again after the commit, in every language.
    for language, _name in settings.LANGUAGES:
        assert new_text in stored(article, language)
    assertContains(client.get(article.get_absolute_url()), new_text)


def test_an_edit_shows_before_the_refresh_runs(client, article):
    """Until the commit's refresh has run, the body is cleared: the next reader renders it
    from the new rows (no callback runs in this test)."""
    client.get(article.get_absolute_url())
    new_text = _edit_block(article)
    assert stored(article) == ""
    assertContains(client.get(article.get_absolute_url()), new_text)
    assert new_text in stored(article)


def test_a_deleted_photo_leaves_the_article(client, article, django_capture_on_commit_callbacks):
    assertContains(client.get(article.get_absolute_url()), "Quang cảnh hội nghị")
    with django_capture_on_commit_callbacks(execute=True):
        article.photos.get().delete()
    assert "Quang cảnh hội nghị" not in stored(article)
    response = client.get(article.get_absolute_url())
    assertNotContains(response, "Quang cảnh hội nghị")
    assertNotContains(response, '<meta property="og:image"')


def test_the_english_page_shows_english_labels_from_the_stored_body(client, article):
    assert "Khen thưởng" in stored(article, "vi")
    assert "Awards" in stored(article, "en") and "Khen thưởng" not in stored(article, "en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assertContains(response, '<h2 class="article-subheading" id="awards-', count=1)
    assertContains(response, "Awards")
    assertContains(response, "Targets for 2021")
    assert '"branchapp_reportblock"' not in " ".join(q["sql"] for q in queries.captured_queries)


def test_a_body_stored_by_other_templates_is_rendered_again(client, article):
    Report.objects.filter(pk=article.pk).update(
        body_html={"fingerprint": "a-former-deploy", "html": {"vi": "<p>Bản cũ</p>"}}
    )
    response = client.get(article.get_absolute_url())
    assertNotContains(response, "Bản cũ")
    assertContains(response, "Hội nghị diễn ra sáng nay.")
    article.refresh_from_db(fields=["body_html"])
    assert article.body_html["fingerprint"] == article_html.fingerprint()
    assert "Hội nghị diễn ra sáng nay." in article.body_html["html"]["vi"]


def test_a_body_stored_by_the_running_templates_is_served_as_stored(client, article):
    Report.objects.filter(pk=article.pk).update(
        body_html={
            "fingerprint": article_html.fingerprint(),
            "html": {"vi": "<p>Đúng như đã lưu</p>"},
            "lead_photo": None,
        }
    )
    response = client.get(article.get_absolute_url())
    assertContains(response, "Đúng như đã lưu")
    assertNotContains(response, "Hội nghị diễn ra sáng nay.")


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_a_preview_shows_the_rows_not_the_stored_body(client, article, state):
    later = timezone.now() + datetime.timedelta(days=1)
    status, when = (
        (ReportStatus.DRAFT, None) if state == "draft" else (ReportStatus.PUBLISHED, later)
    )
    Report.objects.filter(pk=article.pk).update(
        status=status,
        published_at=when,
        body_html={
            "fingerprint": article_html.fingerprint(),
            "html": {"vi": "<p>Bản đã lưu</p>"},
        },
    )
    _edit_block(article)
    assert client.get(article.get_absolute_url()).status_code == 404
    user = UserFactory()
    grant_change_report(user, article.meeting.organisation)
    client.force_login(user)
    response = client.get(article.get_absolute_url())
    assertContains(response, "Đoạn văn đã sửa.")
    assertNotContains(response, "Bản đã lưu")


def test_the_stored_body_keeps_the_facts_public_only(client, full_meeting):  # noqa: F811
    article_html.refresh([full_meeting.pk])
    for language, _name in settings.LANGUAGES:
        html = stored(full_meeting, language)
        assert "Nguyễn Văn Hùng" in html
        for internal in (
            ABSENT_NAME,
            ABSENCE_REASON,
            OPINION_TEXT,
            CARD_NUMBER,
            PHONE,
            BIRTH_DATE.strftime("%d/%m/%Y"),
            str(AWARD_BIRTH_YEAR),
        ):
            assert internal not in html, internal
    response = client.get(full_meeting.get_absolute_url())
    assertContains(response, "Nguyễn Văn Hùng")
    assertNotContains(response, ABSENCE_REASON)


def test_a_changed_chair_reaches_the_stored_body(
    client,
    full_meeting,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    article_html.refresh([full_meeting.pk])
    chair = full_meeting.meeting.people.get(name="Trần Thị Mai")
    with django_capture_on_commit_callbacks(execute=True):
        chair.name = "Trần Thị Mai Anh"
        chair.save()
    assert "Trần Thị Mai Anh" in stored(full_meeting)
    assertContains(client.get(full_meeting.get_absolute_url()), "Trần Thị Mai Anh")


def test_refresh_command_fills_the_bodies_written_in_bulk(article):
    Report.objects.filter(pk=article.pk).update(body_html={})
    call_command("refresh_article_html", "--missing", verbosity=0)
    assert "Hội nghị diễn ra sáng nay." in stored(article)
    assert "Hội nghị diễn ra sáng nay." in stored(article, "en")
