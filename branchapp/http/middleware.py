"""Middleware: the security headers Django does not set, and the public page cache."""

from django.conf import settings

from .. import page_dependencies
from .pagecache import finish_public_page, serve_from_cache

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


class PublicPageCacheMiddleware:
    """The first middleware: serve stored public pages as they were sent, before any other
    middleware runs; record what the public views show and store their pages with every
    header the other middleware added (http/pagecache.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key, response = serve_from_cache(request)
        if response is not None:
            return response
        token = page_dependencies.start_recording() if key is not None else None
        try:
            response = self.get_response(request)
        finally:
            recording = page_dependencies.stop_recording(token) if token is not None else None
        return finish_public_page(request, key, recording, response)
