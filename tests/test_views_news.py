"""The public news site as a reader sees it: pages, privacy, previews, sharing tags, queries."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from branchapp import models
from branchapp.sample import load_sample
from branchapp.scoping import VIEWER_ROLE

from .factories import (
    CellFactory,
    MeetingFactory,
    OrganisationFactory,
    PhotoFactory,
    ReportFactory,
    TargetFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

CAPTIONS = [
    "Đ/c Nguyễn Phước Dũng, Bí thư Đảng ủy phát biểu tại Hội nghị",
    "Quang cảnh Hội nghị",
    "Đ/c Nguyễn Phước Dũng trao Giấy khen cho đảng viên đạt thành tích năm 2021",
]


@pytest.fixture
def sample():
    load_sample()
    return models.Report.objects.select_related("meeting__organisation").get(
        meeting__date=datetime.date(2021, 12, 31)
    )


def text_of(response) -> str:
    return response.content.decode()


def build_report(organisation=None, *, blocks=1, photos=1, targets=1, awards=1, **kwargs):
    """A published report with `blocks` paragraphs, photos, a targets table and an awards list."""
    organisation = organisation or OrganisationFactory()
    meeting = MeetingFactory(organisation=organisation)
    models.MeetingKindTag.objects.create(meeting=meeting, kind=models.MeetingKind.MONTHLY)
    report = ReportFactory(meeting=meeting, **kwargs)
    order = 0
    for n in range(blocks):
        order += 1
        models.ReportBlock.objects.create(
            report=report, order=order, type=models.BlockType.PARAGRAPH, text=f"Đoạn văn {n}"
        )
    for n in range(photos):
        order += 1
        photo = PhotoFactory(report=report, order=n)
        models.ReportBlock.objects.create(
            report=report, order=order, type=models.BlockType.PHOTO, photo=photo
        )
    year = meeting.date.year
    for n in range(targets):
        TargetFactory(organisation=organisation, year=year, order=n, group=f"Nhóm {n % 3}")
    order += 1
    models.ReportBlock.objects.create(
        report=report, order=order, type=models.BlockType.TARGETS, targets_year=year
    )
    for n in range(awards):
        models.Award.objects.create(
            form="Giấy khen",
            recipient_name=f"Trần Văn Khen{n}",
            organisation=organisation,
            meeting=meeting,
            order=n,
        )
    models.ReportBlock.objects.create(report=report, order=order + 1, type=models.BlockType.AWARDS)
    report.refresh_search_document()
    return report


# --- The sample article -------------------------------------------------------------------


def test_sample_article_reads_like_the_original(client, sample):
    response = client.get(sample.get_absolute_url())
    assert response.status_code == 200
    html = text_of(response)
    assertContains(
        response,
        "Chủ trì hội nghị gồm 02 đồng chí: đ/c Nguyễn Phước Dũng, Bí thư Đảng ủy; đ/c Lê Minh "
        "Hiếu, Đảng ủy viên, Chủ tịch Công đoàn cơ sở.",
    )
    positions = [html.index(f'<span class="article-photo-caption">{c}</span>') for c in CAPTIONS]
    assert positions == sorted(positions)
    # Breadcrumb with the category, headline, publication time, lead.
    assertContains(
        response,
        '<li class="breadcrumb-item"><a href="/tin-tuc/?chuyen_muc=tin-tuc-su-kien">Tin tức - Sự kiện</a></li>',
        html=True,
    )
    assertContains(response, "<h1", count=1)
    assertContains(response, sample.headline)
    assertContains(response, "17:30 31/12/2021")
    assertContains(response, "Buổi chiều ngày 31 tháng 12 năm 2021")
    # The seven targets of 2021 with their badges, then the byline at the end.
    table = html[html.index('<table class="targets-table">') : html.index("</table>")]
    assert table.count("<tr>") == 1 + 7
    badges = re.findall(r'<span class="badge assessment assessment-\w+">([^<]+)</span>', table)
    assert badges == ["Vượt", "Vượt", "Đạt", "Vượt", "Vượt", "Vượt", "Vượt"]
    assertContains(response, "7 chỉ tiêu: 6 vượt, 1 đạt, 0 không đạt, 0 chưa đánh giá.")
    byline = html.index('<span class="article-author">Mai Quang Khả</span>')
    assert byline > html.index("</table>") > positions[-1]
    assertContains(response, "(Trường Chính trị tỉnh Đồng Tháp)")


def test_article_body_blocks_in_order(client):
    report = ReportFactory()
    for order, (kind, text, items) in enumerate(
        [
            (models.BlockType.HEADING, "Phần một", []),
            (models.BlockType.PARAGRAPH, "Nội dung thứ nhất", []),
            (models.BlockType.LIST, "", ["Ý một", "Ý hai"]),
        ]
    ):
        models.ReportBlock.objects.create(
            report=report, order=order, type=kind, text=text, items=items
        )
    html = text_of(client.get(report.get_absolute_url()))
    assert (
        html.index('<h2 class="article-subheading">Phần một</h2>')
        < html.index("<p>Nội dung thứ nhất</p>")
        < html.index("<li>Ý một</li>")
        < html.index("<li>Ý hai</li>")
    )


def test_awards_list_without_private_data(client):
    report = build_report(awards=0)
    models.Award.objects.create(
        form="Huy hiệu Đảng",
        badge_years=30,
        recipient_name="Lê Văn Huy",
        recipient_birth_year=1950,
        organisation=report.meeting.organisation,
        meeting=report.meeting,
        reason="Tuổi đảng",
    )
    response = client.get(report.get_absolute_url())
    assertContains(response, "Huy hiệu Đảng 30 năm")
    assertContains(response, "Lê Văn Huy")
    assertNotContains(response, "1950")


def test_internal_minutes_and_personal_data_never_shown(client, sample):
    meeting = sample.meeting
    member = models.Member.objects.filter(organisation__parent=meeting.organisation).last()
    member.card_number = "79.123456"
    member.phone = "0912 345 678"
    member.address = "12 đường Hùng Vương"
    member.save()
    models.Attendance.objects.create(
        meeting=meeting,
        member=member,
        name=member.full_name,
        status=models.AttendanceStatus.EXCUSED,
        reason="Đi công tác Hà Nội",
    )
    item = models.AgendaItem.objects.create(
        meeting=meeting, title="Góp ý", conclusion="Kết luận nội bộ"
    )
    models.Opinion.objects.create(
        agenda_item=item, name="Người phát biểu", summary="Ý kiến riêng tư"
    )
    for url in [
        sample.get_absolute_url(),
        "/",
        "/tin-tuc/",
        meeting.organisation.get_absolute_url(),
        f"/to-chuc/{meeting.organisation.slug}/chi-tieu/2021/",
        "/tin-tuc/rss/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        for secret in [
            "Đi công tác Hà Nội",
            "Kết luận nội bộ",
            "Ý kiến riêng tư",
            meeting.conclusion,
            member.full_name,
            "79.123456",
            "0912 345 678",
            "12 đường Hùng Vương",
            member.birth_date.strftime("%d/%m/%Y"),
            "Hoàn thành xuất sắc nhiệm vụ",  # individual rating levels
        ]:
            assertNotContains(response, secret, msg_prefix=url)


# --- Drafts, schedules and previews ---------------------------------------------------------


@pytest.mark.parametrize(
    "status,published_at",
    [
        (models.ReportStatus.DRAFT, None),
        (models.ReportStatus.PUBLISHED, timezone.now() + datetime.timedelta(days=2)),
    ],
)
def test_unpublished_report_is_404_for_the_public(client, status, published_at):
    report = ReportFactory(status=status, published_at=published_at, headline="Bài chưa đăng")
    response = client.get(report.get_absolute_url())
    assert response.status_code == 404
    assertNotContains(response, "Bài chưa đăng", status_code=404)
    for url in [
        "/",
        "/tin-tuc/",
        "/tin-tuc/?q=chua+dang",
        "/tin-tuc/rss/",
        "/sitemap.xml",
        report.meeting.organisation.get_absolute_url(),
    ]:
        assertNotContains(client.get(url), "Bài chưa đăng")


def grant_change_report(user, organisation=None):
    """The right to change reports, given to a viewer account (a role without it)."""
    user.groups.add(Group.objects.get(name=VIEWER_ROLE))
    user.user_permissions.add(Permission.objects.get(codename="change_report"))
    if organisation is not None:
        user.organisations.add(organisation)


def test_staff_with_rights_previews_a_draft_never_cached(client):
    report = ReportFactory(status=models.ReportStatus.DRAFT, published_at=None)
    user = UserFactory()
    grant_change_report(user, report.meeting.organisation)
    client.force_login(user)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    assertContains(response, "Bản nháp")
    assertContains(response, '<meta name="robots" content="noindex, nofollow">', html=True)
    cache_control = response["Cache-Control"]
    assert (
        "no-cache" in cache_control and "no-store" in cache_control and "private" in cache_control
    )


def test_preview_refused_without_permission_or_outside_scope(client):
    report = ReportFactory(status=models.ReportStatus.DRAFT, published_at=None)
    no_permission = user_with_role(VIEWER_ROLE, report.meeting.organisation)
    client.force_login(no_permission)
    assert client.get(report.get_absolute_url()).status_code == 404
    other_scope = UserFactory()
    grant_change_report(other_scope, OrganisationFactory())
    client.force_login(other_scope)
    assert client.get(report.get_absolute_url()).status_code == 404


def test_published_article_is_not_marked_as_draft(client):
    report = ReportFactory()
    response = client.get(report.get_absolute_url())
    assertNotContains(response, "Bản nháp")
    assert "no-store" not in response.get("Cache-Control", "")


# --- Lists, filters and pages ---------------------------------------------------------------


def test_home_shows_latest_reports_organisations_and_archives(client, sample):
    response = client.get("/")
    assertContains(response, sample.headline)
    assertContains(response, "Chi bộ")
    assertContains(response, 'href="/tin-tuc/?nam=2021"')
    assertContains(response, sample.meeting.organisation.name)


def test_list_is_paginated_by_twenty_newest_first(client):
    organisation = OrganisationFactory()
    now = timezone.now()
    for n in range(25):
        ReportFactory(
            meeting=MeetingFactory(organisation=organisation),
            headline=f"Tin số {n:02d}",
            published_at=now - datetime.timedelta(hours=n + 1),
        )
    first = text_of(client.get("/tin-tuc/"))
    assert first.count('<article class="news-card') == 20
    assert first.index("Tin số 00") < first.index("Tin số 01")
    second = client.get("/tin-tuc/?page=2")
    assert text_of(second).count('<article class="news-card') == 5
    for bad in ["abc", "-1", "999999", "0"]:
        assert client.get(f"/tin-tuc/?page={bad}").status_code == 200


def test_filters_by_organisation_with_cells_year_and_kind(client):
    committee = OrganisationFactory(name="Đảng bộ Lọc")
    cell = CellFactory(parent=committee, name="Chi bộ Lọc")
    other = OrganisationFactory(name="Đảng bộ Khác")
    in_committee = ReportFactory(
        meeting=MeetingFactory(organisation=committee), headline="Tin đảng bộ lọc"
    )
    in_cell = ReportFactory(
        meeting=MeetingFactory(organisation=cell, date=datetime.date(2022, 3, 3)),
        headline="Tin chi bộ lọc",
    )
    elsewhere = ReportFactory(meeting=MeetingFactory(organisation=other), headline="Tin nơi khác")
    models.MeetingKindTag.objects.create(meeting=in_cell.meeting, kind=models.MeetingKind.THEMATIC)

    response = client.get(f"/tin-tuc/?to_chuc={committee.slug}")
    assertContains(response, in_committee.headline)
    assertContains(response, in_cell.headline)
    assertNotContains(response, elsewhere.headline)

    response = client.get("/tin-tuc/?nam=2022")
    assertContains(response, in_cell.headline)
    assertNotContains(response, in_committee.headline)

    response = client.get("/tin-tuc/?loai=thematic")
    assertContains(response, in_cell.headline)
    assertNotContains(response, elsewhere.headline)

    # Unknown filter values are ignored, never an error.
    response = client.get("/tin-tuc/?to_chuc=khong-co&nam=abc&loai=xyz&q=" + "a" * 10_000)
    assert response.status_code == 200
    # Controls are labelled.
    for field in ["id_q", "id_to_chuc", "id_nam", "id_loai"]:
        assertContains(response, f'for="{field}"')


def test_organisation_page_shows_parent_cells_and_reports(client, sample):
    committee = sample.meeting.organisation
    response = client.get(committee.get_absolute_url())
    assert response.status_code == 200
    assertContains(response, committee.parent.name)
    for cell in committee.children.all():
        assertContains(response, cell.name)
    assertContains(response, sample.headline)
    assertContains(response, f'href="/to-chuc/{committee.slug}/chi-tieu/2021/"')
    assertContains(response, f'href="/to-chuc/{committee.slug}/rss/"')
    assert client.get("/to-chuc/khong-ton-tai/").status_code == 404


def test_targets_page_with_tally(client, sample):
    committee = sample.meeting.organisation
    response = client.get(f"/to-chuc/{committee.slug}/chi-tieu/2021/")
    assert response.status_code == 200
    html = text_of(response)
    tally = re.findall(r'<span class="tally-number">(\d+)</span>', html)
    assert tally == ["6", "1", "0", "0"]
    assert html.count('<td class="targets-assessment"') == 7
    assertContains(
        client.get(f"/to-chuc/{committee.slug}/chi-tieu/2022/"), "Chưa đánh giá", count=9 + 1
    )
    assert client.get(f"/to-chuc/{committee.slug}/chi-tieu/1990/").status_code == 404


def test_targets_grouped_under_their_headings(client):
    organisation = OrganisationFactory()
    meeting = ReportFactory(meeting=MeetingFactory(organisation=organisation)).meeting
    for order, group, title in [
        (1, "Công tác xây dựng Đảng", "Một"),
        (2, "Công tác xây dựng Đảng", "Hai"),
        (3, "Nhiệm vụ chính trị", "Ba"),
    ]:
        TargetFactory(
            organisation=organisation,
            year=2023,
            order=order,
            group=group,
            title=title,
            adopted_at=meeting,
        )
    html = text_of(client.get(f"/to-chuc/{organisation.slug}/chi-tieu/2023/"))
    assert html.count('scope="colgroup"') == 2
    assert (
        html.index("Công tác xây dựng Đảng")
        < html.index(">Hai<")
        < html.index("Nhiệm vụ chính trị")
    )


def test_targets_page_shows_only_targets_of_published_reports(client):
    """The review's case: the targets page listed the targets of an organisation that had
    published nothing. Only targets adopted or reviewed at a meeting whose report is public
    are listed; a draft or a report scheduled for later does not count."""
    organisation = OrganisationFactory()
    url = f"/to-chuc/{organisation.slug}/chi-tieu/2023/"
    TargetFactory(organisation=organisation, year=2023, title="Chỉ tiêu chưa công bố")
    draft = ReportFactory(
        meeting=MeetingFactory(organisation=organisation),
        status=models.ReportStatus.DRAFT,
        published_at=None,
    )
    TargetFactory(
        organisation=organisation,
        year=2023,
        title="Chỉ tiêu của bản nháp",
        adopted_at=draft.meeting,
    )
    later = ReportFactory(
        meeting=MeetingFactory(organisation=organisation),
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    TargetFactory(
        organisation=organisation, year=2023, title="Chỉ tiêu hẹn giờ", reviewed_at=later.meeting
    )
    assert client.get(url).status_code == 404
    assertNotContains(client.get(f"/to-chuc/{organisation.slug}/"), "/chi-tieu/2023/")

    published = ReportFactory(meeting=MeetingFactory(organisation=organisation))
    TargetFactory(
        organisation=organisation,
        year=2023,
        title="Chỉ tiêu đã công bố",
        reviewed_at=published.meeting,
    )
    html = text_of(client.get(url))
    assert "Chỉ tiêu đã công bố" in html
    for internal in ("Chỉ tiêu chưa công bố", "Chỉ tiêu của bản nháp", "Chỉ tiêu hẹn giờ"):
        assert internal not in html
    assertContains(client.get(f"/to-chuc/{organisation.slug}/"), "/chi-tieu/2023/")


def test_previous_and_next_articles(client):
    organisation = OrganisationFactory()
    now = timezone.now()
    older, middle, newer = (
        ReportFactory(
            meeting=MeetingFactory(organisation=organisation),
            headline=h,
            published_at=now - datetime.timedelta(days=d),
        )
        for h, d in [("Tin cũ", 3), ("Tin giữa", 2), ("Tin mới", 1)]
    )
    response = client.get(middle.get_absolute_url())
    assertContains(response, f'rel="prev" href="{older.get_absolute_url()}"')
    assertContains(response, f'rel="next" href="{newer.get_absolute_url()}"')


def test_the_article_neighbours_kept_in_the_cache_follow_changes(client, settings):
    """Previous/next, the organisation's others and the meeting's kinds are kept with the
    related articles (selectors/related.py): a publication, a headline or a kind changed shows
    on the next rendering (page cache off)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    organisation = OrganisationFactory()
    now = timezone.now()
    older = ReportFactory(
        meeting=MeetingFactory(organisation=organisation),
        headline="Tin cũ",
        published_at=now - datetime.timedelta(days=2),
    )
    report = ReportFactory(
        meeting=MeetingFactory(organisation=organisation),
        published_at=now - datetime.timedelta(days=1),
    )
    response = client.get(report.get_absolute_url())
    assertContains(response, f'rel="prev" href="{older.get_absolute_url()}"')
    assertNotContains(response, 'rel="next"')
    assertNotContains(response, "Loại sinh hoạt")
    newer = ReportFactory(meeting=MeetingFactory(organisation=organisation), headline="Tin mới")
    older.headline = "Tin cũ đã sửa"
    older.save()
    models.MeetingKindTag.objects.create(meeting=report.meeting, kind=models.MeetingKind.MONTHLY)
    response = client.get(report.get_absolute_url())
    assertContains(response, f'rel="next" href="{newer.get_absolute_url()}"')
    assertContains(response, "Tin cũ đã sửa</a>")
    assertNotContains(response, "Tin cũ</a>")
    assertContains(response, "Loại sinh hoạt")


