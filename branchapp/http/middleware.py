"""Middleware: the security headers Django does not set, and the public page cache's early half."""

from django.conf import settings

from .pagecache import serve_from_cache, store_in_cache

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
