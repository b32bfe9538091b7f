"""Rate limits: searches per client address, password-reset requests per client address and
per e-mail address, and the page shown past a limit."""

import functools

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from .. import page_dependencies

# The environ key of whether a request's search went over the limit (once counted).
SEARCH_COUNTED = "sochibo.search_limit_reached"


def too_many_requests(request, exception=None, message=None):
    """The page shown when a visitor goes over a rate limit (RATELIMIT_VIEW); `message` says
    what to wait for (the search limit's by default)."""
    return render(request, "429.html", {"message": message}, status=429)


def search_limit_reached(request) -> bool:
    """Count a search (a request with a non-empty `q`) of this client address; True when it
    goes over SEARCH_RATE_LIMIT (django-ratelimit syntax, e.g. "30/m"). Counted once per
    request, whether the page comes from the cache or from the view. The counters live in
    the default cache, which is Redis when several app servers run."""
    # Kept in the WSGI environ (request.META), so that the request objects made for one
    # request (the page cache's WSGI wrapper's, then Django's) count it once.
    if SEARCH_COUNTED not in request.META:
        request.META[SEARCH_COUNTED] = bool(request.GET.get("q", "").strip()) and is_ratelimited(
            request,
            group="search",
            key="ip",
            rate=settings.SEARCH_RATE_LIMIT,
            method=["GET", "HEAD"],
            increment=True,
        )
    return request.META[SEARCH_COUNTED]


def search_rate_limited(view):
    """Limit searches (requests with a non-empty `q`) per client address.

    Browsing the list without a query is not counted. A search served from the page cache
    is counted by the cache middleware (the page is stored with a note that its view counts
    searches); see `search_limit_reached`.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        recording = page_dependencies.current_recording()
        if recording is not None:
            recording.rate_limited = True
        if search_limit_reached(request):
            return too_many_requests(request)
        return view(request, *args, **kwargs)

    return wrapped


def password_reset_rate_limited(view):
    """Limit password-reset requests (POSTs) per client address and per e-mail address typed.

    Both counts move on with every request, whether or not an account has the address, so the
    429 page past either limit tells nothing about accounts; no mail is sent then.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            email = request.POST.get("email", "").strip().casefold()
            over_address = is_ratelimited(
                request,
                group="password-reset-address",
                key="ip",
                rate=settings.PASSWORD_RESET_RATE_LIMIT_PER_ADDRESS,
                method="POST",
                increment=True,
            )
            over_email = bool(email) and is_ratelimited(
                request,
                group="password-reset-email",
                key=lambda _group, _request: email,
                rate=settings.PASSWORD_RESET_RATE_LIMIT_PER_EMAIL,
                method="POST",
                increment=True,
            )
            if over_address or over_email:
                return too_many_requests(
                    request,
                    message=_(
                        "Too many password reset requests have been made in a short time. "
                        "Please wait an hour and try again, or ask an administrator."
                    ),
                )
        return view(request, *args, **kwargs)

    return wrapped
