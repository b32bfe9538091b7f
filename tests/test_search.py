"""Vietnamese search of the news: accents and case ignored, ranked, highlighted; both databases."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from branchapp import models
from branchapp.sample import load_sample
from branchapp.selectors import search

from .factories import MeetingFactory, OrganisationFactory, PhotoFactory, ReportFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text and trigram search"
)
not_on_postgresql = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the fallback search used off PostgreSQL"
)


def make_report(headline, lead="", paragraphs=(), captions=()):
    report = ReportFactory(
        meeting=MeetingFactory(organisation=OrganisationFactory()), headline=headline, lead=lead
    )
    for order, text in enumerate(paragraphs):
        models.ReportBlock.objects.create(
            report=report, order=order, type=models.BlockType.PARAGRAPH, text=text
        )
    for caption in captions:
        PhotoFactory(report=report, caption=caption)
    report.refresh_search_document()
    return report


def found(query):
    """Headlines of the reports having every word of `query` (no typo correction)."""
    words = search.query_words(query)
    return list(
        search.search_reports(models.Report.objects.published(), words).values_list(
            "headline", flat=True
        )
    )


@pytest.fixture
def sample():
    load_sample()
    return models.Report.objects.get()


@pytest.mark.parametrize(
    "query", ["dang bo dinh ky", "Đảng bộ định kỳ", "ĐẢNG BỘ ĐỊNH KỲ", "  dang   BO dinh KY "]
)
def test_accents_and_case_do_not_matter(sample, query):
    make_report("Chi bộ 3 họp tháng 5", lead="Bàn việc thu đảng phí")
    assert found(query) == [sample.headline]


def test_searches_lead_body_and_captions(sample):
    other = make_report(
        "Tin khác",
        lead="Hội nghị học tập nghị quyết",
        paragraphs=["Kết nạp quần chúng ưu tú Nguyễn Thị Sáu"],
        captions=["Trao Huy hiệu Đảng tại Tân Hồng"],
    )
    assert found("quang canh hoi nghi") == [sample.headline]  # a caption of the sample
    assert found("tan hong") == [other.headline]
    assert found("quan chung uu tu") == [sample.headline, other.headline] or set(
        found("quan chung uu tu")
    ) == {sample.headline, other.headline}
    assert found("hoc tap nghi quyet") == [other.headline]


def test_every_word_must_match(sample):
    make_report("Sinh hoạt chi bộ tháng 3", lead="Chi bộ Khoa Lý luận")
    assert found("chi bo ly luan") == ["Sinh hoạt chi bộ tháng 3"]
    assert found("chi bo xyzzyq") == []


def test_the_last_word_may_be_unfinished(sample):
    other = make_report("Hội thảo chuyển đổi số quốc gia")
    assert found("chuyen doi so quo") == [other.headline]  # as it is being typed
    assert found("chuyen do so quoc") == []  # the other words are whole words
    # A whole word that no report has is corrected; an unfinished last word is not.
    assert search.corrected_words(["chuyen", "doii", "so", "quo"]) == ["chuyen", "doi", "so", "quo"]


def test_headline_matches_rank_first():
    in_body = make_report("Tin thứ nhất", paragraphs=["Bàn về công tác kết nạp đảng viên"])
    in_headline = make_report("Kết nạp đảng viên mới")
    assert found("ket nap")[:2] == [in_headline.headline, in_body.headline]


def test_drafts_are_not_found():
    draft = make_report("Bản thảo kết nạp")
    models.Report.objects.filter(pk=draft.pk).update(status=models.ReportStatus.DRAFT)
    assert found("ban thao ket nap") == []


def test_empty_or_symbol_queries_find_nothing():
    make_report("Tin bất kỳ")
    assert found("") == [] and found("!!! ???") == []


def test_query_words_are_folded_and_bounded():
    assert search.query_words("ĐẢNG bộ, Đảng-bộ!") == ["dang", "bo"]
    assert len(search.query_words("a " * 1000)) == 1
    assert len(search.query_words(" ".join(f"w{n}" for n in range(50)))) == search.MAX_WORDS


def test_highlight_marks_original_text_accent_insensitively():
    words = search.query_words("dang bo")
    html = search.highlight("Đảng bộ Trường tổ chức sinh hoạt đảng bộ", words)
    assert (
        html
        == "<mark>Đảng</mark> <mark>bộ</mark> Trường tổ chức sinh hoạt <mark>đảng</mark> <mark>bộ</mark>"
    )


def test_highlight_escapes_text():
    html = search.highlight('<b>Đảng</b> & "bộ"', ["dang"])
    assert html == "&lt;b&gt;<mark>Đảng</mark>&lt;/b&gt; &amp; &quot;bộ&quot;"


def test_highlight_works_on_decomposed_text():
    decomposed = "Đa\u0309ng bo\u0302\u0323"  # combining marks, as some keyboards type them
    assert search.highlight(decomposed, ["dang"]) == "<mark>Đảng</mark> bộ"


def test_highlight_keeps_places_when_folding_drops_characters():
    # "q̃" has no precomposed form: folding drops its mark, so the text gets shorter.
    assert search.highlight("Xq\u0303 Chi bộ họp", ["chi", "hop"]) == (
        "Xq\u0303 <mark>Chi</mark> bộ <mark>họp</mark>"
    )


def test_excerpt_around_the_first_match():
    text = "Mở đầu. " * 40 + "Đảng ủy đề ra 09 chỉ tiêu chủ yếu." + " Kết thúc." * 40
    excerpt = search.excerpt(text, ["chi", "tieu"], length=120)
    assert "chỉ tiêu" in excerpt and excerpt.startswith("…") and len(excerpt) < 140


def test_results_page_highlights_and_counts(client, sample):
    response = client.get("/tin-tuc/", {"q": "dang bo dinh ky"})
    assertContains(response, "Tìm thấy 1 tin bài cho “dang bo dinh ky”.")
    assertContains(response, "<mark>Đảng</mark> <mark>bộ</mark>")
    assertContains(response, "<mark>định</mark> <mark>kỳ</mark>")
    assertContains(response, '<meta name="robots" content="noindex, follow">', html=True)


def test_results_page_shows_a_body_excerpt(client, sample):
    response = client.get("/tin-tuc/", {"q": "ky thuat the dang vien"})
    assertContains(
        response,
        "<mark>kỹ</mark> <mark>thuật</mark> <mark>thẻ</mark> <mark>đảng</mark> <mark>viên</mark>",
    )


def test_search_escapes_the_query(client, sample):
    response = client.get("/tin-tuc/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assertNotContains(response, "<script>alert(1)</script>")


def test_a_word_in_very_many_reports_lists_the_newest_best_first(client, monkeypatch):
    """Beyond RANKED_MATCHES matches only the newest are ranked; the page says how many match."""
    monkeypatch.setattr(search, "RANKED_MATCHES", 2)
    now = timezone.now()
    oldest = make_report("Nghị quyết về công tác cán bộ", lead="Nghị quyết chi bộ.")
    middle = make_report("Sinh hoạt chi bộ tháng 10", lead="Triển khai nghị quyết.")
    newest = make_report("Nghị quyết chuyên đề quý IV", lead="Nghị quyết mới.")
    for days, report in ((30, oldest), (20, middle), (10, newest)):
        models.Report.objects.filter(pk=report.pk).update(
            published_at=now - datetime.timedelta(days=days)
        )
    response = client.get(reverse("news:list"), {"q": "nghi quyet"})
    headlines = [r.headline for r in response.context["reports"]]
    assert headlines == [newest.headline, middle.headline]  # the headline match ranks first
    assertContains(response, "Tìm thấy 3 tin bài")
    assertContains(response, "2 tin bài mới nhất")


@on_postgresql
def test_postgresql_uses_the_stored_full_text_columns(sample):
    words = search.query_words("dang bo dinh ky")
    queryset = search.search_reports(models.Report.objects.published(), words)
    sql = str(queryset.query)
    # The stored, generated columns of migration 0009: no document is parsed per query.
    assert '"search_vector" @@' in sql and "to_tsvector" not in sql
    assert queryset.annotate(score=F("rank")).get().score > 0


@on_postgresql
def test_postgresql_search_columns_follow_edits(sample):
    """search_vector and search_headline are generated by PostgreSQL from the document."""
    report = models.Report.objects.get(headline=sample.headline)
    assert found("hoi thao khoa hoc") == []
    report.headline = "Hội thảo khoa học về công tác xây dựng Đảng"
    report.save()
    report.refresh_search_document()
    assert found("hoi thao khoa hoc") == [report.headline]


def test_saving_a_report_records_its_words(sample):
    report = make_report("Hội thảo khoa học", paragraphs=["Bàn về chuyển đổi số"])
    words = set(models.SearchWord.objects.values_list("word", flat=True))
    assert {"hoi", "thao", "khoa", "hoc", "chuyen", "doi", "so"} <= words
    assert {"dang", "bo", "dinh", "ky"} <= words  # the sample's, recorded when it was loaded
    report.refresh_search_document()  # recording again adds nothing twice
    assert models.SearchWord.objects.filter(word="khoa").count() == 1


def test_mistyped_words_are_corrected_to_words_of_the_reports(sample):
    # "kyy" and "hoatt" begin no word of any report; "dang" and "bo" do, and stay.
    assert search.corrected_words(["sinh", "hoatt", "dang", "bo", "dinh", "kyy"]) == [
        "sinh",
        "hoat",
        "dang",
        "bo",
        "dinh",
        "ky",
    ]
    # Prefixes of real words are not typos; words with nothing close are kept as typed.
    assert search.corrected_words(["dinh", "k", "xyzzyq"]) == ["dinh", "k", "xyzzyq"]


def test_a_search_with_a_typo_shows_the_corrected_results(client, sample):
    response = client.get(reverse("news:list"), {"q": "sinh hoatt dang bo dinh kyy"})
    assert [r.headline for r in response.context["reports"]] == [sample.headline]
    assertContains(response, "Không có tin bài nào chứa đủ các từ “sinh hoatt dang bo dinh kyy”")
    assertContains(response, "Tìm thấy 1 tin bài cho “sinh hoat dang bo dinh ky”")
    assertContains(response, "<mark>sinh</mark> <mark>hoạt</mark>", html=False)


def test_a_correction_never_reveals_a_draft(client, sample):
    draft = make_report("Kế hoạch tuyệt mật của chi bộ")
    models.Report.objects.filter(pk=draft.pk).update(status=models.ReportStatus.DRAFT)
    response = client.get(reverse("news:list"), {"q": "tuyet matt"})
    assert list(response.context["reports"]) == []
    assertNotContains(response, "tuyet mat”")
    assertContains(response, "Không có tin bài phù hợp")


@not_on_postgresql
def test_fallback_matches_the_start_of_words(sample):
    queryset = search.search_reports(models.Report.objects.published(), "dinh ky")
    assert "REGEXP" in str(queryset.query)
    assert found("dinh ky") == [sample.headline]
    assert found("inh ky") == []  # inside a word: no match
    assert found("sinh hoat dang bo dinh kyy") == []  # typos: see corrected_words


def test_folding_strips_every_combining_mark():
    import sys
    import unicodedata

    from branchapp.text import combining_marks, fold

    every_mark = {cp for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))}
    assert set(combining_marks()) == every_mark
    assert (
        fold("ĐẢNG BỘ Trường Chính trị tỉnh Đồng Tháp") == "dang bo truong chinh tri tinh dong thap"
    )
    assert fold("Nghị quyết số 03-NQ/ĐU") == "nghi quyet so 03-nq/du"
