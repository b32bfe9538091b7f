"""The workspace menu, the dashboard reminders' links, the new meeting prefilled from them, and
the site's name on the account pages (issue 16)."""

import datetime
import re
from html import unescape

import pytest
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from branchapp.forms.common import parse_month
from branchapp.models import MeetingKind
from branchapp.scoping import SECRETARIAT_ROLE, VIEWER_ROLE
from branchapp.views.workspace.navigation import default_year

from .factories import CellFactory, MemberFactory, OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    committee = OrganisationFactory(name="Đảng bộ Trường")
    cell = CellFactory(name="Chi bộ Đào tạo", parent=committee)
    return committee, cell


def test_default_year_is_last_year_in_january():
    assert default_year(datetime.date(2027, 1, 20)) == 2026
    assert default_year(datetime.date(2027, 2, 1)) == 2027


def test_parse_month():
    assert parse_month("2026-03") == datetime.date(2026, 3, 1)
    assert parse_month("") is None and parse_month(None) is None
    from django.core.exceptions import BadRequest

    for odd in ["2026-13", "2026-00", "²026-03", "2026-3", "0000-01", "2026-03-01", "x"]:
        with pytest.raises(BadRequest):
            parse_month(odd)


def test_menu_offers_year_end_screens_to_secretariat(client, tree):
    committee, cell = tree
    client.force_login(user_with_role(SECRETARIAT_ROLE, committee))
    response = client.get(reverse("workspace:dashboard"))
    assertContains(response, reverse("workspace:go"))
    for key in ["ratings", "statistics", "statistics_xlsx", "register_members", "targets_docx"]:
        assertContains(response, f'name="muc" value="{key}"')
    assertContains(response, f'<option value="{cell.pk}">Chi bộ Đào tạo</option>', html=True)
    assertContains(response, reverse("workspace:meeting_create"))
    # The menu's form leads to the screen.
    go = client.get(
        reverse("workspace:go"), {"to-chuc": cell.pk, "nam": "2025", "muc": "statistics"}
    )
    assert go.status_code == 302
    assert go["Location"] == reverse("yearend:statistics", args=[cell.pk, 2025])
    assert client.get(go["Location"]).status_code == 200


def test_menu_hides_what_a_viewer_may_not_open(client, tree):
    committee, cell = tree
    viewer = user_with_role(VIEWER_ROLE, committee)
    client.force_login(viewer)
    response = client.get(reverse("workspace:dashboard"))
    assertNotContains(response, reverse("workspace:meeting_create"))
    assertNotContains(response, 'value="member_import"')
    assertNotContains(response, 'value="register_discipline"')
    # Every screen the menu offers opens for the account.
    keys = re.findall(r'name="muc" value="([a-z_]+)"', response.content.decode())
    for key in keys:
        go = client.get(reverse("workspace:go"), {"to-chuc": cell.pk, "muc": key})
        assert go.status_code == 302, key
        assert client.get(go["Location"]).status_code == 200, key
    # A screen it may not open is no address of the menu.
    assert (
        client.get(
            reverse("workspace:go"), {"to-chuc": cell.pk, "muc": "member_import"}
        ).status_code
        == 404
    )


def test_menu_target_refuses_odd_input(client, tree):
    committee, cell = tree
    other = CellFactory()
    client.force_login(user_with_role(SECRETARIAT_ROLE, committee))
    url = reverse("workspace:go")
    assert client.get(url, {"to-chuc": "²", "muc": "statistics"}).status_code == 400
    assert client.get(url, {"to-chuc": other.pk, "muc": "statistics"}).status_code == 404
    assert client.get(url, {"to-chuc": cell.pk, "muc": "nothing"}).status_code == 404
    assert (
        client.get(url, {"to-chuc": cell.pk, "muc": "statistics", "nam": "3000"}).status_code == 404
    )


def _links(response, css_class="ws-resolve"):
    html = response.content.decode()
    return [unescape(h) for h in re.findall(rf'class="[^"]*{css_class}[^"]*" href="([^"]+)"', html)]


def test_every_dashboard_reminder_links_to_its_screen(client, tree):
    committee, cell = tree
    today = datetime.date.today()
    MemberFactory(
        full_name="Phan Văn Dự Bị",
        organisation=cell,
        admission_date=today - datetime.timedelta(days=340),
        confirmation_date=None,
    )
    client.force_login(user_with_role(SECRETARIAT_ROLE, committee))
    response = client.get(reverse("workspace:dashboard"))
    html = response.content.decode()
    for block in ["ws-missing", "ws-probation"]:
        items = re.search(rf'<ul class="[^"]*{block}[^"]*">(.*?)</ul>', html, re.S)[1]
        assert items.count("<li") == items.count("ws-resolve") > 0, block
    links = _links(response)
    assert any(link.startswith(reverse("workspace:meeting_create")) for link in links)
    assert any("loai=confirmation" in link for link in links)
    for link in set(links):
        assert client.get(link).status_code == 200, link


def test_viewer_reminders_link_to_the_meetings(client, tree):
    committee, cell = tree
    client.force_login(user_with_role(VIEWER_ROLE, committee))
    links = _links(client.get(reverse("workspace:dashboard")))
    assert links and all(link.startswith(reverse("workspace:meeting_list")) for link in links)


def test_new_meeting_prefilled_from_a_month(client, tree):
    committee, cell = tree
    client.force_login(user_with_role(SECRETARIAT_ROLE, committee))
    url = reverse("workspace:meeting_create")
    response = client.get(url, {"to-chuc": cell.pk, "thang": "2025-04"})
    assert response.status_code == 200
    assert response.context["entry"].form["date"].value() == datetime.date(2025, 4, 3)
    response = client.get(url, {"to-chuc": cell.pk, "thang": "2025-06", "loai": "thematic"})
    assert response.context["entry"].form["kinds"].value() == [MeetingKind.THEMATIC]
    assert client.get(url, {"to-chuc": cell.pk, "thang": "2025-13"}).status_code == 400
    assert client.get(url, {"to-chuc": cell.pk, "thang": "٢٠٢٥-04"}).status_code == 400
    assert client.get(url, {"to-chuc": cell.pk, "thang": "3000-01"}).status_code == 404
    assert client.get(url, {"to-chuc": cell.pk, "loai": "party"}).status_code == 400


@override_settings(SITE_NAME="Đảng bộ Thử nghiệm")
def test_login_page_shows_the_site_name_not_the_host(client):
    response = client.get(reverse("accounts:login"), HTTP_HOST="testserver")
    assertContains(response, "Đảng bộ Thử nghiệm")
    assertNotContains(response, "testserver")
    response = client.get(reverse("accounts:password_reset"))
    assertContains(response, "Đảng bộ Thử nghiệm")
