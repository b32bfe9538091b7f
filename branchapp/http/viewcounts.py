"""The article's view request (`static/js/views.js`): count a view, answer the live count.

A POST without cookies or CSRF token (the page is the same cached page for every reader, so
it carries no token; the request changes nothing but a counter, which the rate limit and the
repeat window protect). It answers JSON that is never cached.
"""

from django.conf import settings
from django.db import transaction
from django.http import Http404, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import _get_ip, is_ratelimited

from ..services.readership import report_view_count


# Not in the request's transaction: a batch written on the way (after VIEW_COUNT_FLUSH_EVERY
# views) is committed before the counter forgets it.
@transaction.non_atomic_requests
@csrf_exempt
@require_POST
def count_view(request, pk):
    limited = is_ratelimited(
        request,
        group="article-views",
        key="ip",
        rate=settings.VIEW_COUNT_RATE_LIMIT,
        method="POST",
        increment=True,
    )
    if limited:
        response = JsonResponse({"error": "rate-limited"}, status=429)
    else:
        views = report_view_count(
            report_id=pk,
            address=_get_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
        if views is None:
            raise Http404
        response = JsonResponse({"views": views})
    add_never_cache_headers(response)
    return response
