"""The article's reader tools (share, copy, print, text size), related articles, the same
section's list and "Cập nhật", as a reader and a secretary see them."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from branchapp import models
from branchapp.scoping import SECRETARIAT_ROLE
from branchapp.selectors.related import RELATED_SIZE, SECTION_SIZE, family_path

from .factories import (
    CellFactory,
    MeetingFactory,
    OrganisationFactory,
    PhotoFactory,
    ReportFactory,
    user_with_role,
)
from .test_workspace_reports import editor_data

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def published(organisation, *, kinds=(), category=None, hours_ago=1, **kwargs):
    meeting = MeetingFactory(organisation=organisation)
    for kind in kinds:
        models.MeetingKindTag.objects.create(meeting=meeting, kind=kind)
    kwargs.setdefault("published_at", NOW - datetime.timedelta(hours=hours_ago))
    return ReportFactory(meeting=meeting, category=category, **kwargs)


def section_of(html: str, marker: str) -> str:
    """The HTML of the <section> whose heading id is `marker` (empty when absent)."""
    match = re.search(rf'<section[^>]*aria-labelledby="{marker}".*?</section>', html, re.S)
    return match.group(0) if match else ""


# --- Share, copy, print, text size ----------------------------------------------------------


def test_share_controls_and_tools_on_the_article(client):
    report = published(OrganisationFactory())
    response = client.get(report.get_absolute_url())
    html = response.content.decode()
    address = f"http://testserver{report.get_absolute_url()}"
    # A plain Facebook share link of the article's full address: no Facebook script.
    assertContains(
        response,
        f'href="https://www.facebook.com/sharer/sharer.php?u={quote(address, safe="")}"',
    )
    assert "connect.facebook.net" not in html and "sdk.js" not in html
    assertContains(response, "Chia sẻ")
    assertContains(response, "Chép liên kết")
    assertContains(response, "Cỡ chữ")
    assertContains(response, "In bài")
    # The confirmation is announced to screen readers; the copied address is the article's.
    assertContains(response, 'role="status" aria-live="polite"')
    assertContains(response, 'data-copied="Đã chép liên kết"')
    assertContains(response, f'data-share-url="{address}"', count=2)
    # Our own script and stylesheet; the buttons that need the script wait for it.
    assertContains(response, "/static/js/article-tools.js")
    assertContains(response, "/static/css/article-tools.css")
    for marker in ("data-share-native", "data-copy-link", "data-print", "data-text-size-controls"):
        assert re.search(rf"<[^>]*{marker}[^>]*\shidden", html), marker
    # No inline script or style (Content Security Policy), nothing per visitor, no cookie.
    assert "<script>" not in html and " style=" not in html and "onclick" not in html
    assert not response.cookies


def test_draft_preview_offers_no_sharing(client):
    report = published(OrganisationFactory(), status=models.ReportStatus.DRAFT, published_at=None)
    secretary = user_with_role(SECRETARIAT_ROLE, report.meeting.organisation)
    client.force_login(secretary)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assertNotContains(response, "facebook.com/sharer")
    assertNotContains(response, "data-copy-link")
    assertContains(response, "data-print")


def test_the_same_page_for_every_reader(client):
    """Nothing of the tools varies per visitor: two readers get the same bytes (page cache)."""
    report = published(OrganisationFactory())
    first = client.get(report.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 (iPhone)")
    second = client.get(report.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux)")
    assert first.content == second.content


# --- Related articles and the same section --------------------------------------------------


@pytest.fixture
def newsroom():
    committee = OrganisationFactory(name="Đảng bộ Trường Chính trị")
    cell = CellFactory(parent=committee, name="Chi bộ Khoa Lý luận")
    sister = CellFactory(parent=committee, name="Chi bộ Phòng Đào tạo")
    elsewhere = OrganisationFactory(name="Đảng bộ Sở Tài chính")
    news = models.Category.objects.create(name="Tin tức - Sự kiện")
    other_section = models.Category.objects.create(name="Xây dựng Đảng")
    year_end = models.MeetingKind.REVIEW_CONFERENCE
    monthly = models.MeetingKind.MONTHLY
    article = published(
        cell, kinds=[year_end], category=news, headline="Tổng kết năm của chi bộ", hours_ago=1
    )
    return {
        "article": article,
        # Same kind, another organisation and section: first among the related.
        "same_kind": published(
            elsewhere, kinds=[year_end], category=other_section, headline="Tổng kết năm Sở"
        ),
        # Same section only.
        "same_section": published(
            elsewhere, kinds=[monthly], category=news, headline="Tin cùng chuyên mục", hours_ago=2
        ),
        # Same family (a sister cell) only.
        "family": published(sister, kinds=[monthly], headline="Tin chi bộ bạn", hours_ago=3),
        # Nothing in common.
        "unrelated": published(elsewhere, kinds=[monthly], headline="Tin khác hẳn", hours_ago=4),
        # Same kind, but not public: a draft, and one scheduled for later.
        "draft": published(
            cell,
            kinds=[year_end],
            category=news,
            headline="Bản nháp cùng loại",
            status=models.ReportStatus.DRAFT,
            published_at=None,
        ),
        "scheduled": published(
            cell, kinds=[year_end], category=news, headline="Hẹn giờ cùng loại", hours_ago=-5
        ),
        "news": news,
    }


def test_related_articles_by_kind_then_section_then_family(client, newsroom):
    article = newsroom["article"]
    html = client.get(article.get_absolute_url()).content.decode()
    related = section_of(html, "article-related-title")
    assert "Tin liên quan" in related
    found = re.findall(r'class="related-card-title" href="([^"]+)">([^<]+)</a>', related)
    assert [headline for _url, headline in found] == [
        "Tổng kết năm Sở",
        "Tin cùng chuyên mục",
        "Tin chi bộ bạn",
    ]
    for _url, headline in found:
        assert headline != article.headline
    for hidden in ("Tin khác hẳn", "Bản nháp cùng loại", "Hẹn giờ cùng loại"):
        assert hidden not in html
    # Links go to the articles.
    assert found[0][0] == newsroom["same_kind"].get_absolute_url()


def test_same_section_list_is_the_sections_newest_not_already_related(client, newsroom):
    article, news = newsroom["article"], newsroom["news"]
    cell = article.meeting.organisation
    for n in range(SECTION_SIZE + RELATED_SIZE + 3):
        published(cell, category=news, headline=f"Chuyên mục số {n}", hours_ago=10 + n)
    html = client.get(article.get_absolute_url()).content.decode()
    section = section_of(html, "article-section-title")
    assert "Cùng chuyên mục" in section
    listed = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section)
    related = re.findall(
        r'class="related-card-title" href="[^"]+">([^<]+)</a>',
        section_of(html, "article-related-title"),
    )
    assert len(related) == RELATED_SIZE and len(listed) == SECTION_SIZE
    assert not set(listed) & set(related)
    assert article.headline not in listed
    # Newest first; a link to the whole section.
    numbers = [int(h.rsplit(" ", 1)[1]) for h in listed if h.startswith("Chuyên mục số")]
    assert numbers == sorted(numbers)
    assert f'href="/tin-tuc/?chuyen_muc={news.slug}"' in section


def test_an_article_alone_has_no_empty_lists(client):
    report = published(OrganisationFactory())
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Tin liên quan" not in html and "Cùng chuyên mục" not in html


def test_family_of_an_organisation():
    assert family_path("12/40/") == "12/"
    assert family_path("12/") == "12/"
    assert family_path("3/12/40/") == "3/12/"


@pytest.mark.parametrize("scale", [1, 10])
def test_article_queries_fixed_with_related_lists(client, django_assert_max_num_queries, scale):
    committee = OrganisationFactory()
    cell = CellFactory(parent=committee)
    news = models.Category.objects.create(name="Tin tức")
    kind = models.MeetingKind.MONTHLY
    article = published(cell, kinds=[kind], category=news)
    for n in range(3 * scale):
        other = published(
            committee if n % 2 else cell,
            kinds=[kind] if n % 3 == 0 else [],
            category=news if n % 3 == 1 else None,
            hours_ago=2 + n,
        )
        PhotoFactory(report=other, order=1)
    # The 16 of the page before (with the year's figures), at most five for the related
    # articles and the section, and one for the most-read list (the views come with the
    # report).
    with django_assert_max_num_queries(22):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tin liên quan" in html
    assert html.count('class="related-card-photo"') == min(RELATED_SIZE, 3 * scale)


# --- "Cập nhật": changed after publication ---------------------------------------------------


@pytest.fixture
def edited(client):
    cell = CellFactory(name="Chi bộ Khoa Lý luận")
    meeting = MeetingFactory(organisation=cell, title="Sinh hoạt chi bộ định kỳ")
    models.MeetingKindTag.objects.create(meeting=meeting, kind=models.MeetingKind.MONTHLY)
    secretary = user_with_role(SECRETARIAT_ROLE, cell.parent)
    client.force_login(secretary)
    client.post(reverse("workspace:report_edit", args=[meeting.pk]))
    report = models.Report.objects.get(meeting=meeting)
    return meeting, report


def _publish(report, when):
    models.Report.objects.filter(pk=report.pk).update(
        status=models.ReportStatus.PUBLISHED, published_at=when
    )


def _save(client, meeting, **changes):
    url = reverse("workspace:report_edit", args=[meeting.pk])
    response = client.post(url, editor_data(client, meeting, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_updated_shown_when_a_published_article_is_edited(client, edited):
    meeting, report = edited
    _publish(report, timezone.now() - datetime.timedelta(days=1))
    public = client.get(report.get_absolute_url())
    assertNotContains(public, "Cập nhật")
    _save(client, meeting, **{"report-lead": "Sapo đã sửa sau khi đăng."})
    report.refresh_from_db()
    assert report.revised_at is not None and report.revised_at > report.published_at
    client.logout()
    response = client.get(report.get_absolute_url())
    assertContains(response, "Sapo đã sửa sau khi đăng.")
    assertContains(response, "Cập nhật")
    local = timezone.localtime(report.revised_at)
    assertContains(response, local.strftime("%H:%M %d/%m/%Y"))
    assertContains(response, f'<time datetime="{local.strftime("%Y-%m-%dT%H:%M:%S%z")}">', count=1)
    assertContains(
        response, f'<meta property="article:modified_time" content="{local.isoformat()}">'
    )


def test_no_updated_for_a_save_that_changes_nothing_readers_see(client, edited):
    meeting, report = edited
    _publish(report, timezone.now() - datetime.timedelta(days=1))
    _save(client, meeting)  # the editor saved as it was opened
    report.refresh_from_db()
    assert report.revised_at is None
    client.logout()
    assertNotContains(client.get(report.get_absolute_url()), "Cập nhật")


def test_no_updated_for_edits_before_publication(client, edited):
    meeting, report = edited
    _save(client, meeting, **{"report-lead": "Sửa khi còn là bản nháp."})
    report.refresh_from_db()
    assert report.revised_at is None
    _publish(report, timezone.now() - datetime.timedelta(minutes=5))
    client.logout()
    response = client.get(report.get_absolute_url())
    assertContains(response, "Sửa khi còn là bản nháp.")
    assertNotContains(response, "Cập nhật")


def test_republished_article_does_not_show_an_older_update(client, edited):
    meeting, report = edited
    _publish(report, timezone.now() - datetime.timedelta(days=2))
    _save(client, meeting, **{"report-headline": "Tiêu đề đã sửa"})
    report.refresh_from_db()
    assert report.revised_at is not None
    # Unpublished, then published again later: the publication is the news, not the edit.
    _publish(report, timezone.now())
    client.logout()
    assertNotContains(client.get(report.get_absolute_url()), "Cập nhật")


def _meeting_entry(client, meeting, **overrides):
    from .test_workspace_meetings import entry_data

    url = reverse("workspace:meeting_edit", args=[meeting.pk])
    response = client.post(url, entry_data(client, url, **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_updated_shown_when_the_record_readers_see_changes(client, edited):
    """The facts section reads the meeting's record: a new place there is a change readers see."""
    meeting, report = edited
    _publish(report, timezone.now() - datetime.timedelta(days=1))
    _meeting_entry(client, meeting)  # saved as it was: nothing readers see changed
    report.refresh_from_db()
    assert report.revised_at is None
    _meeting_entry(client, meeting, **{"meeting-place": "Hội trường lớn"})
    report.refresh_from_db()
    assert report.revised_at is not None
    client.logout()
    response = client.get(report.get_absolute_url())
    assertContains(response, "Hội trường lớn")
    assertContains(response, "Cập nhật")


def test_record_change_hidden_from_readers_is_no_update(client, edited):
    meeting, report = edited
    models.Report.objects.filter(pk=report.pk).update(hidden_facts=["place"])
    _publish(report, timezone.now() - datetime.timedelta(days=1))
    _meeting_entry(client, meeting, **{"meeting-place": "Phòng họp số 3"})
    report.refresh_from_db()
    assert report.revised_at is None
    client.logout()
    response = client.get(report.get_absolute_url())
    assertNotContains(response, "Phòng họp số 3")
    assertNotContains(response, "Cập nhật")
