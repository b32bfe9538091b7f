"""A search that finds nothing, at 390 px: suggestions a reader can follow (a corrected query,
the sections, the newest articles), nothing wider than the phone; axe-core and the Nu HTML
Checker clean on the new pages."""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from branchapp.models import Report

from .test_quality import VNU, Problems, axe_ready, axe_violations, nu_html_errors  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sample() -> Report:
    call_command("load_sample", stdout=StringIO())
    return Report.objects.select_related("category").get()


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing sticks out)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.usefixtures("axe_ready")
def test_no_results_page_suggests_at_390_px(phone, live_server, sample):
    problems = Problems(phone)
    phone.goto(live_server.url + reverse("news:list") + "?q=khong+co+tu+xyzzyq")
    phone.wait_for_load_state("networkidle")
    suggestions = phone.locator(".search-suggestions")
    assert suggestions.get_by_role("heading", name="Gợi ý").is_visible()
    assert overflow(phone) <= 0
    assert not axe_violations(phone)
    assert not problems.take()

    # The newest article is offered and opens.
    newest = suggestions.get_by_role("link", name=sample.headline)
    assert newest.is_visible()
    # The section, as a link to its list.
    section = suggestions.get_by_role("link", name=sample.category.name)
    section.scroll_into_view_if_needed()
    assert section.is_visible()
    section.click()
    phone.wait_for_url(f"**/tin-tuc/?chuyen_muc={sample.category.slug}")
    assert phone.get_by_role("link", name=sample.headline).first.is_visible()
    assert overflow(phone) <= 0
    assert not axe_violations(phone)
    assert not problems.take()


@pytest.mark.usefixtures("axe_ready")
def test_a_typo_outside_the_filters_offers_the_corrected_search(phone, live_server, sample):
    problems = Problems(phone)
    elsewhere = sample.meeting.organisation.children.order_by("path").first()
    phone.goto(
        live_server.url + reverse("news:list") + f"?q=sinh+hoatt+dinh+kyy&to_chuc={elsewhere.slug}"
    )
    link = phone.locator("a.search-suggestion")
    assert link.inner_text() == "sinh hoat dinh ky"
    assert overflow(phone) <= 0
    assert not axe_violations(phone)
    link.click()
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".news-card-title a").first.inner_text() == sample.headline
    assert not problems.take()


def test_new_pages_are_valid_html(client, sample, tmp_path):
    if not shutil.which("java"):
        pytest.skip("Java is missing, so the Nu HTML Checker cannot run.")
    if not VNU.exists():
        pytest.skip(f"{VNU} is missing: run `npm ci --ignore-scripts` (make assets).")
    pages = {}
    for name, path in {
        "no results": "/tin-tuc/?q=khong+co+tu+xyzzyq",
        "typo outside the filters": "/tin-tuc/?q=sinh+hoatt&nam=2021&loai=congress",
        "section": f"/tin-tuc/?chuyen_muc={sample.category.slug}",
        "kind": "/tin-tuc/?loai=review_conference",
        "article": sample.get_absolute_url(),
    }.items():
        response = client.get(path)
        assert response.status_code == 200, name
        pages[name] = response.content
    errors = nu_html_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
