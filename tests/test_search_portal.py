"""Issue 15's search: kinds, sections and organisation names searched, phrases ranked first,
suggestions when nothing is found, sections as links, feeds per section and per kind with the
lead photo as an enclosure. Both databases (DATABASE_URL=postgres://… runs the PostgreSQL path)."""

import datetime
import importlib
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps as django_apps
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from branchapp import models
from branchapp.sample import load_sample
from branchapp.selectors import search
from branchapp.services.meetings import MeetingData, meeting_save

from .factories import MeetingFactory, OrganisationFactory, PhotoFactory, ReportFactory

pytestmark = pytest.mark.django_db


def make_report(headline, lead="", paragraphs=(), organisation=None, category=None, **kwargs):
    report = ReportFactory(
        meeting=MeetingFactory(organisation=organisation or OrganisationFactory()),
        headline=headline,
        lead=lead,
        category=category,
        **kwargs,
    )
    for order, text in enumerate(paragraphs):
        models.ReportBlock.objects.create(
            report=report, order=order, type=models.BlockType.PARAGRAPH, text=text
        )
    report.refresh_search_document()
    return report


def found(query):
    """Headlines of the reports having every word of `query`, best first."""
    words = search.query_words(query)
    return list(
        search.search_reports(models.Report.objects.published(), words).values_list(
            "headline", flat=True
        )
    )


def listed(client, **params):
    """Headlines of the news list's page for the query string `params`, in order."""
    response = client.get(reverse("news:list"), params)
    assert response.status_code == 200
    return response, [str(report.headline) for report in response.context["reports"]]


@pytest.fixture
def sample():
    load_sample()
    return models.Report.objects.get()


# Kinds, sections and organisation names are searched


def test_the_kind_of_meeting_finds_the_sample_year_end_article(client, sample):
    make_report("Chi bộ 3 họp tháng 5", lead="Bàn việc thu đảng phí")
    assert "tong ket nam" not in sample.headline.lower()
    assert found("tong ket nam") == [sample.headline]
    assert found("Hội nghị sơ kết, tổng kết") == [sample.headline]
    _response, headlines = listed(client, q="tong ket nam")
    assert headlines == [sample.headline]


def test_the_section_and_the_organisation_names_are_searched(sample):
    other = make_report(
        "Họp định kỳ tháng 5",
        organisation=OrganisationFactory(name="Chi bộ Ấp Tân Lập", short_name="CB Tân Lập"),
    )
    assert found("tin tuc su kien") == [sample.headline]  # the sample's section
    assert found("ap tan lap") == [other.headline]  # its organisation, not in the text
    assert found("cb tan lap") == [other.headline]  # the short name too


def test_a_phrase_ranks_above_the_same_words_scattered(sample):
    # "Tống" (a name) and "Kết luận" match "tong ket" too, and in the headline.
    unrelated = make_report(
        "Đồng chí Tống Văn Bình dự sinh hoạt chi bộ",
        lead="Buổi sinh hoạt bàn việc thu đảng phí.",
        paragraphs=["Kết luận buổi sinh hoạt, đồng chí bí thư giao nhiệm vụ tháng tới."],
    )
    assert found("tong ket") == [sample.headline, unrelated.headline]


