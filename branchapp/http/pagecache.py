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
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified, parse_cookie
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language_from_request

from .. import page_dependencies
from ..page_invalidation import STATE_KEY, current_state, is_due
from .ratelimit import search_limit_reached, search_rate_limited

# Says whether the app served a public page from the page cache ("hit") or rendered it
# ("miss"), for operators and the benchmarks (nginx's X-Cache-Status says the same of the edge).
PAGE_CACHE_HEADER = "X-Page-Cache"

# The headers a 304 repeats (RFC 9110, 15.4.5), as Django's conditional responses do.
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "date", "etag", "expires", "vary"}


# Addresses of files, not pages: no cache lookup for them.
_FILE_PREFIXES = tuple(
    prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix and prefix != "/"
)


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
    path = environ.get("PATH_INFO", "")
    if path.startswith(_FILE_PREFIXES):
        return None  # static files and media (WhiteNoise, the media view): never pages
    cookies = parse_cookie(environ["HTTP_COOKIE"]) if environ.get("HTTP_COOKIE") else {}
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None
    language = get_language_from_request(_Visitor(cookies, environ))
    address = "{}://{}{}{}?{}".format(
        _scheme(environ),
        _host(environ),
        environ.get("SCRIPT_NAME", ""),
        path,
        environ.get("QUERY_STRING", ""),
    )
    digest = hashlib.blake2b(address.encode("utf-8", "surrogateescape"), digest_size=16)
    return f"public-response:{language}:{digest.hexdigest()}"


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
    stored_at: float

    def as_tuple(self) -> tuple:
        # Stored as a tuple of plain values: quick to pickle and unpickle.
        return (
            self.versions,
            self.status,
            self.headers,
            self.body,
            self.etag,
            self.rate_limited,
            self.stored_at,
        )


class LocalCopies:
    """The pages this process served lately, at most `budget` bytes of bodies (least recently
    used first out). A copy is served only after the versions of its tags are read from the
    shared cache and found unchanged, in the round trip that reads the state: one round trip
    per hit instead of two (and no page unpickled)."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        if len(entry.body) > self.budget:
            return
        with self.lock:
            self._drop(key)
            self.entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.budget:
                self._drop(next(iter(self.entries)))

    def discard(self, key: str) -> None:
        with self.lock:
            self._drop(key)

    def _drop(self, key: str) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= len(entry.body)


local_copies = LocalCopies(settings.PUBLIC_PAGE_CACHE_LOCAL_BYTES)


# Set in the WSGI environ once the scheduled-publication state was read for the request.
STATE_CHECKED = "sochibo.publication_state_checked"


def _state_is_current(state, may_query: bool, environ=None) -> bool:
    """False when the state is missing or a scheduled report is due (then, if `may_query`,
    the state is renewed and the reports that went public move their tags)."""
    if state is not None and not is_due(state):
        if environ is not None:
            environ[STATE_CHECKED] = True
        return True
    if may_query:
        current_state(state)
        if environ is not None:
            environ[STATE_CHECKED] = True
    return False


def _bring_scheduled_reports_public(request) -> None:
    """For a public page rendered without the page cache's lookup (a logged-in visitor, the
    page cache off): the scheduled reports due move their tags before the view reads what is
    kept under them (counts, an article's neighbours)."""
    if not request.META.get(STATE_CHECKED):
        _state_is_current(cache.get(STATE_KEY), may_query=True, environ=request.META)


def find_page(environ, *, may_query: bool = True) -> tuple[str | None, Entry | None]:
    """The key of the requested page and its entry, when stored and current (else None).

    With a local copy: one cache round trip, for the state and the copy's tags. Otherwise
    two: the state and the page, then the page's tags. With `may_query` False (the WSGI
    wrapper, outside Django's request cycle), a missing or due state answers a miss instead
    of reading the database.
    """
    key = page_key(environ)
    if key is None:
        return None, None
    now = time.time()
    entry = local_copies.get(key)
    if entry is not None and entry.stored_at + settings.PUBLIC_PAGE_CACHE_SECONDS > now:
        tag_keys = [page_dependencies.tag_key(tag) for tag in entry.versions]
        found = cache.get_many([STATE_KEY, *tag_keys])
        if not _state_is_current(found.get(STATE_KEY), may_query, environ):
            return key, None  # pages stored before the reports went public are out of date
        if all(found.get(k) == v for k, v in zip(tag_keys, entry.versions.values(), strict=True)):
            return key, entry
        local_copies.discard(key)
        return key, None
    found = cache.get_many([STATE_KEY, key])
    if not _state_is_current(found.get(STATE_KEY), may_query, environ):
        return key, None
    stored = found.get(key)
    if stored is None:
        return key, None
    entry = Entry(*stored)
    if page_dependencies.versions(entry.versions) != entry.versions:
        return key, None
    local_copies.put(key, entry)
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
    response = HttpResponse(entry.body, status=entry.status, headers=dict(entry.headers))
    response[PAGE_CACHE_HEADER] = "hit"
    return response


def serve_from_cache(request) -> tuple[str | None, HttpResponse | None]:
    """The page's key, and the stored page when current (`PublicPageCacheMiddleware`)."""
    key, entry = find_page(request.META)
    if entry is None:
        return key, None
    if entry.rate_limited and search_limit_reached(request):
        return key, None  # the view answers 429 in the visitor's language
    return key, response_from(entry, request.META)


def wsgi_application(application):
    """`application` with stored pages served before Django handles the request at all (no
    request object, no middleware, no response object): `config/wsgi.py`.

    The same lookup as the middleware's (`find_page`); a search served is counted towards
    the rate limit here. A miss, a search over the limit (the view answers 429 in the
    visitor's language) and a state that needs the database go on to `application`, whose
    first middleware looks again.
    """

    def serve(environ, start_response):
        _key, entry = find_page(environ, may_query=False)
        if entry is None or (entry.rate_limited and search_limit_reached(WSGIRequest(environ))):
            return application(environ, start_response)
        if etag_matches(environ, entry.etag):
            start_response("304 Not Modified", not_modified_headers(entry.headers))
            return [b""]
        start_response(
            f"{entry.status} {HTTPStatus(entry.status).phrase}",
            [*entry.headers, (PAGE_CACHE_HEADER, "hit")],
        )
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else entry.body]

    return serve


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
                time.time(),
            )
            cache.set(key, entry.as_tuple(), timeout)
    response[PAGE_CACHE_HEADER] = "miss"
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


def _shared_cache_control(response) -> None:
    """Browsers revalidate each time (cheap: a 304), so a change shows at once; shared caches
    (nginx in front, deploy/nginx/) keep the page `PUBLIC_EDGE_CACHE_SECONDS`."""
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PUBLIC_EDGE_CACHE_SECONDS,
        must_revalidate=True,
    )


def public_page(view):
    """Mark a public view's pages for the page cache, with the public Cache-Control.

    Requests of logged-in users and responses marked private or never-cache (drafts) are
    never cached and get `private, no-cache`.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        _bring_scheduled_reports_public(request)
        response = view(request, *args, **kwargs)
        if _is_private(request):
            add_never_cache_headers(response)
        elif _storable(response):
            _shared_cache_control(response)
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
