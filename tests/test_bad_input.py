"""Bad input on public pages: malformed query strings never give a 500; staff text is escaped.

The public URLs are found the way a visitor finds them: by following links from the home
page, over the sample article and a report whose every text field holds an XSS payload.
"""

import re
from collections import deque
from urllib.parse import quote, urlsplit

import pytest
from django.db import models as db_models
from django.urls import reverse

from branchapp import models
from branchapp.sample import load_sample
from branchapp.scoping import SECRETARIAT_ROLE
from tests.factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    PhotoFactory,
    ReportFactory,
    TargetFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"
PRIVATE_PREFIXES = ("/static/", "/media/", "/workspace/", "/tai-khoan/", "/i18n/", "/admin/")
BAD_QUERIES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=999999",
    "page=1e309",
    "q=" + "nghị quyết " * 910,  # about 10,000 characters
    "q=%00%ff%fe",
    "year=abc&organisation=khong-co&category=%27%22%3C&unknown=1",
    "year=99999999999999999999&month=13&sort=-id",
    "organisation=1&organisation=2&year=2021&year=2022",
]


def fill_text_fields(instance, payload=PAYLOAD, skip=()):
    """Put the payload into every free-text field of a row."""
    for field in instance._meta.concrete_fields:
        if (
            isinstance(field, (db_models.CharField, db_models.TextField))
            and not isinstance(field, db_models.SlugField)
            and not field.choices
            and field.editable
            and field.name not in {"search_document", *skip}
        ):
            value = payload if not field.max_length else payload[: field.max_length]
            setattr(instance, field.name, value)
    instance.save()
    return instance


@pytest.fixture
def public_site(settings):
    settings.SEARCH_RATE_LIMIT = "100000/m"
    load_sample()
    organisation = fill_text_fields(OrganisationFactory())
    meeting = fill_text_fields(MeetingFactory(organisation=organisation))
    category = fill_text_fields(models.Category(name="tmp"))
    report = ReportFactory(meeting=meeting, category=category)
    report = fill_text_fields(report)
    photo = fill_text_fields(PhotoFactory(report=report))
    for block in (
        models.ReportBlock(report=report, order=1, type=models.BlockType.HEADING),
        models.ReportBlock(report=report, order=2, type=models.BlockType.PARAGRAPH),
        models.ReportBlock(report=report, order=3, type=models.BlockType.LIST, items=[PAYLOAD]),
        models.ReportBlock(report=report, order=4, type=models.BlockType.PHOTO, photo=photo),
        models.ReportBlock(
            report=report, order=5, type=models.BlockType.TARGETS, targets_year=2021
        ),
        models.ReportBlock(report=report, order=6, type=models.BlockType.AWARDS),
    ):
        fill_text_fields(block)
    fill_text_fields(TargetFactory(organisation=organisation, year=2021))
    fill_text_fields(
        models.Award(organisation=organisation, meeting=meeting),
        skip={"recipient_collective"},  # a person or a collective, not both
    )
    return report


def crawl(client, start="/", limit=120, follow=None):
    """Visit every page reachable from `start`; returns {url: response}.

    Public pages by default; `follow` (a path prefix) limits the visit to that part instead.
    """
    seen, queue, pages = {start}, deque([start]), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        pages[url] = response
        assert response.status_code < 500, url
        content_type = response.get("Content-Type", "").split(";")[0]
        if content_type not in {"text/html", "application/rss+xml", "application/xml", "text/xml"}:
            continue  # downloads (XLSX, DOCX, CSV, images) hold no links to follow
        for href in re.findall(r'(?:href|src)="([^"#]+)', response.content.decode()):
            href = href.replace("&amp;", "&")
            parts = urlsplit(href)
            if parts.netloc and parts.netloc != "testserver":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            outside = not path.startswith(follow) if follow else path.startswith(PRIVATE_PREFIXES)
            if not path.startswith("/") or outside or path in seen:
                continue
            seen.add(path)
            queue.append(path)
    return pages


def test_every_public_page_survives_malformed_query_strings(client, public_site):
    pages = crawl(client)
    paths = sorted({urlsplit(url).path for url in pages})
    assert reverse("news:list") in paths
    assert public_site.get_absolute_url() in paths
    for path in paths:
        for query in BAD_QUERIES:
            response = client.get(f"{path}?{query}")
            assert response.status_code < 500, f"{path}?{query[:60]}"
            assert response.status_code in (200, 301, 302, 304, 400, 404, 405, 429), (
                f"{path}?{query[:60]} gave {response.status_code}"
            )


def test_list_pages_answer_out_of_range_pages_with_a_normal_page(client, public_site):
    for query in ("page=abc", "page=-1", "page=999999"):
        response = client.get(f"{reverse('news:list')}?{query}")
        assert response.status_code == 200


def test_xss_payload_in_every_text_field_comes_out_escaped(client, public_site):
    pages = crawl(client)
    article = public_site.get_absolute_url()
    assert article in pages
    assert ESCAPED in pages[article].content.decode()
    for url, response in pages.items():
        text = response.content.decode(errors="replace")
        assert "<script>alert(" not in text, url
        assert "<img src=x onerror" not in text, url
        assert "</script><img" not in text, url


