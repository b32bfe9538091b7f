"""Public page cache and conditional GET, both keyed on one version of the public content.

Every public page is stored in the cache under the current version, and its ETag and
Last-Modified are derived from that version. Any change to what the public site shows
(a report, its photos or blocks, targets, awards, organisations, categories, meetings)
moves the version on, which drops every cached page at once and makes every browser's copy
stale. Public pages change rarely and cheaply, so one site-wide version is simpler and safer
than tracking which page shows which row.

Why receivers (registered in `BranchappConfig.ready`) rather than calls in `save()`/`delete()`:
a cascade delete (a meeting takes its report, photos and blocks with it) never calls the
children's `delete()`, but it does send `post_delete` for each of them; and the receivers
cover the admin, the workspace forms, imports and `loaddata` without touching each model.
Queryset `.update()` and `bulk_create()` send no signal: code that changes public content in
bulk calls `bump_public_cache()` itself (benchmarks/generate.py does).
"""

import functools
import hashlib
import time
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

STATE_KEY = "public-pages:state"

# Models whose rows appear on public pages.
PUBLIC_MODELS = (
    "Report",
    "Photo",
    "ReportBlock",
    "Category",
    "Target",
    "Award",
    "Organisation",
    "OrganisationName",
    "Meeting",
    "MeetingPerson",
)


def _new_state(previous_version: int = 0) -> dict:
    """A fresh version, and when the next scheduled report goes public (it must bump too)."""
    from ..models import Report, ReportStatus

    due = Report.objects.filter(
        status=ReportStatus.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(due=Min("published_at"))["due"]
    state = {
        # Nanoseconds since the epoch: also the pages' Last-Modified.
        "version": max(time.time_ns(), previous_version + 1),
        "due": due.timestamp() if due else None,
    }
    cache.set(STATE_KEY, state, None)
    return state


def bump_public_cache() -> int:
    """Drop every cached public page; returns the new version."""
    state = cache.get(STATE_KEY)
    return _new_state(state["version"] if state else 0)["version"]


def _current(state: dict | None) -> dict:
    """`state` as read from the cache, renewed when missing or when a scheduled report is due."""
    if state is None or (state["due"] is not None and time.time() >= state["due"]):
        state = _new_state(state["version"] if state else 0)
    return state


def public_cache_version() -> int:
    return _current(cache.get(STATE_KEY))["version"]


def _content_changed(sender, **kwargs):
    bump_public_cache()
    # Bump again after the commit: a page rendered from the old rows while the transaction
    # was open must not stay cached under the new version.
    transaction.on_commit(bump_public_cache)


def connect_signals():
    from .. import models

    for name in PUBLIC_MODELS:
        model = getattr(models, name)
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"public-cache-save-{name}")
        post_delete.connect(
            _content_changed, sender=model, dispatch_uid=f"public-cache-delete-{name}"
        )


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


def _cacheable(request) -> bool:
    """Anonymous GET/HEAD without a pending message (a flash message is personal)."""
    return (
        request.method in ("GET", "HEAD")
        and CookieStorage.cookie_name not in request.COOKIES
        and not _is_private(request)
    )


def _page_key(request) -> str:
    """One entry per address and language. Anonymous visitors all get the same page: public
    pages carry no CSRF token or anything else read from cookies, so the key ignores them."""
    address = hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()
    return f"public-page:{get_language()}:{address}"


def public_page(view):
    """Serve a public view from the page cache, with ETag/Last-Modified and 304 answers.

    A hit costs one cache round trip: the content version and the page are read together,
    and the page is stored with the version it was rendered under, so a page of an older
    version is a miss. Requests of logged-in users and responses marked private or
    never-cache (drafts) pass through uncached.
    """

    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)

    @functools.wraps(view)
    def cached(request, *args, **kwargs):
        version = request._public_cache_version
        entry = request._public_cache_entry
        if entry is not None and entry[0] == version:
            return entry[1]
        response = view(request, *args, **kwargs)
        if not response.streaming and getattr(response, "is_rendered", True):
            # One bytes object, not the hundreds of chunks a feed writes: the WSGI server
            # sends each chunk with its own system call (an RSS hit took 4x a page's time).
            response.content = response.content
        if _storable(response):
            # Browsers revalidate each time (cheap: a 304), so a change shows at once.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
            if timeout != 0:
                key = request._public_cache_key
                if getattr(response, "is_rendered", True):
                    cache.set(key, (version, response), timeout)
                else:  # a TemplateResponse (the sitemap) is stored once rendered
                    response.add_post_render_callback(
                        lambda r: cache.set(key, (version, r), timeout)
                    )
        return response

    cached_conditional = conditional(cached)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            response = view(request, *args, **kwargs)
            if _is_private(request):
                add_never_cache_headers(response)
            return response
        key = _page_key(request)
        found = cache.get_many([STATE_KEY, key])
        request._public_cache_version = _current(found.get(STATE_KEY))["version"]
        request._public_cache_key = key
        request._public_cache_entry = found.get(key)
        return cached_conditional(request, *args, **kwargs)

    return wrapped


def public_pages(urlpatterns, *, rate_limited=()):
    """Wrap every view of a URL list in `public_page`; the named ones also rate-limited."""
    from ..middleware import search_rate_limited

    for pattern in urlpatterns:
        # Public pages only read: no transaction (ATOMIC_REQUESTS would open one, two round
        # trips to the database, even for a page served from the cache).
        callback = transaction.non_atomic_requests(public_page(pattern.callback))
        if pattern.name in rate_limited:
            callback = search_rate_limited(callback)
        pattern.callback = callback
    return urlpatterns
