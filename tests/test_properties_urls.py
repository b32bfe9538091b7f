"""Property: no GET of a public or workspace page answers 500, whatever its query string (issue 13).

Every URL pattern of the public site and the workspace is visited, its path filled in from the
sample data (the sample article's organisations, meeting, report and year), with query strings
that hypothesis makes of the parameters the views read: digits of other scripts ("²", "١٢"),
numbers beyond any database column, empty values, NUL, any text. The accounts and the admin
are left out (their own tests cover them).
"""

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchapp.models import Meeting, Organisation, Report
from branchapp.sample import load_sample
from branchapp.sample.article import COMMITTEE_NAME, MEETING_DATE
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_PREFIXES = (django_settings.ADMIN_URL, "tai-khoan/", "i18n/")

# The parameters the views and their filter forms read from a query string.
PARAMETERS = [
    "to-chuc",
    "thang",
    "muc",
    "sao-chep",
    "trang",
    "page",
    "cell",
    "q",
    "on",
    "category",
    "status",
    "type",
    "kind",
    "form",
    "xuat",
    "nam",
    "loai",
    "chuyen_muc",
    "next",
    "language",
    "year",
    "organisation",
]
# Values a browser never sends: digits of other scripts ("²" passes str.isdigit() and fails
# int()), numbers beyond any database column, a NUL (PostgreSQL refuses it), any text.
ODD_VALUES = ["", "²", "①", "١٢", "0", "-1", "1e309", "xlsx", "9" * 30, "1" * 19, "a\x00b"]
odd_values = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(alphabet=st.sampled_from("0123456789²³¹①١٢"), min_size=1, max_size=6),
    st.integers(-(10**30), 10**30).map(str),
    st.text(max_size=40),
)
# Every parameter at once, each with its own odd value: one request tries them all.
query_strings = st.fixed_dictionaries({name: odd_values for name in PARAMETERS}).map(urlencode)

HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def routes(resolver=None, prefix=""):
    """The route of every `path()` of the site, as "workspace/cuoc-hop/<int:pk>/"."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # re_path: the media files, not a page
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


def fill(route: str, values: dict) -> str:
    def value(match):
        name = match.group(2)
        if name == "slug":
            name = "report_slug" if route.startswith("tin-tuc/") else "organisation_slug"
            if route.startswith("tin-tuc/rss/chuyen-muc/"):
                name = "category_slug"
        return str(values[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


@pytest.fixture
def site():
    load_sample()
    committee = Organisation.objects.get(name=COMMITTEE_NAME)
    meeting = Meeting.objects.get(organisation=committee, date=MEETING_DATE)
    screenshots = sorted((ROOT / "docs/screenshots").glob("workspace-*.png"))
    values = {
        "org_id": committee.pk,
        "year": MEETING_DATE.year,
        "pk": meeting.pk,
        "meeting_id": meeting.pk,
        "organisation_slug": committee.slug,
        "report_slug": Report.objects.get(meeting=meeting).slug,
        "name": screenshots[0].name if screenshots else "workspace-khong-co.png",
        "document_id": meeting.documents.values_list("pk", flat=True).first() or 1,
        "category_slug": Report.objects.get(meeting=meeting).category.slug,
        "kind": "review_conference",
    }
    public, workspace = [], []
    for route in routes():
        if route.startswith(SKIPPED_PREFIXES):
            continue
        (workspace if route.startswith("workspace/") else public).append(fill(route, values))
    assert len(workspace) > 25 and len(public) > 8
    return {"public": public, "workspace": workspace, "committee": committee}


def test_every_public_page_answers_any_query_string_without_a_server_error(client, site):
    @HYPOTHESIS
    @given(url=st.sampled_from(site["public"]), query=query_strings)
    def check(url, query):
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, f"{url}?{query}"

    check()


def test_every_workspace_page_answers_any_query_string_without_a_server_error(client, site):
    client.force_login(user_with_role(SECRETARIAT_ROLE, site["committee"]))

    @HYPOTHESIS
    @given(url=st.sampled_from(site["workspace"]), query=query_strings)
    def check(url, query):
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, f"{url}?{query}"

    check()


def test_every_page_answers_odd_digits_huge_numbers_and_nul_without_a_server_error(client, site):
    """The same, without chance: each kind of value that broke a page, in every parameter."""
    client.force_login(user_with_role(SECRETARIAT_ROLE, site["committee"]))
    for value in ("²", "١٢", "9" * 30, "\x00"):
        query = urlencode(dict.fromkeys(PARAMETERS, value))
        for url in site["public"] + site["workspace"]:
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, f"{url}?{query}"
