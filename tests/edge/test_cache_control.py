"""What the app tells shared caches (nginx's edge cache, deploy/nginx/) about its pages."""

import pytest
from django.urls import reverse

from tests.factories import ReportFactory, UserFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_public_pages_are_kept_by_shared_caches_for_the_edge_time(client, settings):
    settings.PUBLIC_EDGE_CACHE_SECONDS = 7
    report = ReportFactory()
    for url in (report.get_absolute_url(), reverse("news:home"), reverse("news:list")):
        response = client.get(url)
        assert response.status_code == 200
        # Browsers revalidate every time (a 304); nginx keeps the page 7 seconds.
        assert directives(response) == {"public", "max-age=0", "s-maxage=7", "must-revalidate"}


def test_a_revalidated_page_keeps_its_shared_lifetime(client, settings):
    """nginx revalidates an expired copy with If-None-Match: the 304 says how long to keep it,
    whether it comes from the page cache or is answered before the view renders."""
    report = ReportFactory()
    url = report.get_absolute_url()
    etag = client.get(url)["ETag"]
    for page_cache_seconds in (600, 0):
        settings.PUBLIC_PAGE_CACHE_SECONDS = page_cache_seconds
        response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 304
        assert "s-maxage=5" in directives(response)


def test_logged_in_pages_are_kept_by_no_shared_cache(client):
    report = ReportFactory()
    client.force_login(UserFactory())
    cache_control = directives(client.get(report.get_absolute_url()))
    assert "private" in cache_control and not any(d.startswith("s-maxage") for d in cache_control)