# --- Sharing and markup ---------------------------------------------------------------------


def test_article_sharing_tags_and_json_ld(client, sample):
    response = client.get(sample.get_absolute_url())
    html = text_of(response)
    url = f"http://testserver{sample.get_absolute_url()}"
    assertContains(response, f'<link rel="canonical" href="{url}">', html=True)
    assertContains(response, '<html lang="vi">')
    assertContains(response, f"<title>{sample.headline} | ")
    assertContains(response, '<meta property="og:type" content="article">', html=True)
    assertContains(response, '<meta name="twitter:card" content="summary_large_image">', html=True)
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image.startswith("http://testserver/media/renditions/") and og_image.endswith(".jpg")
    assertContains(response, 'type="application/rss+xml"', count=2)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == sample.headline
    assert data["author"]["name"] == "Mai Quang Khả"
    assert data["datePublished"].startswith("2021-12-31T17:30:00")
    assert data["image"][0] == og_image
    assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_text_is_escaped_everywhere(client):
    payload = '<script>alert("x")</script>'
    report = build_report(headline=f"Tin {payload}", lead=f"Mở đầu {payload}")
    models.ReportBlock.objects.filter(report=report, type="paragraph").update(text=payload)
    report.refresh_search_document()
    for url in [
        report.get_absolute_url(),
        "/",
        "/tin-tuc/",
        "/tin-tuc/?q=tin+script",
        "/tin-tuc/rss/",
    ]:
        response = client.get(url)
        assertNotContains(response, payload)
    html = text_of(client.get(report.get_absolute_url()))
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script" not in ld and json.loads(ld)["headline"].endswith(payload)


