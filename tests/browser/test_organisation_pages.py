"""Issue 15 at phone (390 px) and desktop (1280 px) widths: the organisation profile, the news
filters folded on phones with the results above the fold, the targets table's caption."""

import pytest
from playwright.sync_api import expect

from branchapp.models import Organisation, Report
from branchapp.sample import COMMITTEE_NAME, load_sample

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def sample(transactional_db):
    load_sample()
    return Report.objects.select_related("meeting__organisation").get()


def open_page(browser, viewport):
    context = browser.new_context(locale="vi-VN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_organisation_profile(browser, live_server, sample, viewport):
    committee = Organisation.objects.get(name=COMMITTEE_NAME)
    context, page = open_page(browser, viewport)
    page.goto(live_server.url + committee.get_absolute_url())

    profile = page.locator(".org-profile")
    expect(profile.get_by_role("heading", level=2)).to_have_text("Thông tin tổ chức")
    expect(profile.locator(".org-facts")).to_contain_text("Đảng bộ")
    expect(profile.locator(".org-members")).to_have_text(str(committee_members(committee)))
    officers = profile.locator(".org-officers li")
    expect(officers.first).to_contain_text("Bí thư Đảng ủy")
    expect(officers.first).to_contain_text("Nguyễn Phước Dũng")
    cells = page.locator(".org-cells li")
    expect(cells).to_have_count(committee.children.count())
    expect(page.locator(".org-targets")).to_contain_text("Năm 2021")
    expect(page.locator(".org-awards")).to_contain_text("Giấy khen")
    # The profile comes before the articles, whatever the width, and the page fits the screen.
    profile_box = profile.bounding_box()
    news_box = page.locator("#org-news-title").bounding_box()
    assert profile_box["y"] < news_box["y"]
    assert no_horizontal_scroll(page)
    if viewport is PHONE:
        assert profile_box["y"] < viewport["height"]
    else:
        aside = page.locator(".home-aside").bounding_box()
        assert aside["x"] > profile_box["x"] + profile_box["width"] - 1  # a side column
    # A cell's page is reached from its parent's.
    cells.first.get_by_role("link").click()
    expect(page.locator(".organisation-parent")).to_contain_text(COMMITTEE_NAME)
    expect(page.locator(".org-profile .org-members")).to_have_text("5")
    context.close()


def committee_members(committee) -> int:
    from branchapp.models import Member
    from branchapp.selectors.organisations import COUNTED_STATUSES

    return Member.objects.filter(
        organisation__path__startswith=committee.path, status__in=COUNTED_STATUSES
    ).count()


def test_filters_fold_on_phones_with_results_above_the_fold(browser, live_server, sample):
    context, page = open_page(browser, PHONE)
    page.goto(live_server.url + "/tin-tuc/?q=dang+bo+dinh+ky")
    fold = page.locator("details.news-filters-more")
    expect(fold).not_to_have_attribute("open", "")
    expect(page.locator("#id_to_chuc")).to_be_hidden()
    expect(page.get_by_role("searchbox").last).to_be_visible()
    first = page.locator(".news-stream .news-card").first
    box = first.bounding_box()
    assert box["y"] + 40 < PHONE["height"], box  # the first result's title shows at once
    assert no_horizontal_scroll(page)

    # The button opens them; a filter chosen is then applied and said to be on.
    fold.locator("summary").click()
    expect(page.locator("#id_to_chuc")).to_be_visible()
    page.locator("#id_nam").select_option("2021")
    page.locator(".news-filters button[type=submit]").click()
    page.wait_for_url("**nam=2021**")
    expect(page.locator(".news-filters-toggle")).to_contain_text("đang lọc")
    expect(page.locator(".news-stream .news-card")).to_have_count(1)
    context.close()


def test_filters_stay_open_on_desktop(browser, live_server, sample):
    context, page = open_page(browser, DESKTOP)
    page.goto(live_server.url + "/tin-tuc/")
    expect(page.locator("details.news-filters-more")).to_have_attribute("open", "")
    expect(page.locator(".news-filters-toggle")).to_be_hidden()
    for field in ("#id_q", "#id_to_chuc", "#id_nam", "#id_loai"):
        expect(page.locator(field)).to_be_visible()
    # One row: the search box beside the three filters.
    tops = {round(page.locator(f).bounding_box()["y"]) for f in ("#id_to_chuc", "#id_loai")}
    assert len(tops) == 1
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_targets_caption_does_not_wrap_word_by_word(browser, live_server, sample, viewport):
    committee = sample.meeting.organisation
    context, page = open_page(browser, viewport)
    for path in (sample.get_absolute_url(), f"/to-chuc/{committee.slug}/chi-tieu/2021/"):
        page.goto(live_server.url + path)
        caption = page.locator(".targets-table caption").first
        table = page.locator(".targets-table").first
        caption_box, table_box = caption.bounding_box(), table.bounding_box()
        line = page.evaluate(
            "el => parseFloat(getComputedStyle(el).lineHeight) || 24",
            caption.element_handle(),
        )
        # As wide as the table and a line or two, not a column of single words.
        assert caption_box["width"] > 0.9 * table_box["width"], (path, caption_box)
        assert caption_box["height"] <= 3 * line + 8, (path, caption_box)
        assert no_horizontal_scroll(page)
    context.close()
