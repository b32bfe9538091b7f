"""Headless Chromium (Debian's package) driven by Playwright against the live test server."""

import os
import shutil

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import (
    CellFactory,
    MemberFactory,
    OrganisationFactory,
    default_majority_rules,
    user_with_role,
)

CHROMIUM = os.environ.get("SOCHIBO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# The live server answers one request at a time. On SQLite its threads would share the test
# database's single in-memory connection, and a page whose images load in parallel would open
# two transactions on it at once ("cannot start a transaction within a transaction").
class _OneRequestAtATimeServer(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        # The serving thread already uses the overriding connections (LiveServerThread.run).
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = _OneRequestAtATimeServer


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the whole run: its sync API cannot be started twice in a thread, so
    a module needing a browser launched otherwise (another language) launches it from here."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install it with "
            "`apt-get update && apt-get install -y chromium` to run the browser tests."
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def school_cell():
    """A committee and one of its cells with three members on record (of the 30 its reports
    count), the quorum rules, and the committee's office account "thuky"."""
    default_majority_rules()
    committee = OrganisationFactory(name="Đảng bộ Trường Chính trị")
    cell = CellFactory(name="Chi bộ Khoa Lý luận cơ sở", parent=committee)
    for name in ("Võ Thị Thu", "Ngô Văn Lâm", "Đặng Minh Trí"):
        MemberFactory(full_name=name, organisation=cell)
    user_with_role(SECRETARIAT_ROLE, committee, username="thuky")
    return committee, cell
