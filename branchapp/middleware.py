"""Request guards: the security headers Django does not set, the search rate limit, and the
public page cache's middleware."""

import functools

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from .services.cache import serve_from_cache, store_in_cache

# Browser features the site never uses; "()" denies them to the page and to any frame.
DEFAULT_PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "camera": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "payment": "()",
    "usb": "()",
}


class SecurityHeadersMiddleware:
    """Add Permissions-Policy and Cross-Origin-Resource-Policy to every response.

    Django's SecurityMiddleware covers HSTS, nosniff, Referrer-Policy and
    Cross-Origin-Opener-Policy; django-csp covers Content-Security-Policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        self.permissions_policy = ", ".join(f"{name}={value}" for name, value in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def too_many_requests(request, exception=None):
    """The page shown when a visitor goes over a rate limit (RATELIMIT_VIEW)."""
    return render(request, "429.html", status=429)


def search_limit_reached(request) -> bool:
    """Count a search (a request with a non-empty `q`) of this client address; True when it
    goes over SEARCH_RATE_LIMIT (django-ratelimit syntax, e.g. "30/m"). Counted once per
    request, whether the page comes from the cache or from the view. The counters live in
    the default cache, which is Redis when several app servers run."""
    if not hasattr(request, "_search_limit_reached"):
        request._search_limit_reached = bool(
            request.GET.get("q", "").strip()
        ) and is_ratelimited(
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


class PublicPageCacheMiddleware:
    """Serve public pages from the page cache before the session, locale, CSRF and auth
    middleware run, and store the pages public views mark as cacheable.

    Placed after the middleware that add security headers, so cached pages get them too.
    Everything else (Content-Language, Vary, X-Frame-Options, ETag) is stored with the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = serve_from_cache(request)
        if response is None:
            response = self.get_response(request)
            store_in_cache(request, response)
        return response
