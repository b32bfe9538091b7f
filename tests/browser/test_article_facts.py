"""The article's facts section on a 390 px phone and on paper: readable, no sideways scroll,
nothing blocked by the Content Security Policy."""

import pytest
from playwright.sync_api import expect

from ..test_article_facts import full_meeting  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_facts_read_on_a_phone_and_print(phone_page, live_server, full_meeting):  # noqa: F811
    problems = []
    phone_page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    phone_page.goto(live_server.url + full_meeting.get_absolute_url())
    facts = phone_page.locator(".article-facts")
    expect(facts.get_by_role("heading", level=2)).to_have_text("Thông tin hội nghị")
    expect(facts).to_contain_text("đồng chí Nguyễn Văn Hùng, Bí thư Chi bộ")
    expect(facts.locator(".facts-figures").first).to_be_visible()
    assert phone_page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    box = facts.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # The figures stay beside their labels: each row's number on the same line as its label.
    row = facts.locator(".facts-figures tr").first
    label, number = row.locator("th").bounding_box(), row.locator("td").bounding_box()
    assert abs(label["y"] - number["y"]) < 4
    assert not [p for p in problems if "Content Security Policy" in p]

    phone_page.emulate_media(media="print")
    expect(facts).to_be_visible()
    expect(facts).to_contain_text("Kết quả bầu cử")
