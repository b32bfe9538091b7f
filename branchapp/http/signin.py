"""The sign-in steps after the password, asked by the workspace's access layer
(`views/workspace/access.workspace_view`) and the admin site (`branchapp/admin_site.py`)
before they serve a page:

1. two-factor (django-otp), when `SOCHIBO_REQUIRE_2FA` is on, for every account with a
   workspace role and every staff or superuser account: a code from the authenticator app
   (or a recovery code) on the verify page, or the enrolment page when the account has no
   authenticator yet;
2. a new password, when an administrator set the current one (`User.must_change_password`).

The step pages are in `views/accounts.py`; the public site asks for no step.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..scoping import has_workspace_role


def two_factor_required(user) -> bool:
    """Must this account pass the second step before the workspace or the admin?"""
    if not settings.SOCHIBO_REQUIRE_2FA or not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or has_workspace_role(user)


def is_verified(user) -> bool:
    """Has this session passed the second step (django-otp's OTPMiddleware)?"""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def step_pending(user) -> bool:
    """Is a sign-in step still to be passed? (no query once the steps are done)"""
    if not user.is_authenticated:
        return False
    if two_factor_required(user) and not is_verified(user):
        return True
    return user.must_change_password


def pending_step_url(user) -> str | None:
    """The page of the step the account must pass next, or None when they are done."""
    if not user.is_authenticated:
        return None
    if two_factor_required(user) and not is_verified(user):
        if has_authenticator(user):
            return reverse("accounts:two_factor_verify")
        return reverse("accounts:two_factor_enrol")
    if user.must_change_password:
        return reverse("accounts:password_change")
    return None


def redirect_to_pending_step(request, next_url: str | None = None) -> HttpResponseRedirect | None:
    """A redirect to the next step (back to `next_url`, by default this page, afterwards),
    or None when the account may go on."""
    if not step_pending(request.user):
        return None
    url = pending_step_url(request.user)
    if url is None:
        return None
    return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url or request.get_full_path()})}")
