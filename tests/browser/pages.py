"""Steps the browser tests take again and again on the app's pages: signing in to the
workspace, typing a date as the field takes it, the attendance in numbers, the admission
events and the elections of the meeting form, and the screenshots the documentation shows (written only when
SOCHIBO_SCREENSHOTS=1)."""

import datetime
import io
import os
from pathlib import Path

from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from tests.test_attendance import TWENTY_EIGHT

# The password of every account made by tests/factories.UserFactory.
PASSWORD = "mat-khau-thu-123"
SHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
# The cell's monthly meeting of 30 ("28 đảng viên có mặt") typed in the form's boxes, but for
# the exempt and the members away elsewhere, which each test types or leaves as it needs.
MONTHLY_COUNTS = {
    name: value for name, value in TWENTY_EIGHT.items() if name not in {"exempt", "away_elsewhere"}
}


def sign_in(page, base, username="thuky", password=PASSWORD):
    """Through the sign-in page, landing on the workspace's dashboard."""
    page.goto(f"{base}/tai-khoan/dang-nhap/?next=/workspace/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tổng quan")


def fill_date(page, selector, day: datetime.date):
    """A date typed as the field takes it: the browser's date input (ISO), else day first
    (dd/mm/yyyy)."""
    field = page.locator(selector)
    if field.get_attribute("type") == "date":
        field.fill(day.isoformat())
    else:
        field.fill(day.strftime("%d/%m/%Y"))


def fill_counts(page, **counts: int):
    """The attendance in numbers, in the order given: `fill_counts(page, convened=30, …)`."""
    for name, value in counts.items():
        page.fill(f"#id_counts-{name}", str(value))


def fill_admissions(page, people, *, decision_date: datetime.date, issuer: str):
    """One admission event a person: (name, prior status, mentor, decision number)."""
    for index, (name, prior, mentor, number) in enumerate(people):
        page.select_option(f"#id_events-{index}-type", "admission")
        page.fill(f"#id_events-{index}-member_name", name)
        page.fill(f"#id_events-{index}-prior_status", prior)
        page.fill(f"#id_events-{index}-mentor", mentor)
        page.fill(f"#id_events-{index}-decision_number", number)
        fill_date(page, f"#id_events-{index}-decision_date", decision_date)
        page.fill(f"#id_events-{index}-decision_issuer", issuer)


def fill_election(page, *, committee_size: int, elected, delegates):
    """A congress's elections: the committee's size; the elected as (name, position,
    re-elected), the name "" when only the position is known; the delegates as (name,
    alternate)."""
    page.fill("#id_election-committee_size", str(committee_size))
    for index, (name, position, re_elected) in enumerate(elected):
        if name:
            page.fill(f"#id_elected-{index}-name", name)
        page.fill(f"#id_elected-{index}-position", position)
        if re_elected:
            page.check(f"#id_elected-{index}-re_elected")
    for index, (name, alternate) in enumerate(delegates):
        page.fill(f"#id_delegates-{index}-name", name)
        if alternate:
            page.check(f"#id_delegates-{index}-alternate")


def screenshots_wanted() -> bool:
    return bool(os.environ.get("SOCHIBO_SCREENSHOTS"))


def screenshot_path(name: str) -> Path:
    """Where the screenshot `name` (without ".png") is written, its folder made."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"{name}.png"


def screenshot_defects(page, label: str) -> list[str]:
    """What a reader would notice on the page as shown: an image not shown, the page wider
    than the window. The lazy photos are loaded first, so that a full-page shot has them."""
    page.evaluate(
        """async () => {
            const images = [...document.images];
            images.forEach(img => { img.loading = "eager"; });
            await Promise.all(images.map(img => img.decode().catch(() => null)));
        }"""
    )
    broken = page.evaluate(
        "() => [...document.images].filter(img => !img.naturalWidth).map(img => img.src)"
    )
    found = [f"{label}: image not shown: {src}" for src in broken]
    if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
        found.append(f"{label} scrolls sideways")
    return found


def write_screenshot(page, name: str, *, full_page=True, height: int | None = None):
    """docs/screenshots/<name>.png when screenshots are wanted: the whole page, or its top
    `height` pixels; stored with at most 256 colours (a few times smaller, the text as sharp)."""
    if not screenshots_wanted():
        return
    clip = None
    if height is not None:
        width = page.evaluate("document.documentElement.clientWidth")
        clip = {"x": 0, "y": 0, "width": width, "height": height}
    png = page.screenshot(full_page=full_page, clip=clip, animations="disabled")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(256, method=Image.Quantize.MEDIANCUT).save(screenshot_path(name), optimize=True)
