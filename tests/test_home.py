"""The portal's home page: the featured article (an administrator's choice, else the newest
with a photo), the newest news, blocks per section and per organisation, the most-read list,
in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from branchapp import models
from branchapp.services.readership import report_views_flush

from .factories import (
    CellFactory,
    MeetingFactory,
    OrganisationFactory,
    PhotoFactory,
    ReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def report(organisation=None, *, hours_ago=1, photo=False, category=None, **kwargs):
    made = ReportFactory(
        meeting=MeetingFactory(organisation=organisation or OrganisationFactory()),
        published_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        category=category,
        **kwargs,
    )
    if photo:
        PhotoFactory(report=made)
    return made


def featured_of(html: str) -> str:
    start = html.index('class="featured-story"')
    return html[start : html.index("</article>", start)]


def home(client, **params) -> str:
    # A query string of its own for each call: pages rendered now, not the cached ones.
    home.calls = getattr(home, "calls", 0) + 1
    return client.get("/", {"lan": home.calls, **params}).content.decode()


def test_the_newest_article_with_a_photo_is_featured_by_default(client):
    report(headline="Bài có ảnh", hours_ago=3, photo=True)
    report(headline="Bài mới nhất không ảnh", hours_ago=1)
    html = home(client)
    assert "Bài có ảnh" in featured_of(html)
    # The newer one is still in the newest news.
    assert "Bài mới nhất không ảnh" in html[html.index("Tin mới") :]


def test_the_newest_is_featured_when_no_article_has_a_photo(client):
    report(headline="Bài cũ", hours_ago=5)
    report(headline="Bài mới", hours_ago=1)
    assert "Bài mới" in featured_of(home(client))


def test_an_article_with_a_photo_beyond_the_newest_is_still_found(client):
    report(headline="Bài ảnh cũ", hours_ago=100, photo=True)
    for n in range(15):
        report(headline=f"Tin số {n}", hours_ago=1 + n)
    assert "Bài ảnh cũ" in featured_of(home(client))


def test_an_administrator_chooses_the_featured_article_in_the_admin(client):
    chosen = report(headline="Bài được chọn nổi bật", hours_ago=200)
    report(headline="Bài mới có ảnh", hours_ago=1, photo=True)
    assert "Bài mới có ảnh" in featured_of(client.get("/").content.decode())

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    form = client.get("/admin/branchapp/portalsettings/1/change/")
    assert "Bài nổi bật trên trang chủ" in form.content.decode()
    assert "Để trống thì trang chủ hiển thị bài mới nhất có ảnh" in form.content.decode()
    response = client.post(
        "/admin/branchapp/portalsettings/1/change/", {"featured_report": chosen.pk}
    )
    assert response.status_code == 302
    client.logout()

    # The choice moves the public content on: the cached home page is dropped at once.
    html = client.get("/").content.decode()
    assert "Bài được chọn nổi bật" in featured_of(html)
    assert "Bài mới có ảnh" in html

    # Unpublished, it is no longer featured: the default comes back.
    chosen.status = models.ReportStatus.DRAFT
    chosen.save()
    html = client.get("/").content.decode()
    assert "Bài mới có ảnh" in featured_of(html)
    assert "Bài được chọn nổi bật" not in html


def test_only_administrators_choose_the_featured_article(client):
    from branchapp.scoping import SECRETARIAT_ROLE

    from .factories import user_with_role

    client.force_login(user_with_role(SECRETARIAT_ROLE, OrganisationFactory(), is_staff=True))
    assert client.get("/admin/branchapp/portalsettings/1/change/").status_code in (403, 404)
    assert client.post(
        "/admin/branchapp/portalsettings/1/change/", {"featured_report": report().pk}
    ).status_code in (403, 404)
    assert models.PortalSettings.objects.get().featured_report is None


def test_blocks_per_section_and_per_organisation_link_to_the_filtered_lists(client):
    news = models.Category.objects.create(name="Tin tức - Sự kiện")
    building = models.Category.objects.create(name="Xây dựng Đảng")
    committee = OrganisationFactory(name="Đảng bộ xã Tân Hòa")
    other = OrganisationFactory(name="Đảng bộ xã Phú Mỹ")
    cell = CellFactory(parent=committee, name="Chi bộ ấp Một")
    for n in range(6):
        report(cell, headline=f"Tin Tân Hòa {n}", hours_ago=10 + n, category=news)
    report(other, headline="Tin Phú Mỹ", hours_ago=30, category=building)
    html = home(client)

    sections = html[html.index("Theo chuyên mục") : html.index("Theo tổ chức đảng")]
    assert f'href="/tin-tuc/?chuyen_muc={news.slug}"' in sections
    assert f'href="/tin-tuc/?chuyen_muc={building.slug}"' in sections
    assert "Xem thêm" in sections
    # Four headlines a block, the newest first.
    assert sections.count("Tin Tân Hòa") == 4
    assert sections.index("Tin Tân Hòa 0") < sections.index("Tin Tân Hòa 3")
    assert "Tin Tân Hòa 4" not in sections

    organisations = html[html.index("Theo tổ chức đảng") :]
    # A cell's reports are in its committee's block.
    assert f'href="/tin-tuc/?to_chuc={committee.slug}"' in organisations
    assert f'href="/tin-tuc/?to_chuc={other.slug}"' in organisations
    assert "Tin Phú Mỹ" in organisations
    assert client.get(f"/tin-tuc/?to_chuc={committee.slug}").status_code == 200


def test_one_top_committee_has_blocks_for_the_organisations_under_it(client):
    district = OrganisationFactory(name="Đảng bộ huyện")
    first = CellFactory(parent=district, name="Đảng bộ xã Một")
    second = CellFactory(parent=district, name="Đảng bộ xã Hai")
    report(first, headline="Tin xã Một")
    report(second, headline="Tin xã Hai")
    organisations = home(client).split("Theo tổ chức đảng", 1)[1]
    assert f"?to_chuc={first.slug}" in organisations
    assert f"?to_chuc={second.slug}" in organisations


def test_the_home_page_shows_the_most_read(client):
    read = report(headline="Bài nhiều người đọc", hours_ago=50)
    report(headline="Bài khác")
    for n in range(3):
        client.post(
            f"/luot-xem/{read.pk}/",
            HTTP_USER_AGENT="Mozilla/5.0 Firefox/133.0",
            REMOTE_ADDR=f"10.0.0.{n}",
        )
    report_views_flush()
    html = home(client)
    assert "Bài nhiều người đọc" in html[html.index("Đọc nhiều nhất") :]


def _build(scale: int, first: int = 0):
    categories = [
        models.Category.objects.create(name=f"Chuyên mục {first + n}") for n in range(scale)
    ]
    for n in range(3 * scale):
        committee = OrganisationFactory()
        cell = CellFactory(parent=committee)
        for m in range(2):
            made = report(
                cell if m else committee,
                hours_ago=n * 3 + m + 1,
                photo=(n + m) % 3 == 0,
                category=categories[n % len(categories)],
            )
            models.ReportViewDay.objects.create(
                report=made, day=timezone.localdate(), views=n + m + 1
            )
    report_views_flush()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len([q for q in captured if "SAVEPOINT" not in q["sql"]])


def test_home_queries_do_not_grow_with_the_data(client):
    from django.core.cache import cache

    _build(1)
    cache.clear()  # nothing cached: every block read
    small = _queries(client, "/")
    _build(9, first=1)
    cache.clear()
    large = _queries(client, "/")
    assert small == large <= 12
    # An administrator's choice outside the newest costs a fixed query or two more.
    oldest = models.Report.objects.order_by("published_at").first()
    models.PortalSettings.objects.update_or_create(pk=1, defaults={"featured_report": oldest})
    cache.clear()
    assert _queries(client, "/") <= 14
    # Another address of the page (not in the page cache): the blocks come from the cache.
    assert _queries(client, "/?lai") <= 4
