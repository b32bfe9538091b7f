"""Public page cache and conditional GET, keyed on the version of the public content
(`content_version.py`).

Two halves: `PublicPageCacheMiddleware` (http/middleware.py) serves stored pages before
the session, locale, CSRF and auth middleware run, and stores the pages that the `public_page`
view decorator marks as cacheable; the decorator adds ETag/Last-Modified, answers 304s for
pages it renders, and keeps logged-in users' pages out of the cache. A request that carries a
session cookie never reaches the early half: its user is not known before the auth middleware.
"""

import functools
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language, get_language_from_request
from django.views.decorators.http import condition

from ..content_version import STATE_KEY, current_state, public_cache_version
from .ratelimit import search_limit_reached, search_rate_limited


def _is_private(request) -> bool:
    """Logged-in users may see drafts and staff links: never cache what they get."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def _etag(request, *args, **kwargs):
    if _is_private(request):
        return None
    version = request._public_cache_version
    digest = hashlib.blake2b(
        f"{version}|{get_language()}|{request.get_full_path()}".encode(), digest_size=12
    ).hexdigest()
    return f'"{digest}"'


def _last_modified(request, *args, **kwargs):
    if _is_private(request):
        return None
    return datetime.fromtimestamp(request._public_cache_version / 1e9, tz=UTC)


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def _anonymous_read(request) -> bool:
    """A GET/HEAD that carries no session and no pending flash message.

    Without a session cookie the visitor is anonymous, which is known before the session and
    auth middleware run; a flash message is personal. Such requests all get the same page:
    public pages carry no CSRF token or anything else read from cookies.
    """
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


@dataclass(slots=True)
class _Slot:
    """What the cache middleware learnt about a request on its way in."""

    key: str
    version: int
    # Set by `search_rate_limited` when the view counts searches: stored with the page, so
    # that a search served from the cache is counted too.
    rate_limited: bool = False


def serve_from_cache(request) -> HttpResponse | None:
    """The early half of the page cache (`PublicPageCacheMiddleware`, placed before the
    session, auth, CSRF and locale middleware, none of which a stored page needs).

    One cache round trip reads the content version and the page together; a page stored
    under an older version is a miss. Answers 304 when the visitor's copy is current.
    Returns None when the request must go on to the view (and notes the key and version on
    the request, for `store_in_cache` and the view's ETag).
    """
    if settings.PUBLIC_PAGE_CACHE_SECONDS == 0 or not _anonymous_read(request):
        return None
    language = get_language_from_request(request)
    address = hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()
    key = f"public-page:{language}:{address}"
    found = cache.get_many([STATE_KEY, key])
    slot = request._public_cache = _Slot(key, current_state(found.get(STATE_KEY))["version"])
    entry = found.get(key)
    if entry is None or entry[0] != slot.version:
        return None
    version, response, rate_limited = entry
    if rate_limited and search_limit_reached(request):
        return None  # the view answers 429 in the visitor's language
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def store_in_cache(request, response) -> None:
    """The late half: keep a public page the view rendered (see `public_page`)."""
    slot = getattr(request, "_public_cache", None)
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    if slot is None or timeout == 0 or not getattr(response, "public_page", False):
        return
    if _storable(response) and not _is_private(request):
        cache.set(slot.key, (slot.version, response, slot.rate_limited), timeout)


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
    """Mark a public view's pages for the page cache, with ETag/Last-Modified and 304s.

    Pages are served from and stored in the cache by `PublicPageCacheMiddleware`; this
    decorator marks the responses it may store and answers conditional GETs when the page is
    rendered. Requests of logged-in users and responses marked private or never-cache
    (drafts) are never cached.
    """

    def render(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if _storable(response):
            _shared_cache_control(response)
            response.public_page = True
        return response

    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(render)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if _is_private(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        slot = getattr(request, "_public_cache", None)
        request._public_cache_version = slot.version if slot else public_cache_version()
        response = conditional(request, *args, **kwargs)
        if response.status_code == 304:
            # Answered before the view ran: a shared cache revalidating its copy keeps it
            # for as long again.
            _shared_cache_control(response)
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
