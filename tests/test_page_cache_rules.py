"""The page cache's invalidation: each change moves the pages that show it, and only them."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branchapp import models
from branchapp import page_dependencies as tags
from branchapp.page_invalidation import invalidate_everything
from tests.factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    PhotoFactory,
    ReportFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def from_cache(client, url) -> bool:
    """Whether the page comes from the page cache (no database query at all)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return not [q for q in captured if "SAVEPOINT" not in q["sql"]]


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert from_cache(client, url), url


@pytest.fixture
def site():
    """A committee with two cells, each with a published article (same section)."""
    committee = OrganisationFactory(name="Đảng bộ Phường Một")
    cell, other_cell = CellFactory(parent=committee), CellFactory(parent=committee)
    section = models.Category.objects.create(name="Sinh hoạt chi bộ")
    article = ReportFactory(
        headline="Chi bộ Một sinh hoạt chuyên đề",
        meeting=MeetingFactory(organisation=cell),
        category=section,
    )
    neighbour = ReportFactory(
        headline="Chi bộ Hai kết nạp đảng viên",
        meeting=MeetingFactory(organisation=other_cell),
        category=section,
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    return committee, cell, other_cell, article, neighbour


def pages(site) -> dict[str, str]:
    committee, cell, other_cell, article, neighbour = site
    return {
        "home": reverse("news:home"),
        "list": reverse("news:list"),
        "feed": reverse("news:feed"),
        "article": article.get_absolute_url(),
        "neighbour": neighbour.get_absolute_url(),
        "cell": cell.get_absolute_url(),
        "other cell": other_cell.get_absolute_url(),
        "committee": committee.get_absolute_url(),
    }


def still_cached(client, urls: dict[str, str]) -> set[str]:
    return {name for name, url in urls.items() if from_cache(client, url)}


def test_a_hit_runs_no_query_and_no_view(client, site):
    url = site[3].get_absolute_url()
    warm(client, url)
    with mock.patch("branchapp.views.public.news.render", side_effect=AssertionError):
        response = client.get(url)
    assert response.status_code == 200
    assert "Chi bộ Một sinh hoạt chuyên đề" in response.content.decode()


def test_a_meeting_without_a_published_report_leaves_every_page_cached(client, site):
    urls = pages(site)
    warm(client, *urls.values())
    cell = site[1]
    meeting = MeetingFactory(organisation=cell, place="Hội trường")
    meeting.place = "Nhà văn hoá khu phố"
    meeting.conclusion = "Chi bộ thống nhất."
    meeting.save()
    draft = ReportFactory(meeting=meeting, status=models.ReportStatus.DRAFT, published_at=None)
    draft.headline = "Bản nháp sửa lại"
    draft.save()
    models.MeetingPerson.objects.create(
        meeting=meeting, name="Nguyễn Văn Chủtrì", role=models.ParticipantRole.CHAIR
    )
    PhotoFactory(report=draft)
    assert still_cached(client, urls) == set(urls)


def test_minutes_text_and_absentees_of_a_published_meeting_move_nothing(client, site):
    urls = pages(site)
    warm(client, *urls.values())
    meeting = site[3].meeting
    meeting.conclusion = "Nghị quyết của chi bộ về nhiệm vụ tháng tới."
    meeting.save()
    member = MemberFactory(organisation=site[1])
    absence = models.Attendance.objects.create(
        meeting=meeting,
        member=member,
        name=member.full_name,
        status=models.AttendanceStatus.EXCUSED,
        reason="Đi công tác",
    )
    absence.reason = "Ốm"
    absence.save()
    models.MeetingPerson.objects.create(
        meeting=meeting, name="Trần Thư Ký", role=models.ParticipantRole.MINUTE_TAKER
    )
    assert still_cached(client, urls) == set(urls)


def test_a_public_fact_moves_only_its_article(client, site):
    urls = pages(site)
    warm(client, *urls.values())
    meeting = site[3].meeting
    meeting.place = "Hội trường Ủy ban nhân dân phường"
    meeting.save()
    assert still_cached(client, urls) == set(urls) - {"article"}
    assert "Hội trường Ủy ban nhân dân phường" in client.get(urls["article"]).content.decode()


def test_another_organisations_publication_keeps_the_article_and_moves_the_lists(client, site):
    urls = pages(site)
    warm(client, *urls.values())
    ReportFactory(
        headline="Chi bộ Hai tổng kết năm",
        meeting=MeetingFactory(organisation=site[2]),
    )
    # The lists, the feed, and the pages of the cell and of the committee above it.
    assert still_cached(client, urls) == {"article", "cell"}
    for name in ("home", "list", "feed", "other cell", "committee"):
        assert "Chi bộ Hai tổng kết năm" in client.get(urls[name]).content.decode(), name


def list_pages(site, other_section) -> dict[str, str]:
    committee, cell, other_cell, article, _neighbour = site
    news = reverse("news:list")
    return {
        "section": article.category.get_absolute_url(),
        "other section": other_section.get_absolute_url(),
        "monthly": f"{news}?loai={models.MeetingKind.MONTHLY}",
        "congresses": f"{news}?loai={models.MeetingKind.CONGRESS}",
        "other cell's news": f"{news}?to_chuc={other_cell.slug}",
        "other cell's news of the year": f"{news}?to_chuc={other_cell.slug}&nam=2025",
        "committee's news": f"{news}?to_chuc={committee.slug}",
        "cell's news": f"{news}?to_chuc={cell.slug}",
        "search": f"{news}?q=chi+bo",
        "section feed": reverse("news:category-feed", args=[article.category.slug]),
        "congress feed": reverse("news:kind-feed", args=[models.MeetingKind.CONGRESS]),
    }


def test_a_publication_moves_the_lists_that_may_show_it_and_no_other(client, site):
    other_section = models.Category.objects.create(name="Xây dựng Đảng")
    urls = list_pages(site, other_section)
    warm(client, *urls.values())
    meeting = MeetingFactory(organisation=site[2], date=datetime.date(2025, 10, 5))
    models.MeetingKindTag.objects.create(meeting=meeting, kind=models.MeetingKind.MONTHLY)
    ReportFactory(
        headline="Chi bộ Hai sinh hoạt tháng Mười", meeting=meeting, category=site[3].category
    )
    # A list narrowed to another section, kind or organisation stays as it is.
    assert still_cached(client, urls) == {
        "other section",
        "congresses",
        "cell's news",
        "congress feed",
    }
    for name in set(urls) - still_cached(client, urls):
        assert "Chi bộ Hai sinh hoạt tháng Mười" in client.get(urls[name]).content.decode(), name


def test_a_report_moved_to_another_section_leaves_one_list_for_the_other(client, site):
    other_section = models.Category.objects.create(name="Xây dựng Đảng")
    urls = list_pages(site, other_section)
    warm(client, urls["section"], urls["other section"])
    article = site[3]
    article.category = other_section
    article.save()
    assert article.headline not in client.get(urls["section"]).content.decode()
    assert article.headline in client.get(urls["other section"]).content.decode()


def test_a_new_kind_of_a_published_meeting_moves_the_lists_of_that_kind(client, site):
    other_section = models.Category.objects.create(name="Xây dựng Đảng")
    urls = list_pages(site, other_section)
    warm(client, urls["congresses"], urls["congress feed"], urls["other section"])
    models.MeetingKindTag.objects.create(meeting=site[3].meeting, kind=models.MeetingKind.CONGRESS)
    assert still_cached(client, {k: urls[k] for k in ("congresses", "other section")}) == {
        "other section"
    }
    assert site[3].headline in client.get(urls["congresses"]).content.decode()


def test_unpublishing_removes_the_article_and_its_card_at_once(client, site):
    urls = pages(site)
    warm(client, *urls.values())
    assert "Chi bộ Hai kết nạp đảng viên" in client.get(urls["article"]).content.decode()
    neighbour = site[4]
    neighbour.status = models.ReportStatus.DRAFT
    neighbour.save()
    assert client.get(urls["neighbour"]).status_code == 404
    for name in ("article", "home", "list", "other cell", "committee"):
        assert "Chi bộ Hai kết nạp đảng viên" not in client.get(urls[name]).content.decode(), name


def test_a_new_headline_reaches_the_articles_that_link_to_it(client, site):
    urls = pages(site)
    warm(client, *urls.values())
    neighbour = site[4]
    neighbour.headline = "Chi bộ Hai kết nạp hai đảng viên mới"
    neighbour.save()
    assert "Chi bộ Hai kết nạp hai đảng viên mới" in client.get(urls["article"]).content.decode()


def test_a_scheduled_report_moves_the_lists_when_it_goes_public(client, site):
    url = reverse("news:list")
    scheduled = ReportFactory(
        headline="Bài hẹn giờ của chi bộ",
        meeting=MeetingFactory(organisation=site[1]),
        published_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    warm(client, url)
    assert "Bài hẹn giờ của chi bộ" not in client.get(url).content.decode()
    later = timezone.now() + datetime.timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with mock.patch("time.time", return_value=later.timestamp()):
            assert "Bài hẹn giờ của chi bộ" in client.get(url).content.decode()
            assert client.get(scheduled.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("visitor", ["logged in", "page cache off"])
def test_a_scheduled_report_goes_public_for_pages_not_from_the_cache(
    client, site, settings, django_user_model, visitor
):
    if visitor == "logged in":
        client.force_login(django_user_model.objects.create_user("bientap", password="x"))
    else:
        settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = f"{reverse('news:list')}?to_chuc={site[0].slug}"  # the committee's: both cells'
    ReportFactory(
        headline="Bài hẹn giờ của chi bộ",
        meeting=MeetingFactory(organisation=site[1]),
        published_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    assert "2 tin bài." in client.get(url).content.decode()  # the count is kept in the cache
    later = timezone.now() + datetime.timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with mock.patch("time.time", return_value=later.timestamp()):
            page = client.get(url).content.decode()
    assert "Bài hẹn giờ của chi bộ" in page
    assert "3 tin bài." in page


def test_the_content_signal_is_sent_once_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(organisation=CellFactory())
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    tags.public_content_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = ReportFactory(meeting=meeting)
            PhotoFactory(report=report)
            assert received == []  # not before the commit
        assert len(received) == 1
        assert received[0]["reports"] == {report.pk}
        assert received[0]["organisations"] == {report.meeting.organisation_id}
        assert received[0]["everything"] is False
        received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            invalidate_everything()
        assert received[0]["everything"] is True
    finally:
        tags.public_content_changed.disconnect(receiver)


# --- The rules, one by one: the tags a change moves ---


@pytest.fixture
def moved(monkeypatch):
    """The tags moved by the changes made after it is called."""
    found: set[str] = set()
    original = tags.move

    def record(changed, **kwargs):
        found.update(changed)
        if kwargs.get("everything"):
            found.add(tags.LAYOUT)
        return original(changed, **kwargs)

    monkeypatch.setattr(tags, "move", record)
    return found


@pytest.fixture
def published():
    cell = CellFactory()
    return ReportFactory(meeting=MeetingFactory(organisation=cell))


def publication(report) -> set[str]:
    organisation = report.meeting.organisation
    kinds = report.meeting.kinds.values_list("kind", flat=True)
    return {
        tags.report(report.pk),
        tags.card(report.pk),
        tags.LISTS,
        *([tags.section_news(report.category_id)] if report.category_id else []),
        *(tags.kind_news(kind) for kind in kinds),
        tags.organisation_news(organisation.pk),
        tags.organisation_news(organisation.parent_id),
        tags.organisation(organisation.pk),
    }


def test_rule_report_card_fields(published, moved):
    published.lead = "Sapo mới"
    published.save()
    assert moved == publication(published)


def test_rule_report_other_public_fields(published, moved):
    published.author_name = "Phóng viên"
    published.save()
    assert moved == {tags.report(published.pk)}


def test_rule_report_saved_unchanged_moves_nothing(published, moved):
    published.save()
    assert moved == set()


def test_rule_draft_moves_nothing(published, moved):
    meeting = MeetingFactory(organisation=published.meeting.organisation)
    draft = ReportFactory(meeting=meeting, status=models.ReportStatus.DRAFT, published_at=None)
    draft.lead = "Sửa bản nháp"
    draft.save()
    models.ReportBlock.objects.create(report=draft, type=models.BlockType.PARAGRAPH, text="x")
    assert moved == set()


def test_rule_report_deleted(published, moved):
    expected = publication(published)
    published.meeting.delete()
    assert moved == expected


def test_rule_photo_is_a_card_change(published, moved):
    PhotoFactory(report=published)
    assert moved == publication(published)


def test_rule_block_document_tally_move_the_article(published, moved):
    models.ReportBlock.objects.create(report=published, type=models.BlockType.PARAGRAPH, text="x")
    models.Document.objects.create(meeting=published.meeting, title="Nghị quyết số 1")
    assert moved == {tags.report(published.pk)}


def test_rule_award_and_kind_move_the_profile_too(published, moved):
    organisation_id = published.meeting.organisation_id
    models.Award.objects.create(
        form="Giấy khen",
        recipient_name="Chi bộ",
        meeting=published.meeting,
        organisation_id=organisation_id,
    )
    assert moved == {tags.report(published.pk), tags.organisation(organisation_id)}
    moved.clear()
    models.MeetingKindTag.objects.create(meeting=published.meeting, kind="congress")
    assert moved == {
        tags.report(published.pk),
        tags.organisation(organisation_id),
        tags.LISTS,
        tags.kind_news("congress"),
    }


def test_rule_target_of_a_published_meeting(published, moved):
    organisation = published.meeting.organisation
    TargetFactory(organisation=organisation, adopted_at=published.meeting)
    assert moved == {tags.report(published.pk), tags.organisation(organisation.pk)}
    moved.clear()
    TargetFactory(organisation=organisation, adopted_at=MeetingFactory(organisation=organisation))
    assert moved == set()  # a meeting without a published report


def test_rule_meeting_fields(published, moved):
    meeting = published.meeting
    meeting.conclusion = "Kết luận"
    meeting.save()
    assert moved == set()
    meeting.theme = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    meeting.save()
    assert moved == {tags.report(published.pk)}
    moved.clear()
    meeting.date = datetime.date(2022, 1, 5)
    meeting.save()
    assert moved == publication(published)


def test_rule_people_at_a_meeting(published, moved):
    person = models.MeetingPerson.objects.create(
        meeting=published.meeting, name="Lê Văn Thưký", role=models.ParticipantRole.MINUTE_TAKER
    )
    assert moved == set()
    person.role = models.ParticipantRole.CHAIR
    person.save()
    assert moved == {tags.report(published.pk)}


def test_rule_officers_organisations_sections_portal(published, moved):
    organisation = published.meeting.organisation
    member = MemberFactory(organisation=organisation)
    assert moved == set()
    models.Position.objects.create(member=member, organisation=organisation, title="secretary")
    assert moved == {tags.organisation(organisation.pk)}
    moved.clear()
    organisation.save()
    assert moved == set()  # nothing public changed
    organisation.name = "Chi bộ Khu phố 3"
    organisation.save()
    assert moved == {tags.LAYOUT}
    moved.clear()
    models.Category.objects.create(name="Xây dựng Đảng")
    assert moved == {tags.LAYOUT}
    moved.clear()
    models.PortalSettings.objects.update_or_create(pk=1, defaults={"featured_report": published})
    assert moved == {tags.LISTS}


def test_a_page_whose_tags_moved_while_it_rendered_is_not_stored():
    article = tags.report(1)
    during = tags.start_recording()
    tags.depends_on(article)
    tags.move({article})  # a save committed while the page was being rendered
    assert tags.versions_for_storing(tags.stop_recording(during)) is None
    after = tags.start_recording()
    tags.depends_on(article)
    recording = tags.stop_recording(after)
    stored = tags.versions_for_storing(recording)
    assert stored == tags.versions([article, tags.LAYOUT])  # every page shows the layout
    assert all(version < recording.started for version in stored.values())
