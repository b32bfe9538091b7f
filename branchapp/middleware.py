"""Request guards: the security headers Django does not set, and the search rate limit."""

import functools

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

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


def search_rate_limited(view):
    """Limit searches (requests with a non-empty `q`) per client address.

    Browsing the list without a query is not counted. The limit is read from
    SEARCH_RATE_LIMIT (django-ratelimit syntax, e.g. "30/m"); the counters live in the
    default cache, which is Redis when several app servers run.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.GET.get("q", "").strip() and is_ratelimited(
            request,
            group="search",
            key="ip",
            rate=settings.SEARCH_RATE_LIMIT,
            method=["GET", "HEAD"],
            increment=True,
        ):
            return too_many_requests(request)
        return view(request, *args, **kwargs)

    return wrapped