def test_custom_404_in_the_site_style(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assertContains(response, "Không tìm thấy trang", status_code=404)
    assertContains(response, 'class="site-header"', status_code=404)
    assertContains(response, 'role="search"', status_code=404)


def test_500_page_renders_without_a_request():
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "Đã có lỗi xảy ra" in html and 'lang="vi"' in html


# --- Queries stay fixed as data grows -------------------------------------------------------


def _count_queries(client, django_assert_max_num_queries, url, limit):
    """`limit` counts the savepoint and its release around each request (ATOMIC_REQUESTS)."""
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("scale", [1, 10])
def test_article_queries_do_not_grow(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks, scale
):
    # Committed: the body is stored with its report (branchapp/article_html.py).
    with django_capture_on_commit_callbacks(execute=True):
        report = build_report(
            blocks=3 * scale, photos=2 * scale, targets=4 * scale, awards=2 * scale
        )
        for _ in range(scale):
            build_report(report.meeting.organisation, blocks=1, photos=0, targets=0, awards=0)
    # 2 for the savepoint, one for the report with its views, one for its meeting's kinds,
    # one for the previous and next articles, one for the organisation's others, those of the
    # related articles (selectors/related.py: here one of ids and one of the reports), and
    # one for the most-read list (selectors/readership.py). None for the body and its facts:
    # stored (23 when they were read at each request).
    url = report.get_absolute_url()
    response = _count_queries(client, django_assert_max_num_queries, url, 9)
    assert text_of(response).count("<figure") == 2 * scale
    # Then the savepoint and the report only: the rest is kept in the cache.
    response = _count_queries(client, django_assert_max_num_queries, url, 3)
    assert text_of(response).count("<figure") == 2 * scale


@pytest.mark.parametrize("scale", [1, 10])
def test_list_pages_queries_do_not_grow(client, django_assert_max_num_queries, scale):
    committee = OrganisationFactory()
    cell = CellFactory(parent=committee)
    reports = [
        build_report(committee if n % 2 else cell, blocks=2, photos=2, targets=0, awards=0)
        for n in range(2 * scale)
    ]
    TargetFactory.create_batch(
        3 * scale, organisation=committee, year=2021, reviewed_at=reports[1].meeting
    )
    for url, limit in [
        ("/", 10),  # + the featured choice, the blocks, the most-read (selectors/home.py)
        ("/tin-tuc/", 9),
        (f"/tin-tuc/?to_chuc={committee.slug}&nam=2021&loai=monthly", 10),
        ("/tin-tuc/?q=doan+van", 11),
        # 8, and five for the profile (cells, members, officers, targets, awards, congresses
        # of the organisation: tests/test_organisation_profile.py).
        (committee.get_absolute_url(), 13),
        (f"/to-chuc/{committee.slug}/chi-tieu/2021/", 5),
        ("/tin-tuc/rss/", 6),
        (f"/to-chuc/{committee.slug}/rss/", 7),
        ("/sitemap.xml", 6),
    ]:
        _count_queries(client, django_assert_max_num_queries, url, limit)


def test_filter_drills_down_from_the_top_committees_in_a_large_province(client, monkeypatch):
    """Beyond ALL_ORGANISATIONS_LIMIT organisations, the filter does not list every one."""
    from branchapp.forms import public_filters as news_forms

    monkeypatch.setattr(news_forms, "ALL_ORGANISATIONS_LIMIT", 3)
    first = OrganisationFactory(name="Đảng bộ Một")
    second = OrganisationFactory(name="Đảng bộ Hai")
    first_cell = CellFactory(parent=first, name="Chi bộ Một A")
    second_cell = CellFactory(parent=second, name="Chi bộ Hai A")
    in_cell = ReportFactory(meeting=MeetingFactory(organisation=second_cell), headline="Tin Hai A")
    ReportFactory(meeting=MeetingFactory(organisation=first_cell), headline="Tin Một A")

    response = client.get("/tin-tuc/")
    select = re.search(r'<select name="to_chuc".*?</select>', text_of(response), re.S).group(0)
    assert first.name in select and second.name in select
    assert first_cell.name not in select and second_cell.name not in select

    # Choosing a committee offers its cells; a cell's address still filters and stays selected.
    response = client.get(f"/tin-tuc/?to_chuc={second.slug}")
    select = re.search(r'<select name="to_chuc".*?</select>', text_of(response), re.S).group(0)
    assert second_cell.name in select and first_cell.name not in select
    response = client.get(f"/tin-tuc/?to_chuc={second_cell.slug}")
    select = re.search(r'<select name="to_chuc".*?</select>', text_of(response), re.S).group(0)
    assert second.name in select and first.name in select and first_cell.name not in select
    assertContains(response, in_cell.headline)
    assertNotContains(response, "Tin Một A")
    assertContains(response, f'<option value="{second_cell.slug}" selected>— {second_cell.name}')


def test_filter_select_lists_every_organisation_indented_when_few(client):
    committee = OrganisationFactory(name="Đảng bộ Nhỏ")
    cell = CellFactory(parent=committee, name="Chi bộ & Nhỏ")
    response = client.get(f"/tin-tuc/?to_chuc={cell.slug}")
    assertContains(response, f'<option value="{committee.slug}">Đảng bộ Nhỏ</option>', html=True)
    assertContains(response, f'<option value="{cell.slug}" selected>— Chi bộ &amp; Nhỏ</option>')


def test_home_tree_shows_the_first_cells_and_links_to_all(client, monkeypatch):
    from branchapp.selectors import news as news_service

    monkeypatch.setattr(news_service, "TREE_CELLS", 2)
    committee = OrganisationFactory(name="Đảng bộ Đông")
    cells = [CellFactory(parent=committee, name=f"Chi bộ Đông {n}", order=n) for n in range(4)]
    ReportFactory(meeting=MeetingFactory(organisation=committee))
    response = client.get("/")
    assertContains(response, cells[0].name)
    assertContains(response, cells[1].name)
    assertNotContains(response, cells[2].name)
    assertContains(response, f'<a href="{committee.get_absolute_url()}">Xem tất cả 4 tổ chức</a>')
    # The organisation page lists every cell.
    response = client.get(committee.get_absolute_url())
    for cell in cells:
        assertContains(response, cell.name)


def test_home_tree_follows_organisation_changes_and_days(client):
    from branchapp.selectors import news as news_service

    committee = OrganisationFactory(name="Đảng bộ Tây")
    cell = CellFactory(parent=committee, name="Chi bộ Tây 1")
    ReportFactory(meeting=MeetingFactory(organisation=committee))
    assertContains(client.get("/"), "Chi bộ Tây 1")
    cell.name = "Chi bộ Tây Một"
    cell.save()
    response = client.get("/")
    assertContains(response, "Chi bộ Tây Một")
    assertNotContains(response, "Chi bộ Tây 1")
    # A cell dissolved today is gone from tomorrow's tree (the tree is kept per day).
    today = timezone.localdate()
    models.Organisation.objects.filter(pk=cell.pk).update(valid_to=today)
    cells = lambda day: [  # noqa: E731
        c.name for root in news_service.organisation_tree(day) for c in root.cells
    ]
    assert "Chi bộ Tây Một" in cells(today)
    assert "Chi bộ Tây Một" not in cells(today + datetime.timedelta(days=1))


def test_list_count_and_years_follow_new_reports(client):
    organisation = OrganisationFactory()
    ReportFactory(meeting=MeetingFactory(organisation=organisation, date=datetime.date(2021, 5, 5)))
    response = client.get(f"/tin-tuc/?to_chuc={organisation.slug}")
    assertContains(response, "1 tin bài.")
    assertNotContains(response, 'href="/tin-tuc/?nam=2019"')
    ReportFactory(meeting=MeetingFactory(organisation=organisation, date=datetime.date(2019, 5, 5)))
    response = client.get(f"/tin-tuc/?to_chuc={organisation.slug}")
    assertContains(response, "2 tin bài.")
    assertContains(client.get("/"), 'href="/tin-tuc/?nam=2019"')


def test_previous_and_next_articles_with_equal_publication_times(client):
    at = timezone.now() - datetime.timedelta(days=1)
    reports = [ReportFactory(headline=f"Cùng giờ {n}", published_at=at) for n in range(3)]
    earlier = ReportFactory(headline="Sớm hơn", published_at=at - datetime.timedelta(hours=1))
    middle = reports[1]
    response = client.get(middle.get_absolute_url())
    html = text_of(response)
    assert re.search(rf'rel="prev" href="{reports[0].get_absolute_url()}"', html)
    assert re.search(rf'rel="next" href="{reports[2].get_absolute_url()}"', html)
    response = client.get(reports[0].get_absolute_url())
    assert re.search(rf'rel="prev" href="{earlier.get_absolute_url()}"', text_of(response))
