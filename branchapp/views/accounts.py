"""The account pages beyond Django's own (`urls/accounts.py`): the second sign-in step
(verify, enrol, recovery codes shown once) and the account's security page.

Which account must pass which step, and when, is `http/signin.py`; the devices are written
by `services/accounts.py` and codes checked by `forms/twofactor.py` (django-otp).
"""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..forms.twofactor import CodeForm
from ..http.signin import has_authenticator, is_verified, two_factor_required
from ..services.accounts import (
    recovery_codes_regenerate,
    totp_device_confirm,
    totp_device_start,
)


class SiteNameMixin:
    """Django's login and logout views put the request's host (`RequestSite`, as the sites
    framework is not installed) in `site_name`, over the context processor's: the page
    headers would show "localhost:8000". The site's name it is (`settings.SITE_NAME`)."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "site_name": settings.SITE_NAME}


class LoginView(SiteNameMixin, auth_views.LoginView):
    pass


class LogoutView(SiteNameMixin, auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    """The reset e-mail names the site, not the host (the link keeps the host)."""

    def form_valid(self, form):
        self.extra_email_context = {
            **(self.extra_email_context or {}),
            "site_name": settings.SITE_NAME,
        }
        return super().form_valid(form)


# The recovery codes just made, kept in the session until the page that shows them once.
RECOVERY_CODES_SESSION_KEY = "sochibo_recovery_codes"


def _next_url(request) -> str:
    """Where to go once the step is passed: `next` if it is a page of this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _verified_login(request, device) -> None:
    """Mark the session as having passed the second step, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)


def _secret_in_groups(device: TOTPDevice) -> str:
    """The secret as the apps ask for it when typed by hand (base32, in groups of four)."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of a sign-in: a code from the authenticator app or a recovery code."""
    user = request.user
    next_url = _next_url(request)
    if is_verified(user):
        return redirect(next_url)
    authenticators = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    if not authenticators:
        return redirect(_with_next("accounts:two_factor_enrol", next_url))
    recovery = list(StaticDevice.objects.devices_for_user(user, confirmed=True))
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        devices=authenticators + recovery,
        help_text=_(
            "The 6-digit code your authenticator app shows now. Without your phone, enter one "
            "of your recovery codes instead (each works once)."
        ),
    )
    if form.is_valid():
        _verified_login(request, form.device)
        return redirect(next_url)
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
def two_factor_enrol(request):
    """Set up the authenticator app: scan the QR code (or type the secret), confirm with a
    code; the recovery codes are then shown once."""
    user = request.user
    next_url = _next_url(request)
    if has_authenticator(user):
        if is_verified(user):
            return redirect("accounts:security")
        return redirect(_with_next("accounts:two_factor_verify", next_url))
    device = totp_device_start(user=user)
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        devices=[device],
        help_text=_("The 6-digit code the app shows for this account after you added it."),
    )
    if form.is_valid():
        codes = totp_device_confirm(device=form.device)
        _verified_login(request, form.device)
        request.session[RECOVERY_CODES_SESSION_KEY] = codes
        return redirect(_with_next("accounts:two_factor_recovery_codes", next_url))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            # segno's SVG: paths with presentation attributes, no script and no style.
            "qr_svg": mark_safe(qr.svg_inline(omitsize=True, title=_("QR code to scan"))),
            "secret": _secret_in_groups(device),
            "required": two_factor_required(user),
        },
    )


@never_cache
@login_required
def two_factor_recovery_codes(request):
    """The recovery codes just made, shown this once: a reload shows nothing."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:security")
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )


def _verified_or_redirect(request):
    """An account with an authenticator reaches its security settings only after the second
    step of this session (so a password alone cannot make new recovery codes)."""
    if has_authenticator(request.user) and not is_verified(request.user):
        return redirect(_with_next("accounts:two_factor_verify", request.get_full_path()))
    return None


@never_cache
@login_required
def account_security(request):
    """The account's sign-in settings: its authenticator, its recovery codes left."""
    refused = _verified_or_redirect(request)
    if refused is not None:
        return refused
    user = request.user
    return render(
        request,
        "registration/account_security.html",
        {
            "authenticators": TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by(
                "pk"
            ),
            "recovery_devices": StaticDevice.objects.devices_for_user(user, confirmed=True)
            .annotate(codes_left=Count("token_set"))
            .order_by("pk"),
            "required": two_factor_required(user),
        },
    )


@never_cache
@login_required
@require_POST
def recovery_codes_new(request):
    """Replace the recovery codes (the old ones stop working) and show the new ones once."""
    refused = _verified_or_redirect(request)
    if refused is not None:
        return refused
    if not has_authenticator(request.user):
        return redirect("accounts:security")
    request.session[RECOVERY_CODES_SESSION_KEY] = recovery_codes_regenerate(user=request.user)
    return redirect(_with_next("accounts:two_factor_recovery_codes", reverse("accounts:security")))