def test_xss_payload_comes_out_escaped_on_staff_pages(client, public_site):
    """The secretariat sees the internal fields too: they are escaped on every workspace page."""
    meeting = public_site.meeting
    organisation = meeting.organisation
    member = fill_text_fields(MemberFactory(organisation=organisation))
    fill_text_fields(models.MeetingPerson(meeting=meeting, role="chair", member=member))
    item = fill_text_fields(models.AgendaItem(meeting=meeting))
    fill_text_fields(models.Opinion(agenda_item=item))
    fill_text_fields(models.Attendance(meeting=meeting, member=member, status="excused"))
    fill_text_fields(models.MemberEvent(member=member, organisation=organisation, type="admission"))
    fill_text_fields(models.MinutesAddendum(meeting=meeting))
    client.force_login(user_with_role(SECRETARIAT_ROLE, organisation))
    pages = crawl(client, start="/workspace/", limit=150, follow="/workspace/")
    assert len(pages) > 20  # dashboard, meetings, reports, year-end pages, registers…
    meeting_page = f"/workspace/cuoc-hop/{meeting.pk}/"
    assert meeting_page in pages
    assert ESCAPED in pages[meeting_page].content.decode()
    for url, response in pages.items():
        if response.streaming:  # the guide's screenshots
            continue
        text = response.content.decode(errors="replace")
        assert "<script>alert(" not in text, url
        assert "<img src=x onerror" not in text, url


# Ids and numbers in the workspace's query strings and forms (issue 13.7) --------------------

ODD_NUMBERS = ["²", "١٢", "99999999999999999999999", "9223372036854775808", "-1", "1.0", " 1"]


@pytest.fixture
def workspace(client):
    cell = CellFactory()
    meeting = MeetingFactory(organisation=cell)
    client.force_login(user_with_role(SECRETARIAT_ROLE, cell.parent))
    return cell, meeting


@pytest.mark.parametrize("value", ODD_NUMBERS)
@pytest.mark.parametrize(
    "page",
    [
        "/workspace/cuoc-hop/?to-chuc={}",
        "/workspace/cuoc-hop/them/?to-chuc={}",
        "/workspace/cuoc-hop/them/?sao-chep={}",
        "/workspace/nam/{org}/2021/so/dang-vien/?cell={}",
        "/workspace/nam/{org}/2021/so/cuoc-hop/?cell={}&xuat=xlsx",
    ],
)
def test_odd_ids_in_workspace_query_strings_answer_400(client, workspace, page, value):
    cell, _meeting = workspace
    response = client.get(page.format(quote(value), org=cell.parent.pk))
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("register", "name"),
    [
        ("dang-vien", "q"),
        ("dang-vien", "category"),
        ("dang-vien", "status"),
        ("cuoc-hop", "kind"),
        ("kiem-tra-giam-sat", "kind"),
        ("khen-thuong", "form"),
        ("bien-dong", "q"),
    ],
)
def test_a_nul_character_in_a_register_filter_answers_400(client, workspace, register, name):
    """PostgreSQL cannot compare a text holding NUL: the filter is refused before the query."""
    cell, _meeting = workspace
    page = f"/workspace/nam/{cell.parent.pk}/2021/so/{register}/?{name}=a%00b"
    assert client.get(page).status_code == 400


def test_ids_beyond_the_database_or_the_account_answer_404(client, workspace):
    cell, meeting = workspace
    stranger = MeetingFactory()
    big = "9223372036854775807"  # the largest id a column holds: parsed, found nowhere
    for page in (
        f"/workspace/cuoc-hop/them/?to-chuc={big}",
        f"/workspace/cuoc-hop/them/?sao-chep={big}",
        f"/workspace/cuoc-hop/them/?sao-chep={stranger.pk}",
        f"/workspace/cuoc-hop/them/?to-chuc={stranger.organisation.pk}",
        f"/workspace/cuoc-hop/{big}/",
        "/workspace/cuoc-hop/99999999999999999999999/",
        f"/workspace/nam/{big}/2021/so/dang-vien/",
        f"/workspace/nam/{cell.parent.pk}/99999999999999999999999/so/dang-vien/",
        f"/to-chuc/{cell.parent.slug}/chi-tieu/99999999999999999999999/",
        f"/to-chuc/{cell.parent.slug}/thong-ke/99999999999999999999999/",
    ):
        assert client.get(page).status_code == 404, page
    listed = client.get(f"/workspace/cuoc-hop/?to-chuc={big}")
    assert listed.status_code == 200 and not listed.context["page"].object_list


def test_the_id_parser_takes_ascii_digits_within_the_database_range_only():
    from django.core.exceptions import BadRequest

    from branchapp.forms.common import MAX_ID, parse_id

    assert parse_id(None) is None and parse_id("") is None
    assert parse_id("0042") == 42 and parse_id(str(MAX_ID)) == MAX_ID
    for value in [*ODD_NUMBERS, str(MAX_ID + 1), "1\n", "0x1", "1_000", "+1", "①"]:
        with pytest.raises(BadRequest):
            parse_id(value)