def test_adjacent_words_in_the_body_rank_above_scattered_words_in_the_headline():
    # Every word in the headline, none next to the following one.
    scattered = make_report("Tập thể chi bộ học theo Bác, giữ gìn hồ sơ")
    phrase = make_report(
        "Tin sinh hoạt tháng 6", paragraphs=["Chi bộ tổ chức học tập Bác Hồ trong tháng."]
    )
    older_phrase = make_report(
        "Tin sinh hoạt tháng 4",
        paragraphs=["Đoàn viên học tập Bác Hồ."],
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    ranked = found("hoc tap bac ho")
    assert set(ranked[:2]) == {phrase.headline, older_phrase.headline}
    assert ranked[2:] == [scattered.headline]


def test_words_next_to_each_other_across_punctuation_are_a_phrase():
    apart = make_report(
        "Tin A", paragraphs=["Đảng viên học theo gương Bác; tập trung giữ gìn hồ sơ."]
    )
    adjacent = make_report("Tin B", paragraphs=["Đảng viên học, tập theo gương Bác; lập hồ sơ."])
    assert found("hoc tap bac ho") == [adjacent.headline, apart.headline]


def test_the_last_word_of_a_phrase_may_be_unfinished():
    scattered = make_report("Đổi mới: chuyển giao kế hoạch số hóa hồ sơ")
    phrase = make_report("Tin tháng 3", paragraphs=["Bàn kế hoạch chuyển đổi số của chi bộ."])
    assert found("chuyen doi s") == [phrase.headline, scattered.headline]


# The stored search text follows what it is made of


def test_a_new_kind_of_meeting_is_found_after_the_meeting_is_saved():
    report = make_report("Tin họp chi bộ tháng 7")
    assert found("ket nap") == []
    meeting_save(meeting=report.meeting, data=MeetingData(kinds=[models.MeetingKind.ADMISSION]))
    assert found("ket nap") == [report.headline]  # "lễ kết nạp đảng viên" / admission meeting
    meeting_save(meeting=report.meeting, data=MeetingData(kinds=[models.MeetingKind.MONTHLY]))
    assert found("ket nap") == []


def test_a_renamed_section_is_found_by_its_new_name_only():
    category = models.Category.objects.create(name="Xây dựng Đảng")
    report = make_report("Tin họp chi bộ tháng 8", category=category)
    assert found("xay dung dang") == [report.headline]
    category.name = "Gương sáng đảng viên"
    category.save()
    assert found("guong sang") == [report.headline]
    assert found("xay dung dang") == []
    # Another section's report is not touched.
    assert found("tin hop chi bo thang 8") == [report.headline]


def test_a_renamed_organisation_is_found_by_its_new_name():
    organisation = OrganisationFactory(name="Chi bộ Khóm Hai")
    report = make_report("Tin họp tháng 9", organisation=organisation)
    assert found("khom hai") == [report.headline]
    organisation.name = "Chi bộ Khóm Bình Thạnh"
    organisation.save()
    assert found("binh thanh") == [report.headline]


# Suggestions when nothing is found


def test_a_search_that_finds_nothing_suggests_sections_and_the_newest(client, sample):
    response, headlines = listed(client, q="xyzzyq hoàn toàn không có")
    assert headlines == []
    assertContains(response, "Gợi ý")
    assertContains(response, "Không có tin bài phù hợp")
    # The sections, as links to their lists, with their counts.
    assertContains(
        response,
        f'<a href="/tin-tuc/?chuyen_muc={sample.category.slug}">Tin tức - Sự kiện</a>',
        html=True,
    )
    # The newest articles.
    newest = response.context["suggestions"].newest
    assert [r.headline for r in newest] == [sample.headline]
    assertContains(response, sample.get_absolute_url())


def test_a_mistyped_search_outside_the_filters_suggests_the_corrected_words(client, sample):
    elsewhere = OrganisationFactory(name="Đảng bộ Xã Mỹ Hiệp")
    response, headlines = listed(client, q="sinh hoatt dinh kyy", to_chuc=elsewhere.slug)
    assert headlines == []
    suggestions = response.context["suggestions"]
    assert suggestions.query == "sinh hoat dinh ky"
    assert suggestions.everywhere
    assertContains(response, "Tìm trên toàn trang")
    assertContains(response, 'href="/tin-tuc/?q=sinh%20hoat%20dinh%20ky"')
    # The suggestion finds the article.
    _response, headlines = listed(client, q=suggestions.query)
    assert headlines == [sample.headline]


def test_no_suggestion_of_a_query_that_finds_nothing_either(client, sample):
    response, _headlines = listed(client, q="qqqqqq")
    assert response.context["suggestions"].query == ""
    assertNotContains(response, 'search-suggestion"')


def test_a_draft_is_never_suggested(client, sample):
    draft = make_report("Bản nháp chưa đăng về quỹ Xyzabc")
    models.Report.objects.filter(pk=draft.pk).update(
        status=models.ReportStatus.DRAFT, published_at=None
    )
    response, _headlines = listed(client, q="quy xyzabd")
    assert response.context["suggestions"].query == ""
    assertNotContains(response, "Bản nháp chưa đăng")


# Sections as links, feeds per section and per kind


def test_sections_link_to_their_lists_on_the_list_and_the_article(client, sample):
    response = client.get(reverse("news:list"))
    url = f"/tin-tuc/?chuyen_muc={sample.category.slug}"
    assertContains(response, f'<a href="{url}">Tin tức - Sự kiện</a>', html=True)
    article = client.get(sample.get_absolute_url())
    assertContains(
        article,
        f'<p class="article-kicker"><a href="{url}">Tin tức - Sự kiện</a></p>',
        html=True,
    )
    section = client.get(url)
    assert [r.headline for r in section.context["reports"]] == [sample.headline]
    feed = reverse("news:category-feed", args=[sample.category.slug])
    assertContains(section, f'href="{feed}"', 2)  # the page's <link> and the visible link
    by_kind = client.get(reverse("news:list"), {"loai": "review_conference"})
    assertContains(by_kind, 'href="/tin-tuc/rss/loai/review_conference/"', 2)


def rss(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)


def titles(root):
    return [item.findtext("title") for item in root.iter("item")]


def test_section_feed_lists_its_published_reports_only(client, sample):
    other = models.Category.objects.create(name="Gương sáng")
    make_report("Tin của mục khác", category=other)
    draft = make_report("Tin nháp cùng mục", category=sample.category)
    models.Report.objects.filter(pk=draft.pk).update(
        status=models.ReportStatus.DRAFT, published_at=None
    )
    root = rss(client.get(reverse("news:category-feed", args=[sample.category.slug])))
    assert titles(root) == [sample.headline]
    assert "Tin tức - Sự kiện" in root.findtext("channel/title")
    assert titles(rss(client.get(f"/tin-tuc/rss/chuyen-muc/{other.slug}/"))) == ["Tin của mục khác"]
    assert client.get("/tin-tuc/rss/chuyen-muc/khong-co/").status_code == 404


def test_kind_feed_lists_the_reports_of_that_kind(client, sample):
    monthly = make_report("Sinh hoạt thường kỳ tháng 11")
    models.MeetingKindTag.objects.create(meeting=monthly.meeting, kind=models.MeetingKind.MONTHLY)
    root = rss(client.get(reverse("news:kind-feed", args=["review_conference"])))
    assert titles(root) == [sample.headline]
    assert "Hội nghị sơ kết, tổng kết" in root.findtext("channel/title")
    assert titles(rss(client.get("/tin-tuc/rss/loai/monthly/"))) == [monthly.headline]
    assert client.get("/tin-tuc/rss/loai/khong-co/").status_code == 404


def test_feed_entries_carry_the_lead_photo_as_an_enclosure(client, sample):
    no_photo = make_report("Tin không có ảnh", category=sample.category)
    for url in (
        reverse("news:feed"),
        reverse("news:category-feed", args=[sample.category.slug]),
        reverse("news:kind-feed", args=["periodic"]),
        reverse("news:organisation-feed", args=[sample.meeting.organisation.slug]),
    ):
        items = {i.findtext("title"): i for i in rss(client.get(url)).iter("item")}
        enclosure = items[sample.headline].find("enclosure")
        assert enclosure is not None, url
        assert enclosure.get("type") == "image/jpeg"
        assert enclosure.get("url").startswith("http://testserver/")
        lead = sample.photos.order_by("order", "id").first()
        name = lead.renditions["jpeg"]["960"]
        assert enclosure.get("url").endswith(default_storage.url(name))
        assert int(enclosure.get("length")) == default_storage.size(name) > 0
        if no_photo.headline in items:
            assert items[no_photo.headline].find("enclosure") is None


def test_an_enclosure_missing_on_disk_is_generated(client):
    report = make_report("Tin có ảnh mới")
    photo = PhotoFactory(report=report)
    name = photo.renditions["jpeg"]["960"]
    if default_storage.exists(name):
        default_storage.delete(name)
    item = rss(client.get(reverse("news:feed"))).find("channel/item")
    enclosure = item.find("enclosure")
    assert int(enclosure.get("length")) == default_storage.size(name) > 0


def test_the_migration_builds_the_same_search_text_as_the_model(sample):
    """Migration 0025 rebuilt the text of the reports stored before: as a save does."""
    migration = importlib.import_module("branchapp.migrations.0030_report_search_labels")
    models.Report.objects.update(search_document="")
    migration.forward(django_apps, connection.schema_editor())
    sample.refresh_from_db()
    assert sample.search_document == sample.build_search_document()
    assert "hoi nghi so ket, tong ket" in sample.search_document
    assert found("tong ket nam") == [sample.headline]
