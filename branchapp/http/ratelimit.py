"""Rate limits: searches per client address, and the page shown past a limit."""

import functools

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def too_many_requests(request, exception=None):
    """The page shown when a visitor goes over a rate limit (RATELIMIT_VIEW)."""
    return render(request, "429.html", status=429)


def search_limit_reached(request) -> bool:
    """Count a search (a request with a non-empty `q`) of this client address; True when it
    goes over SEARCH_RATE_LIMIT (django-ratelimit syntax, e.g. "30/m"). Counted once per
    request, whether the page comes from the cache or from the view. The counters live in
    the default cache, which is Redis when several app servers run."""
    if not hasattr(request, "_search_limit_reached"):
        request._search_limit_reached = bool(request.GET.get("q", "").strip()) and is_ratelimited(
            request,
            group="search",
            key="ip",
            rate=settings.SEARCH_RATE_LIMIT,
            method=["GET", "HEAD"],
            increment=True,
        )
    return request._search_limit_reached


def search_rate_limited(view):
    """Limit searches (requests with a non-empty `q`) per client address.

    Browsing the list without a query is not counted. A search served from the page cache
    is counted by the cache middleware (the page is stored with a note that its view counts
    searches); see `search_limit_reached`.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        slot = getattr(request, "_public_cache", None)
        if slot is not None:
            slot.rate_limited = True
        if search_limit_reached(request):
            return too_many_requests(request)
        return view(request, *args, **kwargs)

    return wrapped
