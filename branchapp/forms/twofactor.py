"""The code form of the second sign-in step: a code from the authenticator app, or one of
the account's recovery codes (enrolment, verification).

django-otp checks the code and throttles wrong ones: after each failure the device refuses
every code for 1, 2, 4, 8… seconds (`OTP_TOTP_THROTTLE_FACTOR`, `OTP_STATIC_THROTTLE_FACTOR`),
which this form reports in Vietnamese instead of "wrong code".
"""

import math
import re
import unicodedata

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# Recovery codes are 8 characters of base32 (django-otp's StaticToken.random_token).
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


def normalise_code(value: str) -> str:
    """Spaces and dashes typed or copied with a code do not count; nor does case; full-width
    digits and letters (some phone keyboards) count as their plain forms."""
    return re.sub(r"[\s-]+", "", unicodedata.normalize("NFKC", value)).lower()


def _throttled_message(locked_until) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds < 120:
        return ngettext(
            "Too many wrong codes. Wait %(count)d second, then try again.",
            "Too many wrong codes. Wait %(count)d seconds, then try again.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many wrong codes. Wait %(count)d minute, then try again.",
        "Too many wrong codes. Wait %(count)d minutes, then try again.",
        minutes,
    ) % {"count": minutes}


def _accepts(device, code: str) -> bool:
    """Could `code` be one of this device's codes (saves counting a typo as a failure of
    the other device)?"""
    if isinstance(device, TOTPDevice):
        return code.isascii() and code.isdigit() and len(code) == device.digits
    if isinstance(device, StaticDevice):
        return bool(RECOVERY_CODE.fullmatch(code))
    return False


class CodeForm(forms.Form):
    """A code checked against `devices` in turn; `device` is the one that accepted it."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, devices=(), help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = list(devices)
        self.device = None
        if help_text:
            self.fields["code"].help_text = help_text

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        for device in self.devices:
            if not _accepts(device, code):
                continue
            with transaction.atomic():
                # One check at a time per device, so throttling cannot be raced.
                locked = type(device).objects.select_for_update().get(pk=device.pk)
                allowed, details = locked.verify_is_allowed()
                if not allowed:
                    locked_until = (details or {}).get("locked_until") or timezone.now()
                    raise forms.ValidationError(_throttled_message(locked_until), "throttled")
                if locked.verify_token(code):
                    self.device = locked
                    return code
        if any(isinstance(device, StaticDevice) for device in self.devices):
            message = _(
                "This code is not right. Enter the 6-digit code the authenticator app shows "
                "now (check that the phone's clock is right), or one of your recovery codes."
            )
        else:
            message = _(
                "This code is not right. Enter the 6-digit code the authenticator app shows "
                "now (check that the phone's clock is right)."
            )
        raise forms.ValidationError(message, "invalid")
