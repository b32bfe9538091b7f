"""Serving stored pages before Django handles the request (config/wsgi.py)."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse
from django_ratelimit.core import is_ratelimited

from branchapp.http.pagecache import page_key, wsgi_application
from tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


class Inner:
    """Stands for Django's application: records that the request reached it."""

    def __init__(self):
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"rendered by Django"]


def serve(url, **headers):
    inner = Inner()
    environ = RequestFactory().get(url, headers=headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    body = b"".join(wsgi_application(inner)(environ, start_response))
    return answer["status"], answer["headers"], body, inner.calls


def serve_through_django(url, **headers):
    """As `serve`, with Django's application behind the wrapper."""
    environ = RequestFactory().get(url, headers=headers).environ
    answer = {}
    calls = []

    def django_application(environ, start_response):
        calls.append(url)
        return get_wsgi_application()(environ, start_response)

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    # As Django's test client does: the test's database connection stays open.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        body = b"".join(wsgi_application(django_application)(environ, start_response))
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return answer["status"], answer["headers"], body, len(calls)


@pytest.fixture
def article(client):
    report = ReportFactory(headline="Chi bộ sinh hoạt chuyên đề tháng Năm")
    rendered = client.get(report.get_absolute_url())  # stored by the middleware
    assert rendered.status_code == 200
    return report, rendered


def test_a_stored_page_is_sent_as_rendered_without_django(article):
    report, rendered = article
    status, headers, body, calls = serve(report.get_absolute_url())
    assert calls == 0
    assert status == "200 OK"
    assert body == rendered.content
    for name in ("Content-Type", "Content-Security-Policy", "ETag", "Cache-Control", "Vary"):
        assert headers[name] == rendered[name], name


def test_the_page_says_whether_it_came_from_the_page_cache(client, article):
    report, rendered = article
    assert rendered["X-Page-Cache"] == "miss"
    _status, headers, _body, _calls = serve(report.get_absolute_url())
    assert headers["X-Page-Cache"] == "hit"
    assert client.get(report.get_absolute_url())["X-Page-Cache"] == "hit"  # the middleware's


def test_a_current_copy_answers_304(article):
    report, rendered = article
    status, headers, body, calls = serve(report.get_absolute_url(), if_none_match=rendered["ETag"])
    assert (status, body, calls) == ("304 Not Modified", b"", 0)
    assert headers["ETag"] == rendered["ETag"]
    assert "Content-Type" not in headers


def test_a_hit_on_a_local_copy_is_one_cache_round_trip(article):
    report, _rendered = article
    serve(report.get_absolute_url())  # the process keeps a copy
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        status, _headers, _body, calls = serve(report.get_absolute_url())
    assert (status, calls) == ("200 OK", 0)
    assert get_many.call_count == 1


def test_a_changed_article_goes_to_django_even_from_a_local_copy(client, article):
    report, _rendered = article
    url = report.get_absolute_url()
    serve(url)  # the process keeps a copy
    report.headline = "Chi bộ sinh hoạt chuyên đề tháng Sáu"
    report.save()
    assert serve(url)[3] == 1
    client.get(url)  # rendered again, and stored
    _status, _headers, body, calls = serve(url)
    assert calls == 0
    assert "tháng Sáu" in body.decode()


def test_visitors_with_a_session_go_to_django(client, article):
    report, _rendered = article
    assert serve(report.get_absolute_url(), cookie="sessionid=abc")[3] == 1


@pytest.mark.usefixtures("one_rate_limit_window")
def test_stored_searches_are_sent_and_counted_until_the_limit(client, article, settings):
    settings.SEARCH_RATE_LIMIT = "3/m"
    search = reverse("news:list") + "?q=chuy%C3%AAn+%C4%91%E1%BB%81"
    assert client.get(search).status_code == 200  # stored; the first search counted
    # Served from the cache, and counted: the second and third.
    assert [serve(search)[3] for _ in range(2)] == [0, 0]
    # Over the limit: Django answers 429 in the visitor's language, counting it once.
    with mock.patch("branchapp.http.ratelimit.is_ratelimited", wraps=is_ratelimited) as counted:
        status, _headers, _body, calls = serve_through_django(search)
    assert (status, calls, counted.call_count) == ("429 Too Many Requests", 1, 1)
    # The list without a query is not counted: always sent from the cache.
    client.get(reverse("news:list"))
    assert {serve(reverse("news:list"))[3] for _ in range(5)} == {0}


def test_head_gets_the_headers_only(article):
    report, rendered = article
    inner = Inner()
    environ = RequestFactory().head(report.get_absolute_url()).environ
    statuses = []
    body = b"".join(
        wsgi_application(inner)(environ, lambda status, headers, exc=None: statuses.append(status))
    )
    assert (statuses, body, inner.calls) == (["200 OK"], b"", 0)


def test_static_files_and_media_are_never_looked_up():
    assert page_key(RequestFactory().get("/static/css/site.css").environ) is None
    assert page_key(RequestFactory().get("/media/photos/a.jpg").environ) is None
    assert page_key(RequestFactory().get("/tin-tuc/").environ) is not None
