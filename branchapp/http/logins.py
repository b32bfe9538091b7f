"""Login throttling: django-axes' database handler with a second count, per client address.

Axes alone counted failures per (account name, address): one address could try one password
on every account name. Here failures are also counted per address across all names, against
their own, higher limit (LOGIN_FAILURE_LIMIT_PER_ADDRESS: a committee office behind one
address must not be locked out by a few colleagues' typing mistakes). Past either limit,
logins from that address (for that name, or for every name) are refused until the cool-off
time (AXES_COOLOFF_TIME) has passed.

A successful login clears only its own name's failures from that address, so that an account
holder cannot wipe the count of someone else's name, or of the address, by logging in.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _sum(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LoginThrottle(AxesDatabaseHandler):
    def _recent_from_address(self, request):
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts

    def get_failures(self, request, credentials=None) -> int:
        """The failures of this name from this address; counted as the limit itself once the
        address is over its own limit, whatever the name."""
        recent = self._recent_from_address(request)
        per_name = _sum(recent.filter(username=get_client_username(request, credentials)))
        if _sum(recent) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            return max(per_name, get_failure_limit(request, credentials))
        return per_name

    def reset_user_attempts(self, request, credentials=None) -> int:
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count
