"""RSS feeds, the sitemap and robots.txt list published reports only."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import clear_url_caches
from django.utils import timezone

from branchapp import models
from branchapp.sample import load_sample

from .factories import CellFactory, MeetingFactory, OrganisationFactory, ReportFactory

pytestmark = pytest.mark.django_db


def rss_titles(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def test_site_feed_lists_published_reports_newest_first(client):
    now = timezone.now()
    ReportFactory(headline="Tin hôm kia", published_at=now - datetime.timedelta(days=2))
    ReportFactory(headline="Tin hôm qua", published_at=now - datetime.timedelta(days=1))
    ReportFactory(headline="Tin nháp", status=models.ReportStatus.DRAFT, published_at=None)
    ReportFactory(headline="Tin hẹn giờ", published_at=now + datetime.timedelta(days=1))
    response = client.get("/tin-tuc/rss/")
    assert rss_titles(response) == ["Tin hôm qua", "Tin hôm kia"]
    root = ET.fromstring(response.content)
    assert root.find("channel/language").text == "vi"
    link = root.find("channel/item/link").text
    assert link.startswith("http://testserver/tin-tuc/")


def test_sample_item_has_lead_author_and_category(client):
    load_sample()
    root = ET.fromstring(client.get("/tin-tuc/rss/").content)
    item = root.find("channel/item")
    assert item.findtext("description").startswith("Buổi chiều ngày 31 tháng 12 năm 2021")
    assert item.findtext("category") == "Tin tức - Sự kiện"
    assert "Mai Quang Khả" in (
        item.findtext("author") or item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    )


def test_organisation_feed_covers_its_cells_only(client):
    committee = OrganisationFactory()
    cell = CellFactory(parent=committee)
    ReportFactory(meeting=MeetingFactory(organisation=committee), headline="Tin đảng bộ")
    ReportFactory(meeting=MeetingFactory(organisation=cell), headline="Tin chi bộ")
    ReportFactory(
        meeting=MeetingFactory(organisation=OrganisationFactory()), headline="Tin nơi khác"
    )
    titles = rss_titles(client.get(f"/to-chuc/{committee.slug}/rss/"))
    assert sorted(titles) == ["Tin chi bộ", "Tin đảng bộ"]
    assert rss_titles(client.get(f"/to-chuc/{cell.slug}/rss/")) == ["Tin chi bộ"]
    assert client.get("/to-chuc/khong-co/rss/").status_code == 404


def test_feeds_are_announced_on_pages(client):
    committee = OrganisationFactory()
    home = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml"' in home
        and 'href="/tin-tuc/rss/"' in home
    )
    page = client.get(committee.get_absolute_url()).content.decode()
    assert f'href="/to-chuc/{committee.slug}/rss/"' in page


def test_sitemap_lists_published_reports_and_organisations(client):
    published = ReportFactory(headline="Tin đã đăng")
    draft = ReportFactory(headline="Tin nháp", status=models.ReportStatus.DRAFT, published_at=None)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", ns)]
    assert f"http://testserver{published.get_absolute_url()}" in locations
    assert f"http://testserver{draft.get_absolute_url()}" not in locations
    assert f"http://testserver{published.meeting.organisation.get_absolute_url()}" in locations
    assert "http://testserver/" in locations and "http://testserver/tin-tuc/" in locations


def test_robots_txt_points_to_the_sitemap_and_hides_staff_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /workspace/" in text


@pytest.mark.parametrize("admin_url", ["admin/", "quan-tri-7f3a/"])
def test_robots_txt_never_names_the_admin_address(client, settings, admin_url):
    """DJANGO_ADMIN_URL is kept secret; robots.txt is read by anyone (the admin's pages say
    "noindex" themselves)."""
    settings.ADMIN_URL = admin_url
    import importlib

    import config.urls

    clear_url_caches()
    importlib.reload(config.urls)
    try:
        text = client.get("/robots.txt").content.decode()
        assert admin_url.strip("/") not in text
        login = client.get(f"/{admin_url}login/").content.decode()
        assert '<meta name="robots" content="NONE,NOARCHIVE">' in login
    finally:
        settings.ADMIN_URL = "admin/"
        clear_url_caches()
        importlib.reload(config.urls)


def test_a_feed_is_sent_in_one_piece(client):
    """The WSGI server writes each chunk of a response with its own system call."""
    for number in range(3):
        ReportFactory(headline=f"Tin số {number}")
    response = client.get("/tin-tuc/rss/")
    assert len(response._container) == 1
    assert response.content.count(b"<item>") == 3
