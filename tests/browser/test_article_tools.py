"""The article's reader tools in Chromium at a phone's and a desktop's width: share link, share
sheet, copy link with its confirmation, text size kept across a reload, the print style sheet;
related articles and the section's list; axe-core and the Nu HTML Checker stay clean."""

import datetime
import re
import shutil
from urllib.parse import quote

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from branchapp.models import MeetingKind, MeetingKindTag, Report
from branchapp.sample import load_sample
from tests.factories import MeetingFactory, PhotoFactory, ReportFactory

from .test_quality import AXE, VNU, axe_violations, nu_html_errors

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 1280)


@pytest.fixture
def article(transactional_db):
    """The sample article, changed after publication, with six others of its section: two of
    its kind of meeting (related first), two more related by section, two in the section list."""
    load_sample()
    report = Report.objects.select_related("meeting__organisation", "category").get()
    Report.objects.filter(pk=report.pk).update(
        revised_at=report.published_at + datetime.timedelta(days=2)
    )
    organisation = report.meeting.organisation
    kinds = list(report.meeting.kinds.values_list("kind", flat=True))
    for n in range(6):
        meeting = MeetingFactory(organisation=organisation, title=f"Hội nghị cùng mục {n}")
        for kind in kinds if n < 2 else [MeetingKind.OTHER]:
            MeetingKindTag.objects.get_or_create(meeting=meeting, kind=kind)
        other = ReportFactory(
            meeting=meeting,
            category=report.category,
            published_at=timezone.now() - datetime.timedelta(hours=n + 1),
        )
        if n == 0:
            PhotoFactory(report=other, order=1, caption="Ảnh tin liên quan")
    return report


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def reader(request, browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": request.param, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    yield page
    context.close()
    assert not errors, errors


def test_share_link_and_copy_link(reader, live_server, article):
    url = live_server.url + article.get_absolute_url()
    reader.goto(url)
    facebook = reader.get_by_role("link", name=re.compile("Facebook"))
    expect(facebook).to_be_visible()
    expect(facebook).to_have_attribute(
        "href", "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="")
    )
    expect(facebook).to_have_attribute("target", "_blank")

    copy = reader.get_by_role("button", name="Chép liên kết")
    expect(copy).to_be_visible()
    copy.click()
    status = reader.get_by_role("status").filter(has_text="Đã chép liên kết")
    expect(status).to_be_visible()
    assert reader.evaluate("navigator.clipboard.readText()") == url
    # No third-party script or frame was loaded.
    hosts = reader.evaluate(
        "performance.getEntriesByType('resource').map(e => new URL(e.name).host)"
    )
    assert set(hosts) <= {live_server.url.split("//", 1)[1]}


def test_copy_link_falls_back_without_the_clipboard_api(reader, live_server, article):
    reader.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    reader.goto(live_server.url + article.get_absolute_url())
    reader.get_by_role("button", name="Chép liên kết").click()
    # Copied through a selection, or else the link is shown selected to copy by hand.
    expect(reader.locator("[data-copy-status]")).to_have_text(
        re.compile("Đã chép liên kết|Hãy chép liên kết dưới đây")
    )


def test_share_sheet_only_where_the_browser_has_one(reader, live_server, article):
    url = live_server.url + article.get_absolute_url()
    reader.goto(url)
    native = reader.locator("[data-share-native]")
    if reader.evaluate("typeof navigator.share !== 'function'"):
        expect(native).to_be_hidden()
    # A phone's browser: the share sheet (Zalo, Messenger…) gets the article's address.
    reader.add_init_script(
        "navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };"
        "navigator.canShare = () => true;"
    )
    reader.goto(url)
    expect(native).to_be_visible()
    native.click()
    shared = reader.evaluate("window.sharedData")
    assert shared["url"] == url and shared["title"] == article.headline


def test_text_size_is_kept_across_a_reload(reader, live_server, article):
    url = live_server.url + article.get_absolute_url()
    reader.goto(url)
    body = reader.locator(".article-body")
    normal = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    larger = reader.get_by_role("button", name="Chữ lớn hơn")
    larger.click()
    larger.click()
    bigger = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert bigger > normal * 1.2

    reader.reload()
    # Applied before the page is drawn: already on the document when it is parsed.
    assert reader.evaluate("document.documentElement.dataset.textSize") == "2"
    assert float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) == bigger
    expect(reader.get_by_role("button", name="Cỡ chữ mặc định")).to_have_attribute(
        "aria-pressed", "false"
    )

    reader.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) == normal
    reader.get_by_role("button", name="Chữ nhỏ hơn").click()
    smaller = float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert smaller < normal
    expect(reader.get_by_role("button", name="Chữ nhỏ hơn")).to_be_disabled()
    reader.reload()
    assert float(body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) == smaller


def test_print_style_sheet_keeps_the_article_and_its_captions(reader, live_server, article):
    reader.goto(live_server.url + article.get_absolute_url())
    expect(reader.get_by_role("button", name="In bài")).to_be_visible()
    reader.emulate_media(media="print")
    for chrome in (
        ".site-header",
        ".site-footer",
        ".breadcrumb",
        ".article-tools",
        ".article-aside",
        ".article-related",
        ".article-neighbours",
    ):
        if reader.locator(chrome).count():
            expect(reader.locator(chrome).first).to_be_hidden()
    expect(reader.locator(".article-title")).to_be_visible()
    expect(reader.locator(".article-photo img").first).to_be_visible()
    captions = reader.locator(".article-photo-caption")
    assert captions.count() == 3
    for index in range(3):
        expect(captions.nth(index)).to_be_visible()
    # The reader's text size does not change the printed page.
    reader.emulate_media(media="screen")
    reader.get_by_role("button", name="Chữ lớn hơn").click()
    reader.emulate_media(media="print")
    printed = reader.locator(".article-body").evaluate("el => getComputedStyle(el).fontSize")
    assert printed == "14.6667px"  # 11pt


def test_related_articles_updated_time_and_accessibility(reader, live_server, article):
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci --ignore-scripts` (make assets).")
    reader.goto(live_server.url + article.get_absolute_url())
    related = reader.get_by_role("region", name="Tin liên quan")
    expect(related.locator(".related-card-title")).to_have_text(
        [f"Hội nghị cùng mục {n}" for n in (0, 1, 2, 3)]  # its kind first, then its section
    )
    expect(related.locator(".related-card-photo img")).to_have_count(1)
    section = reader.get_by_role("region", name="Cùng chuyên mục")
    expect(section.get_by_role("listitem")).to_have_text(
        [re.compile(f"Hội nghị cùng mục {n}") for n in (4, 5)]
    )
    expect(reader.locator(".article-updated")).to_contain_text("Cập nhật")
    assert reader.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    reader.wait_for_load_state("networkidle")
    assert axe_violations(reader) == []
    reader.get_by_role("button", name="Chép liên kết").click()
    expect(reader.locator("[data-copy-status]")).not_to_be_empty()
    assert axe_violations(reader) == []
    reader.emulate_media(media="print")
    assert axe_violations(reader) == []


def test_article_with_its_tools_is_valid_html(client, article, tmp_path):
    if not shutil.which("java") or not VNU.exists():
        pytest.skip("The Nu HTML Checker needs Java and node_modules/vnu-jar.")
    html = client.get(article.get_absolute_url()).content
    assert b"article-tools" in html and b"Tin li\xc3\xaan quan" in html
    assert nu_html_errors({"article": html}, tmp_path) == []
