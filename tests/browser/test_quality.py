"""Quality gates over every page of the sample data, in headless Chromium and the Nu HTML Checker.

- axe-core finds no serious or critical accessibility violation on any public or workspace page;
- no page logs a console error (a Content-Security-Policy refusal included), fails a request or
  gets an error status for one of its resources;
- the public pages are valid HTML for the Nu HTML Checker (npm `vnu-jar`, run with Java);
- the news list and the meeting entry form render at 390 px and 1280 px; run with
  SOCHIBO_SCREENSHOTS=1 to (re)write their screenshots in docs/screenshots/ for the README.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from branchapp.models import Meeting, Organisation, Report, User
from branchapp.sample import COMMITTEE_NAME, MEETING_DATE

from .pages import screenshot_defects, write_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(settings.BASE_DIR)
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PASSWORD = "mat-khau-kiem-thu-2021"
YEAR = MEETING_DATE.year


@dataclass
class Site:
    """The sample data's addresses, computed once the sample is loaded."""

    report: Report
    meeting: Meeting
    committee: Organisation
    cell: Organisation
    public: dict[str, str] = field(default_factory=dict)
    workspace: dict[str, str] = field(default_factory=dict)
    # Pages the secretariat does not see: opened as the administrator.
    administrator: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def site() -> Site:
    call_command("load_sample", stdout=StringIO())
    # The demo accounts of `make run`; their passwords are random, so set a known one.
    call_command("setup_demo", stdout=StringIO())
    for user in User.objects.filter(username__in=["thuky", "quantri"]):
        user.set_password(PASSWORD)
        user.save()

    report = Report.objects.select_related("meeting__organisation").get()
    meeting = report.meeting
    committee = Organisation.objects.get(name=COMMITTEE_NAME)
    cell = committee.children.order_by("order").first()
    site = Site(report=report, meeting=meeting, committee=committee, cell=cell)

    org_year = {"org_id": committee.pk, "year": YEAR}
    site.public = {
        "home": reverse("news:home"),
        "news list": reverse("news:list"),
        "news list, filtered": (
            f"{reverse('news:list')}?to_chuc={committee.slug}&nam={YEAR}&loai=periodic"
        ),
        "news list, search": reverse("news:list") + "?q=dang+bo+dinh+ky",
        "news list, empty search": reverse("news:list") + "?q=khongcoketqua",
        "article": report.get_absolute_url(),
        "organisation": reverse("news:organisation", args=[committee.slug]),
        "cell": reverse("news:organisation", args=[cell.slug]),
        "targets": reverse("news:organisation-targets", args=[committee.slug, YEAR]),
        "targets, next year": reverse("news:organisation-targets", args=[committee.slug, YEAR + 1]),
        "statistics": reverse("yearend_public:statistics", args=[committee.slug, YEAR]),
        "login": reverse("accounts:login"),
        "password reset": reverse("accounts:password_reset"),
        "password reset sent": reverse("accounts:password_reset_done"),
    }
    m = {"pk": meeting.pk}
    site.workspace = {
        "dashboard": reverse("workspace:dashboard"),
        "meeting list": reverse("workspace:meeting_list"),
        "new meeting: choose organisation": reverse("workspace:meeting_create"),
        "new meeting form": f"{reverse('workspace:meeting_create')}?to-chuc={cell.pk}",
        "meeting detail": reverse("workspace:meeting_detail", kwargs=m),
        "meeting form": reverse("workspace:meeting_edit", kwargs=m),
        "meeting history": reverse("workspace:meeting_history", kwargs=m),
        "report editor": reverse("workspace:report_edit", kwargs=m),
        "report preview": reverse("workspace:report_preview", kwargs=m),
        "report history": reverse("workspace:report_history", kwargs=m),
        "guide": reverse("workspace:guide"),
        "ratings": reverse("yearend:ratings", kwargs=org_year),
        "ratings of members": reverse("yearend:ratings_members", kwargs=org_year),
        "ratings of cells": reverse("yearend:ratings_organisations", kwargs=org_year),
        "statistics": reverse("yearend:statistics", kwargs=org_year),
        **{
            f"register: {name}": reverse(f"yearend:register_{name}", kwargs=org_year)
            for name in ("members", "events", "awards", "cases", "meetings")
        },
        "minutes print": reverse("yearend:minutes", kwargs={"meeting_id": meeting.pk}),
        "password change": reverse("accounts:password_change"),
        "password changed": reverse("accounts:password_change_done"),
        "sign-in security": reverse("accounts:security"),
        "two-step set-up": reverse("accounts:two_factor_enrol"),
    }
    site.administrator = {
        "register: discipline": reverse("yearend:register_discipline", kwargs=org_year),
        "member import": reverse("yearend:member_import", kwargs={"org_id": committee.pk}),
    }
    return site


