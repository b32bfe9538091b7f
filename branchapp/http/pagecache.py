"""The public page cache: whole pages as sent, served before any other middleware runs.

`PublicPageCacheMiddleware` (http/middleware.py) is the first middleware. For an anonymous
GET/HEAD (no session or flash-message cookie) it reads the scheduled-publication state and
the page in one cache round trip, then the versions of the page's dependency tags in a second
(`page_dependencies.py`): when none moved, the stored status, headers and body are sent as
they are (304 when the visitor's ETag matches). Otherwise the request goes on through every
middleware to the view, which records what the page shows; the response, with every header
the other middleware added, is stored with the version of each tag.

`public_page` marks the views whose pages may be stored and gives them the public
Cache-Control (browsers revalidate each time; shared caches such as nginx keep a page
`PUBLIC_EDGE_CACHE_SECONDS`). Logged-in users' pages, drafts, forms and anything that sets a
cookie are never stored. The ETag is a hash of the body: a page rendered again the same gets
the same ETag, so revalidations (browsers', nginx's) get 304s.

The cache key holds the scheme, host, path and query of the address and the interface
language (the language cookie, else Accept-Language), as `LocaleMiddleware` would pick it.
Pages also expire after `PUBLIC_PAGE_CACHE_SECONDS`: see `page_invalidation.py` for what moves
at once and what within that time.
"""

import functools
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified, parse_cookie
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language_from_request

from .. import page_dependencies
from ..page_invalidation import STATE_KEY, current_state
from .ratelimit import search_limit_reached, search_rate_limited

# The headers a 304 repeats (RFC 9110, 15.4.5), as Django's conditional responses do.
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires", "vary"}


@dataclass(slots=True)
class _Visitor:
    """What `get_language_from_request` reads of a request, from the WSGI environ."""

    COOKIES: dict
    META: dict


def _scheme(environ) -> str:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header:
        name, secure = header
        value = environ.get(name)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure else "http"
    return environ.get("wsgi.url_scheme", "http")


def _host(environ) -> str:
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return environ["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in environ:
        return environ["HTTP_HOST"]
    return f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"


def page_key(environ) -> str | None:
    """The key of the page an anonymous GET/HEAD asks for (None for any other request).

    Without a session cookie the visitor is anonymous, which is known before the session and
    auth middleware run; a flash message is personal. Such requests all get the same page:
    public pages carry no CSRF token or anything else read from cookies but the language.
    """
    if settings.PUBLIC_PAGE_CACHE_SECONDS == 0 or environ.get("REQUEST_METHOD") not in (
        "GET",
        "HEAD",
    ):
        return None
    cookies = parse_cookie(environ["HTTP_COOKIE"]) if environ.get("HTTP_COOKIE") else {}
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None
    language = get_language_from_request(_Visitor(cookies, environ))
    address = "{}://{}{}{}?{}".format(
        _scheme(environ),
        _host(environ),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )
    digest = hashlib.blake2b(address.encode("utf-8", "surrogateescape"), digest_size=16)
    return f"public-page:{language}:{digest.hexdigest()}"


@dataclass(slots=True)
class Entry:
    """A stored page: the response as sent, and the versions of what it shows."""

    versions: dict[str, int]
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    etag: str
    # Its view counts searches (`search_rate_limited`): a hit counts the search too.
    rate_limited: bool

    def as_tuple(self) -> tuple:
        # Stored as a tuple of plain values: quick to pickle and unpickle.
        return (self.versions, self.status, self.headers, self.body, self.etag, self.rate_limited)


def find_page(environ, *, may_query: bool = True) -> tuple[str | None, Entry | None]:
    """The key of the requested page and its stored entry, if current (else None).

    Two cache round trips: the state and the page, then the page's tags. With `may_query`
    False (the WSGI wrapper, outside Django's request cycle), a missing or due state answers
    a miss instead of reading the database.
    """
    key = page_key(environ)
    if key is None:
        return None, None
    found = cache.get_many([STATE_KEY, key])
    state = found.get(STATE_KEY)
    if state is None or (state["due"] is not None and state["due"] <= time.time()):
        if not may_query:
            return key, None
        current_state(state)
        return key, None  # pages stored before the reports went public are out of date
    stored = found.get(key)
    if stored is None:
        return key, None
    entry = Entry(*stored)
    if page_dependencies.versions(entry.versions) != entry.versions:
        return key, None
    return key, entry


def etag_matches(environ, etag: str) -> bool:
    header = environ.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    if header.strip() == "*":
        return True
    weak = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == weak for tag in header.split(","))


def not_modified_headers(headers) -> list[tuple[str, str]]:
    return [(name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS]


def response_from(entry: Entry, environ) -> HttpResponse:
    """The stored page as a response (a 304 when the visitor's copy is current)."""
    if etag_matches(environ, entry.etag):
        response = HttpResponseNotModified()
        for name, value in not_modified_headers(entry.headers):
            response.headers[name] = value
        return response
    return HttpResponse(entry.body, status=entry.status, headers=dict(entry.headers))


def serve_from_cache(request) -> tuple[str | None, HttpResponse | None]:
    """The page's key, and the stored page when current (`PublicPageCacheMiddleware`)."""
    key, entry = find_page(request.META)
    if entry is None:
        return key, None
    if entry.rate_limited and search_limit_reached(request):
        return key, None  # the view answers 429 in the visitor's language
    return key, response_from(entry, request.META)


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def finish_public_page(request, key, recording, response):
    """For a page a public view rendered: its ETag, a 304 when the visitor's copy is
    current, and the page stored when it may be (`key` and `recording` given)."""
    if not getattr(response, "public_page", False) or not _storable(response):
        return response
    etag = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
    response["ETag"] = etag
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    if key is not None and recording is not None and timeout:
        versions = page_dependencies.versions_for_storing(recording)
        if versions is not None:
            entry = Entry(
                versions,
                response.status_code,
                list(response.items()),
                response.content,
                etag,
                recording.rate_limited,
            )
            cache.set(key, entry.as_tuple(), timeout)
    if etag_matches(request.META, etag):
        not_modified = HttpResponseNotModified()
        for name, value in not_modified_headers(response.items()):
            not_modified.headers[name] = value
        return not_modified
    return response


def _is_private(request) -> bool:
    """Logged-in users may see drafts and staff links: never cache what they get."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def public_page(view):
    """Mark a public view's pages for the page cache, with the public Cache-Control.

    Requests of logged-in users and responses marked private or never-cache (drafts) are
    never cached and get `private, no-cache`.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if _is_private(request):
            add_never_cache_headers(response)
        elif _storable(response):
            # Browsers revalidate each time (a 304), shared caches keep the page a few seconds.
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=settings.PUBLIC_EDGE_CACHE_SECONDS,
                must_revalidate=True,
            )
            response.public_page = True
        return response

    return wrapped


def public_pages(urlpatterns, *, rate_limited=()):
    """Wrap every view of a URL list in `public_page`; the named ones also rate-limited."""
    for pattern in urlpatterns:
        # Public pages only read: no transaction (ATOMIC_REQUESTS would open one, two round
        # trips to the database, even for a page served from the cache).
        callback = transaction.non_atomic_requests(public_page(pattern.callback))
        if pattern.name in rate_limited:
            callback = search_rate_limited(callback)
        pattern.callback = callback
    return urlpatterns