class Problems:
    """Console errors, failed requests and error responses seen by a page."""

    def __init__(self, page, expected_status=None):
        self.items: list[str] = []
        self.expected = expected_status or {}
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message):
        # Chromium logs the deliberate 404 of the error page itself as a console error.
        expected = self.expected.get(message.location.get("url"))
        if expected and f"status of {expected}" in message.text:
            return
        if message.type == "error":
            self.items.append(f"console error: {message.text}")

    def _failed(self, request):
        # A request cut short because the test moved on to the next page is not a failure
        # of the site; server errors still show up as responses of 400 and above.
        if request.failure == "net::ERR_ABORTED":
            return
        self.items.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and self.expected.get(response.url) != response.status:
            self.items.append(f"HTTP {response.status}: {response.url}")

    def take(self) -> list[str]:
        items, self.items = self.items, []
        return items


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations of the page, one line per rule."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP (no inline script) allows it.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']} {v['id']}: {v['help']} -> "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_pages(page, base_url, pages, problems, *, expected_status=None) -> list[str]:
    found = []
    for name, path in pages.items():
        response = page.goto(base_url + path)
        status = (expected_status or {}).get(name, 200)
        if response.status != status:
            found.append(f"{name} ({path}): HTTP {response.status}, expected {status}")
        # The favicon loads after the "load" event; leaving earlier would abort it.
        page.wait_for_load_state("networkidle")
        found += [f"{name} ({path}): {v}" for v in axe_violations(page)]
        found += [f"{name} ({path}): {p}" for p in problems.take()]
    return found


@pytest.fixture
def axe_ready():
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci --ignore-scripts` (make assets).")


def test_public_pages_are_accessible_and_load_cleanly(page, live_server, site, axe_ready):
    missing = "/tin-tuc/bai-viet-khong-ton-tai/"
    problems = Problems(page, expected_status={live_server.url + missing: 404})
    found = check_pages(
        page,
        live_server.url,
        {**site.public, "404 page": missing},
        problems,
        expected_status={"404 page": 404},
    )

    # The article as printed (its print style sheet).
    page.goto(live_server.url + site.report.get_absolute_url())
    page.emulate_media(media="print")
    found += [f"article, print: {v}" for v in axe_violations(page)]
    page.emulate_media(media="screen")

    # RSS is XML: no axe, but it must answer as a feed.
    response = page.goto(live_server.url + reverse("news:feed"))
    assert response.status == 200
    assert "xml" in response.headers["content-type"]
    found += [f"rss: {p}" for p in problems.take()]

    assert not found, "\n".join(found)


def log_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(base_url + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base_url + reverse("workspace:dashboard"))


def test_workspace_pages_are_accessible_and_load_cleanly(page, live_server, site, axe_ready):
    problems = Problems(page)
    log_in(page, live_server.url, "thuky")
    found = check_pages(page, live_server.url, site.workspace, problems)

    # The recorded results show in the meeting form in Vietnamese notation (a number box would
    # refuse "100,5" and show nothing, and saving would then erase them).
    page.goto(live_server.url + site.workspace["meeting form"])
    values = page.eval_on_selector_all(
        "input[name$='-actual_value']", "inputs => inputs.map(input => input.value)"
    )
    assert [value for value in values if value] == ["100", "4", "103"]

    log_in(page, live_server.url, "quantri")
    found += check_pages(page, live_server.url, site.administrator, problems)
    assert not found, "\n".join(found)


def nu_html_errors(pages: dict[str, bytes], tmp_path) -> list[str]:
    """The Nu HTML Checker's errors over the pages, checked in one Java run."""
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(html)
        names[f"file:{path}"] = name
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *(u[5:] for u in names)],
        capture_output=True,
        check=False,
        timeout=180,
    )
    messages = json.loads(run.stdout)["messages"]
    if os.environ.get("SOCHIBO_VNU_VERBOSE"):
        for message in messages:
            print(names.get(message.get("url")), message)
    return [
        f"{names.get(message.get('url'), message.get('url'))}, line {message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
        for message in messages
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]


def test_pages_are_valid_html(client, site, tmp_path):
    """Every public page, and every workspace page for good measure, in one Java run."""
    if not shutil.which("java"):
        pytest.skip(
            "Java is missing, so the Nu HTML Checker cannot run: "
            "`apt-get install -y default-jre-headless`."
        )
    if not VNU.exists():
        pytest.skip(f"{VNU} is missing: run `npm ci --ignore-scripts` (make assets).")
    pages = {}

    def fetch(group, status=200):
        for name, path in group.items():
            response = client.get(path)
            assert response.status_code == status, f"{name} ({path}): {response.status_code}"
            pages[f"{name} ({path})"] = response.content

    fetch(site.public)
    fetch({"404 page": "/tin-tuc/bai-viet-khong-ton-tai/"}, status=404)
    client.force_login(User.objects.get(username="thuky"))
    fetch(site.workspace)
    client.force_login(User.objects.get(username="quantri"))
    fetch(site.administrator)

    errors = nu_html_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


SCREENSHOT_WIDTHS = (390, 1280)


def test_screenshots_at_phone_and_desktop_widths(browser, live_server, site):
    """The README's screenshots of the news list and the meeting form; files are written only
    with SOCHIBO_SCREENSHOTS=1 (the portal's pages: test_portal_screenshots.py)."""
    pages = {
        "news": site.public["news list"],
        "meeting-form": site.workspace["meeting form"],
    }
    found = []
    for width in SCREENSHOT_WIDTHS:
        context = browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}, device_scale_factor=1
        )
        page = context.new_page()
        problems = Problems(page)
        for name, path in pages.items():
            if name == "meeting-form":
                log_in(page, live_server.url, "thuky")
            page.goto(live_server.url + path)
            found += screenshot_defects(page, f"{name} at {width} px")
            found += [f"{name} at {width} px: {p}" for p in problems.take()]
            # At the end of the page the form's sticky action bar rests in its place.
            page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
            write_screenshot(page, f"{name}-{width}")
        context.close()
    assert not found, "\n".join(found)
